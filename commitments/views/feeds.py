"""The Atom feed of a public promise: what its parties have done, and what they met or missed.

Follow along in any feed reader at ``/promises/<slug>/feed/``. One entry for each activity the
public page shows (approved, of a commitment whose activities are published, dated in force and
not after today), and one for each change of a commitment's status to met, missed or done
(:mod:`followup.feed_events`): the latest first, at most ``MAX_ENTRIES``. Never a name of staff;
an activity is told by the organisation that carried it out.

The same for everyone (a published public promise only, 404 for any other, signed in or not),
built once per change of the promise and day (followup.caching).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator, get_text_list
from django.utils.translation import gettext as _

from alvsbyn_promises.cors import open_data
from commitments.enums import FollowupStatus
from followup.caching import cache_key, cached_text
from followup.feed_events import completing_only, status_events
from followup.loading import load_facts
from followup.presentation import amount, period_label

from ..models import Promise
from ..open_data import public_promise, published_activities, tag_uri

# A feed reader fetches the whole feed every time: the latest entries are what it is for.
MAX_ENTRIES = 100
# A commitment's text in an entry's title is cut to this many characters.
TITLE_TEXT_LENGTH = 90


@dataclass(frozen=True)
class Entry:
    uid: str  # a tag URI that never changes
    title: str
    summary: str  # HTML
    link: str  # the commitment's page (a path)
    day: datetime.date  # what happened when
    updated: datetime.datetime  # when the entry last changed
    order: tuple  # how it sorts among entries of the same day (the later the newer)


class PartiesAtomFeed(Atom1Feed):
    """Atom, with one ``<author>`` for each party of the promise (the organisations that signed
    it: never a person), and the promise's last change as ``<updated>`` while it has no entry."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for name in self.feed["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")

    def latest_post_date(self):
        if self.items:
            return super().latest_post_date()
        return self.feed["changed_at"]


class PromiseFeed(Feed):
    """The feed of one promise; its object is a :class:`FeedData`."""

    feed_type = PartiesAtomFeed

    def title(self, data):
        return data.promise.title

    def subtitle(self, data):
        return _(
            "What %(parties)s have done for the citizen promise, and which of its commitments "
            "were met or missed."
        ) % {"parties": get_text_list([p.name for p in data.parties], _("and"))}

    def link(self, data):
        return data.promise.get_absolute_url()

    def feed_guid(self, data):
        return tag_uri(data.promise, "feed")

    def feed_extra_kwargs(self, data):
        return {
            "authors": [party.name for party in data.parties],
            "changed_at": data.promise.updated_at,
        }

    def items(self, data):
        return data.entries

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.summary

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.uid

    def item_pubdate(self, entry):
        return midnight(entry.day)

    def item_updateddate(self, entry):
        return entry.updated


@dataclass
class FeedData:
    promise: object
    parties: list
    entries: list


@login_not_required
@open_data
def promise_feed(request, slug):
    """The promise's Atom feed (see the module's text)."""
    # Its parties are read only when the feed is built (most requests find it cached).
    promise = public_promise(
        slug, Promise.objects.select_related("municipality", "police_area", "change_stamp")
    )
    today = timezone.localdate()
    # The links are absolute: the same feed asked for by another address is built for it.
    key = cache_key(promise, "feed", today, request.scheme, request.get_host())
    content = cached_text(key, lambda: feed_text(request, promise, today))
    return HttpResponse(content, content_type=PartiesAtomFeed.content_type)


def feed_text(request, promise, today):
    data = FeedData(promise, promise.parties(), feed_entries(promise, today))
    return PromiseFeed().get_feed(data, request).writeString("utf-8")


def feed_entries(promise, today):
    """The feed's entries as of ``today``: the latest MAX_ENTRIES, the latest first."""
    activities = (
        published_activities(promise, today)
        .select_related("organisation", "commitment__focus_area", "commitment__local_problem")
        .only(
            "occurred_on", "quantity", "kind", "description", "place", "updated_at",
            "organisation__name", "commitment__key", "commitment__text",
            "commitment__focus_area__title", "commitment__local_problem__title",
        )[:MAX_ENTRIES]
    )  # fmt: skip
    facts = load_facts(promise, today)
    events = status_events(facts.follow_up(today), completing_only(facts).follow_up(today))
    entries = [activity_entry(promise, a) for a in activities]
    entries += [status_entry(promise, event) for event in events]
    entries.sort(key=lambda e: (e.day, e.order), reverse=True)
    return entries[:MAX_ENTRIES]


def activity_entry(promise, activity):
    commitment = activity.commitment
    heading = (commitment.local_problem or commitment.focus_area).title
    what = activity.kind.strip()
    what = what[:1].upper() + what[1:] if what else _("Activity")
    lines = [_("Date: %(date)s") % {"date": activity.occurred_on.isoformat()}]
    if activity.quantity != 1:
        lines.append(_("Quantity: %(quantity)s") % {"quantity": activity.quantity})
    if activity.place:
        lines.append(_("Place: %(place)s") % {"place": activity.place})
    lines.append(_("Carried out by: %(organisation)s") % {"organisation": activity.organisation})
    return Entry(
        uid=tag_uri(promise, "activity", activity.pk),
        title=entry_title(what, heading, commitment.text),
        summary=linebreaks(activity.description, autoescape=True) + paragraphs(lines),
        link=commitment_link(promise, commitment.key),
        day=activity.occurred_on,
        updated=max(midnight(activity.occurred_on), activity.updated_at),
        order=(0, activity.pk),
    )


def status_entry(promise, event):
    facts = event.commitment.facts
    heading = facts.local_problem or facts.focus_area
    period = event.period
    if period is None and event.status == FollowupStatus.DONE:
        text = _("The milestone was completed on %(date)s.")
    elif period is None:
        text = _("The milestone was due on %(due)s and was not completed.")
    elif event.status == FollowupStatus.MET:
        text = _("The target of %(period)s was reached on %(date)s: %(count)s of %(target)s.")
    else:
        text = _("The period %(period)s ended on %(end)s with %(count)s of %(target)s.")
    values = {"date": event.day.isoformat(), "due": facts.due_on and facts.due_on.isoformat()}
    parts = ["commitment", facts.id, event.status]
    if period is not None:
        values.update(
            period=period_label(facts.per, period),
            end=period.end.isoformat(),
            count=period.count,
            target=amount(facts, period.target),
        )
        parts[2:2] = ["period", period.start.isoformat()]
    return Entry(
        uid=tag_uri(promise, *parts),
        title=entry_title(FollowupStatus(event.status).label, heading, facts.text),
        summary=paragraphs([text % values]),
        link=commitment_link(promise, facts.key),
        day=event.day,
        updated=midnight(event.day),
        order=(1, facts.id, period.start if period else event.day),
    )


def entry_title(what, heading, text):
    """ "Trafikkontroll – Trafik: Trafikkontroller på rätt tid och plats"."""
    text = Truncator(" ".join(text.split()).rstrip(".")).chars(TITLE_TEXT_LENGTH)
    return _("%(what)s – %(heading)s: %(commitment)s") % {
        "what": what,
        "heading": heading,
        "commitment": text,
    }


def commitment_link(promise, key):
    return reverse("commitment_detail", args=[promise.slug, key])


def paragraphs(lines):
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def midnight(day):
    """The start of ``day`` in the site's time zone (Europe/Stockholm)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
