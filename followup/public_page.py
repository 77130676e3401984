"""A public promise's page for residents, built in one place (:meth:`PublicPage.build`): what
was promised, how far it has come (by light, per focus area and in all), how the quota periods
came out year by year, each commitment's periods in a few lines, the published activities as a
timeline, and whom to ask.

It is the same for everyone (cached once per promise stamp and day): it names no staff, and lists
only the activities the public may read: approved ones (``counted()``) of commitments marked
``publish_activities``, dated in force and not after today. It reads a fixed number of queries
whatever the size of the promise.
"""

import datetime
import re
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone

from commitments.access import succession
from commitments.models import Activity, Organisation

from .dashboard import year_chart
from .loading import followup_for
from .period_summary import period_lines, year_rows
from .presentation import sections
from .progress import progress

# The timeline lists at most this many activities, the newest; each commitment's page has all
# of its own.
MAX_TIMELINE = 50


@dataclass(frozen=True)
class Contact:
    """Whom residents may ask: a function (never a person), its e-mail, phone and the
    municipality's page about the promise; None where the promise gives none."""

    role: str | None
    email: str | None
    phone: str | None
    url: str | None

    @classmethod
    def of(cls, promise):
        """The promise's contact, or None when it names none."""
        contact = promise.contact
        return cls(**contact) if contact else None

    @property
    def phone_href(self):
        """The number for a ``tel:`` link: digits, a leading + and dashes (RFC 3966 has no
        spaces or brackets)."""
        return re.sub(r"[^0-9+-]", "", self.phone or "")


@dataclass
class Row:
    """A commitment as the page lists it: its result and its periods in a few lines."""

    result: object  # CommitmentResult
    lines: list  # followup.period_summary.PeriodLine


@dataclass(frozen=True)
class TimelineEntry:
    activity: object  # an Activity with its organisation and participants
    commitment: object  # its CommitmentResult (key and text for the link)


@dataclass(frozen=True)
class TimelineMonth:
    month: datetime.date  # its first day
    entries: list


def timeline(promise, followup, today):
    """The published activities, newest first, at most MAX_TIMELINE + 1 (one more says there
    are more), grouped by month: two queries (the activities, their participants)."""
    facts = followup.promise
    last = min(today, facts.effective_end or today)
    published = (
        Activity.objects.for_promise(promise)
        .counted()
        .filter(
            commitment__publish_activities=True,
            occurred_on__gte=facts.valid_from,
            occurred_on__lte=last,
        )
        .select_related("organisation")
        .prefetch_related(Prefetch("participants", Organisation.objects.order_by("name")))
        .order_by("-occurred_on", "-pk")[: MAX_TIMELINE + 1]
    )
    by_id = {result.facts.id: result for result in followup.commitments}
    entries = [TimelineEntry(a, by_id[a.commitment_id]) for a in published]
    months = [
        TimelineMonth(month, list(group))
        for month, group in groupby(
            entries[:MAX_TIMELINE], key=lambda e: e.activity.occurred_on.replace(day=1)
        )
    ]
    return months, len(entries) > MAX_TIMELINE


@dataclass
class PublicPage:
    """Everything a public promise's page shows, as of today."""

    promise: object
    followup: object
    sections: list  # AreaSection of Row
    progress: object  # followup.progress.Progress
    years: list  # followup.period_summary.YearRow
    year_chart: dict | None
    timeline: list  # TimelineMonth, newest first
    more_activities: bool  # more published activities than the timeline lists
    updated: datetime.date
    contact: Contact | None
    replaces: object = None
    replaced_by: list = field(default_factory=list)

    @classmethod
    def build(cls, promise, today):
        followup = followup_for(promise, today)
        grouped = sections(
            followup,
            promise.focus_areas.prefetch_related("local_problems"),
            wrap=lambda result: Row(result, period_lines(result)),
        )
        months, more = timeline(promise, followup, today)
        dates = [c.last_activity for c in followup.commitments if c.last_activity]
        replaces, replaced_by = succession(None, promise, public=True)
        return cls(
            promise=promise,
            followup=followup,
            sections=grouped,
            progress=progress(followup, grouped),
            years=year_rows(followup),
            year_chart=year_chart(followup) if followup.years else None,
            timeline=months,
            more_activities=more,
            updated=max([*dates, timezone.localdate(promise.updated_at)]),
            contact=Contact.of(promise),
            replaces=replaces,
            replaced_by=replaced_by,
        )
