"""A person's calendar feed: their organisations' open plans and the ends of the quota periods
that still need activities, as iCalendar for Outlook and Google Calendar, read without signing
in by whoever holds the secret address; and the page that shows and renews that address."""

import datetime
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Calendar, Event

from followup.loading import followups_for
from followup.presentation import describe_needed

from ..access import memberships, party_promises
from ..enums import PlanStatus, PromiseStatus
from ..models import CalendarFeed, PlannedActivity, Promise
from ..models.attachments import TOKEN_LENGTH, new_token

TOKEN = re.compile(rf"[A-Za-z]{{{TOKEN_LENGTH}}}")
# Open plans this far back stay in the feed (overdue ones remind); older ones are left out.
PLANS_SINCE = datetime.timedelta(days=365)
# Promises whose period ends still call for activities.
IN_FORCE = {PromiseStatus.ACTIVE, PromiseStatus.EXTENDED}
ONE_DAY = datetime.timedelta(days=1)


def feed_url(feed):
    return settings.SITE_URL + reverse("calendar_feed", args=[feed.token])


@require_GET
@never_cache
@login_not_required
def calendar_feed(request, token):
    """The feed of the person whose token it is; 404 for any other address."""
    if not TOKEN.fullmatch(token):
        raise Http404
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    calendar = build_calendar(feed.user, timezone.localdate(), timezone.now())
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="planering.ics"'
    return response


def build_calendar(user, today, now):
    """The :class:`icalendar.Calendar` of ``user``: an event per open plan of their
    organisations in the promises they are party to, and an all-day event per quota period
    end of those organisations that still needs activities."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", "-//Medborgarlöften//planering//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Citizen promises: plans"))
    organisations = {m.organisation_id for m in memberships(user)}
    # Whole rows, with their successor's start (their status) and parties read at once.
    promises = list(
        Promise.objects.filter(pk__in=party_promises(user).values("pk"))
        .with_successor_start()
        .with_parties()
        .order_by("title", "pk")
    )
    plans = (
        PlannedActivity.objects.filter(
            promise__in=[p.pk for p in promises],
            organisation__in=organisations,
            status=PlanStatus.OPEN,
            planned_on__gte=today - PLANS_SINCE,
        )
        .select_related("promise", "commitment", "organisation")
        .order_by("planned_on", "pk")
    )
    for plan in plans:
        calendar.add_component(plan_event(plan, host, now))
    in_force = [p for p in promises if p.status_on(today) in IN_FORCE]
    followups = followups_for(in_force, today)
    for promise in in_force:
        for result in followups[promise.pk].commitments:
            needed = result.needed
            if needed is not None and organisations & result.facts.responsible_ids:
                calendar.add_component(needed_event(promise, result, host, now))
    return calendar


def _all_day(event, day):
    event.add("dtstart", day)
    event.add("dtend", day + ONE_DAY)
    event.add("transp", "TRANSPARENT")


def plan_event(plan, host, now):
    event = Event()
    event.add("uid", f"plan-{plan.pk}@{host}")
    event.add("dtstamp", plan.updated_at or now)
    _all_day(event, plan.planned_on)
    what = plan.kind.capitalize() if plan.kind else plan.commitment.text
    event.add("summary", _("Planned: %(what)s") % {"what": what})
    lines = [plan.commitment.text, plan.organisation.name, plan.promise.title]
    if plan.note:
        lines.append(plan.note)
    event.add("description", "\n".join(lines))
    if plan.place:
        event.add("location", plan.place)
    event.add("url", settings.SITE_URL + reverse("plan_list", args=[plan.promise.slug]))
    return event


def needed_event(promise, result, host, now):
    event = Event()
    needed = result.needed
    event.add("uid", f"needed-{promise.pk}-{result.key}-{needed.by.isoformat()}@{host}")
    event.add("dtstamp", now)
    _all_day(event, needed.by)
    event.add(
        "summary",
        _("Period ends: %(text)s") % {"text": result.facts.text},
    )
    event.add("description", f"{describe_needed(result)}\n{promise.title}")
    event.add(
        "url",
        settings.SITE_URL + reverse("commitment_detail", args=[promise.slug, result.key]),
    )
    return event


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """The feed's address (made on the first visit), how to subscribe, and "Förnya", which
    replaces the token: the old address stops working."""
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        feed.token = new_token()
        feed.save()
        messages.success(request, _("The calendar has a new address. The old one no longer works."))
        return redirect("calendar_settings")
    return render(request, "commitments/calendar_feed.html", {"feed_url": feed_url(feed)})
