"""One commitment's page: its periods, what it still needs, its place in the promise, its open
plans (staff only) and the activities that count for it; built in one place
(:meth:`CommitmentPage.build`)."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.enums import CommitmentKind, FollowupStatus, PlanStatus, QuotaPer
from commitments.models import Activity, PlannedActivity

from .charts import Series, bar_chart
from .loading import followup_for
from .outcome import marks
from .period_summary import period_lines

# A quota with more periods than this lists them month by month, and its latest ones in full.
MAX_LISTED_PERIODS = 60
LATEST_PERIODS = 10
# The public page sums up a quota with many periods (days, weeks, months over more than a year)
# by year, days and weeks also by month over the latest months, and lists only this many of its
# latest periods.
PUBLIC_LATEST_MONTHS = 12
PUBLIC_LATEST_PERIODS = 7
# The chart shows at most this many periods (the latest begun ones).
MAX_CHARTED_PERIODS = 24
# The page lists at most this many open plans (the earliest); the plan list has them all.
MAX_LISTED_PLANS = 20


@dataclass
class MonthRow:
    """The periods of a daily or weekly quota that end in one month."""

    month: object  # the month's first day
    periods: int
    met: int
    missed: int
    count: int


def by_month(periods):
    rows = defaultdict(lambda: [0, 0, 0, 0])
    for period in periods:
        row = rows[period.end.replace(day=1)]
        row[0] += 1
        row[1] += period.status == FollowupStatus.MET
        row[2] += period.status == FollowupStatus.MISSED
        row[3] += period.count
    return [MonthRow(month, *values) for month, values in sorted(rows.items())]


def public_periods(result, marked, as_of):
    """(periods, months, years) of a quota for residents: where the public promise page sums
    it up by year (:func:`followup.period_summary.period_lines`), its years, its begun days or
    weeks of the latest months by month, and its latest begun periods; else every period, and
    no months or years."""
    lines = period_lines(result)
    if not any(line.summary for line in lines):
        return marked, [], []
    months = []
    if result.facts.per in (QuotaPer.DAY, QuotaPer.WEEK):
        begun = [p for p in result.periods if p.status != FollowupStatus.UPCOMING]
        months = by_month(begun)[-PUBLIC_LATEST_MONTHS:]
    begun = [m for m in marked if m.period.start <= as_of]
    return begun[-PUBLIC_LATEST_PERIODS:], months, lines


def period_chart(result, marked):
    """Bars of the count and the target of the latest begun periods."""
    shown = [m for m in marked if m.period.status != FollowupStatus.UPCOMING]
    shown = shown[-MAX_CHARTED_PERIODS:] or marked[:1]
    return bar_chart(
        _("Count per period"),
        _("What counted in each period, beside the period's target.") + " " + result.facts.text,
        [m.label for m in shown],
        [
            Series(_("Count"), [m.period.count for m in shown]),
            Series(_("Target"), [m.period.target for m in shown], "#adb5bd"),
        ],
        label_name=_("Period"),
    )


def counting_activities(promise, result, followup):
    """The activities that count for the commitment, newest first: its own, its
    sub-commitments', and those of the commitment it follows in which its parties took part."""
    own = [result.facts.id, *descendant_ids(followup, result)]
    condition = Q(commitment_id__in=own)
    if result.facts.follows_id:
        followed = next(r for r in followup.commitments if r.facts.id == result.facts.follows_id)
        parties = result.facts.responsible_ids
        condition |= Q(
            commitment_id__in=[followed.facts.id, *descendant_ids(followup, followed)]
        ) & (Q(organisation__in=parties) | Q(participants__in=parties))
    facts = followup.promise
    last = min(followup.as_of, facts.effective_end or followup.as_of)
    ids = (
        Activity.objects.for_promise(promise)
        .counted()
        .filter(condition)
        .filter(occurred_on__gte=facts.valid_from, occurred_on__lte=last)
        .values("pk")
    )
    return (
        Activity.objects.filter(pk__in=ids)
        .select_related("commitment", "organisation")
        .order_by("-occurred_on", "-pk")
    )


def uncounted_activities(promise, result, followup):
    """The commitment's own activities (and its sub-commitments') dated outside the promise's
    days in force, newest first: listed apart, since no rule counts them."""
    own = [result.facts.id, *descendant_ids(followup, result)]
    return list(
        Activity.objects.outside_days_in_force(promise)
        .filter(commitment_id__in=own)
        .select_related("commitment", "organisation")
        .order_by("-occurred_on", "-pk")
    )


class PlanRow(NamedTuple):
    """An open plan as the commitment's page lists it: overdue when its day has passed."""

    plan: object  # a PlannedActivity, with its commitment and organisation
    overdue: bool


def open_plans(promise, result, followup, today):
    """The open plans of the commitment and of its sub-commitments (theirs count for it once
    carried out), overdue ones among them, by day: at most ``MAX_LISTED_PLANS`` + 1 (the page
    says when there are more), in one query."""
    own = [result.facts.id, *descendant_ids(followup, result)]
    plans = (
        PlannedActivity.objects.filter(
            promise=promise, status=PlanStatus.OPEN, commitment_id__in=own
        )
        .select_related("commitment", "organisation")
        .order_by("planned_on", "pk")[: MAX_LISTED_PLANS + 1]
    )
    return [PlanRow(plan, plan.planned_on < today) for plan in plans]


def descendant_ids(followup, result):
    """Ids of the commitments below ``result`` (depth-first order keeps them right after it)."""
    ordered = followup.commitments
    start = next(i for i, r in enumerate(ordered) if r is result)
    below = []
    for other in ordered[start + 1 :]:
        if other.depth <= result.depth:
            break
        below.append(other.facts.id)
    return below


@dataclass
class CommitmentPage:
    """Everything a commitment's page shows, as of one date."""

    promise: object
    commitment: object  # the Commitment row
    followup: object
    result: object  # its CommitmentResult
    parent: object | None
    children: list
    follows: object | None
    followers: list
    periods: list  # PeriodMark, every period (or the latest ones, see months)
    months: list = field(default_factory=list)  # MonthRow, for quotas with many periods
    years: list = field(default_factory=list)  # PeriodLine per year (public, many periods)
    chart: dict | None = None
    activities: object = None  # a queryset, paged by the view
    uncounted: list = field(default_factory=list)  # its activities outside the days in force
    plans: list = field(default_factory=list)  # PlanRow, its open plans (staff only)
    more_plans: bool = False  # more open plans than are listed

    @property
    def is_quota(self):
        return self.result.facts.kind == CommitmentKind.QUOTA

    @classmethod
    def build(cls, promise, commitment, as_of, public=False):
        followup = followup_for(promise, as_of)
        by_id = {r.facts.id: r for r in followup.commitments}
        result = by_id[commitment.pk]
        marked = marks(result, result.periods)
        months, years = [], []
        many = len(marked) > MAX_LISTED_PERIODS
        if public:
            marked, months, years = public_periods(result, marked, as_of)
        elif many and result.facts.per in (QuotaPer.DAY, QuotaPer.WEEK):
            months = by_month(result.periods)
            begun = [m for m in marked if m.period.start <= as_of]
            marked = begun[-LATEST_PERIODS:]
        activities = counting_activities(promise, result, followup)
        plans = []
        if public:
            activities = activities.filter(commitment__publish_activities=True)
        else:  # plans are internal
            plans = open_plans(promise, result, followup, timezone.localdate())
        return cls(
            promise=promise,
            commitment=commitment,
            followup=followup,
            result=result,
            parent=by_id.get(result.facts.parent_id),
            children=[r for r in followup.commitments if r.facts.parent_id == result.facts.id],
            follows=by_id.get(result.facts.follows_id),
            followers=[r for r in followup.commitments if r.facts.follows_id == result.facts.id],
            periods=marked,
            months=months,
            years=years,
            chart=period_chart(result, marks(result, result.periods)) if result.periods else None,
            activities=activities,
            uncounted=[] if public else uncounted_activities(promise, result, followup),
            plans=plans[:MAX_LISTED_PLANS],
            more_plans=len(plans) > MAX_LISTED_PLANS,
        )
