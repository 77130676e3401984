"""The follow-up engine: how each commitment of a promise stands as of a date.

The rules are those of the design card's "Follow-up rules". :func:`follow_up` is a pure function
over plain data (:class:`PromiseFacts`, :class:`CommitmentFacts`, :class:`ActivityFacts`): no
database, no request. :func:`followup.loading.followup_for` reads those facts from the database
in a fixed number of queries, whatever the size of the promise, and calls it. The dashboard, the
reports, the JSON API, the ``followup`` command and the reminders all go through there.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from commitments.dates import add_months, span_end
from commitments.enums import CommitmentKind, FollowupStatus, QuotaPer

from . import indicators as outcome_indicators
from . import problems as local_problems
from .results import (
    LIGHTS,
    MAX_JSON_PERIODS,
    OPEN_STATUSES,
    SUMMARY_ORDER,
    CommitmentResult,
    Followup,
    Needed,
    PeriodResult,
    YearSummary,
    listed_periods,
)

# The results live in followup.results; their names stay importable from here.
__all__ = [
    "LIGHTS", "MAX_JSON_PERIODS", "OPEN_STATUSES", "SUMMARY_ORDER", "ActivityFacts",
    "CommitmentFacts", "CommitmentResult", "Followup", "Needed", "PeriodResult", "PlanFacts",
    "PromiseFacts", "YearSummary", "follow_up", "listed_periods", "period_status",
    "quota_periods", "years",
]  # fmt: skip

# An ongoing commitment is active while its latest activity is fewer days old than this.
INACTIVE_AFTER_DAYS = 120
ONE_DAY = datetime.timedelta(days=1)

_MONTHS_PER_PERIOD = {
    QuotaPer.MONTH: 1,
    QuotaPer.QUARTER: 3,
    QuotaPer.TERTIAL: 4,
    QuotaPer.HALF_YEAR: 6,
    QuotaPer.YEAR: 12,
}


# ---------------------------------------------------------------------------------------------
# What the engine reads


@dataclass(frozen=True)
class PromiseFacts:
    """A promise's dates, with its in-force rules already applied by the model."""

    slug: str
    valid_from: datetime.date
    valid_until: datetime.date
    effective_end: datetime.date | None  # None: in force until a new promise is given
    status: str  # PromiseStatus as of the report's date

    @property
    def end(self):
        """The day the promise ends: its effective end, or ``valid_until`` while it runs on
        until a new promise is given (the council's "at the promise's end")."""
        return self.effective_end or self.valid_until


@dataclass(frozen=True)
class CommitmentFacts:
    id: int
    key: str
    kind: str
    text: str = ""
    parent_id: int | None = None
    focus_area: str = ""
    local_problem: str | None = None
    responsible: tuple = ()  # names, police area first
    target: int | None = None
    per: str = ""
    unit: str = ""
    average: bool = False
    kinds: tuple = ()  # normalised: stripped, case-folded
    due_on: datetime.date | None = None
    group: str | None = None  # the sub-heading it stands under in its focus area
    follows_id: int | None = None  # the commitment whose activities it also counts
    responsible_ids: frozenset = frozenset()  # organisation ids, to match participation
    unit_one: str = ""  # the unit in the singular ("kontroll" to "kontroller")


class ActivityFacts(NamedTuple):
    """One activity. A named tuple rather than a dataclass: a promise has thousands, and a
    tuple is made several times faster."""

    commitment_id: int
    occurred_on: datetime.date
    quantity: int = 1
    kind: str = ""
    completes: bool = False
    organisation_id: int | None = None  # who carried it out
    participants: frozenset = frozenset()  # ids of the other organisations that took part

    def involves(self, organisation_ids):
        """Whether any of ``organisation_ids`` carried it out or took part in it."""
        return self.organisation_id in organisation_ids or not self.participants.isdisjoint(
            organisation_ids
        )


class PlanFacts(NamedTuple):
    """One open plan (a planned activity not yet carried out nor cancelled)."""

    commitment_id: int
    planned_on: datetime.date
    kind: str = ""


# ---------------------------------------------------------------------------------------------
# The rules


def calendar_period(per, day):
    """The calendar period of kind ``per`` that holds ``day``: (first day, last day)."""
    if per == QuotaPer.DAY:
        return day, day
    if per == QuotaPer.WEEK:  # ISO weeks run Monday to Sunday
        monday = day - datetime.timedelta(days=day.weekday())
        return monday, monday + datetime.timedelta(days=6)
    months = _MONTHS_PER_PERIOD[per]
    start = datetime.date(day.year, (day.month - 1) // months * months + 1, 1)
    return start, add_months(start, months) - ONE_DAY


def quota_periods(per, promise, as_of):
    """The periods of a quota: (start, end, partial) clipped to the days in force.

    For a promise in force until a new one is given, periods run up to ``valid_until`` or up to
    the one that holds ``as_of``, whichever is later. Whatever ``as_of`` and however long the
    promise stays in force, they run no further than the one holding the last day of the
    ``MAX_SPAN_YEARS`` years from ``valid_from`` (commitments.dates): the follow-up of a promise
    extended for ever, asked for in 2100, stays the size of a promise's.
    """
    end = promise.effective_end
    last = end if end is not None else max(promise.valid_until, as_of)
    last = min(last, span_end(promise.valid_from))
    if per == QuotaPer.VALIDITY:
        return [(promise.valid_from, last, last < promise.valid_until)]
    periods, day = [], promise.valid_from
    while day <= last:
        calendar_start, calendar_end = calendar_period(per, day)
        start = max(calendar_start, promise.valid_from)
        stop = calendar_end if end is None else min(calendar_end, end)
        periods.append((start, stop, (start, stop) != (calendar_start, calendar_end)))
        day = calendar_end + ONE_DAY
    return periods


def period_status(target, count, start, end, as_of):
    """The status of one quota period (t, c, s, e, D of the rules), in exact whole numbers."""
    if as_of < start:
        return FollowupStatus.UPCOMING
    if count >= target:
        return FollowupStatus.MET
    if as_of > end:
        return FollowupStatus.MISSED
    length = (end - start).days + 1
    elapsed = (as_of - start).days + 1
    if count < target * elapsed // length:
        return FollowupStatus.BEHIND
    remaining = (end - as_of).days + 1
    if 4 * remaining <= length:  # a quarter of the period or less is left
        return FollowupStatus.AT_RISK
    return FollowupStatus.ON_TRACK


class _Tally:
    """Activities of one commitment (with its descendants'), for sums over date ranges."""

    def __init__(self, activities):
        activities = sorted(activities, key=lambda a: a.occurred_on)
        self.dates = [a.occurred_on for a in activities]
        self.sums = [0, *accumulate(a.quantity for a in activities)]

    def count(self, start, end):
        first = bisect.bisect_left(self.dates, start)
        last = bisect.bisect_right(self.dates, end)
        return self.sums[last] - self.sums[first]


def _counted(facts, activities):
    """The activities that count for a commitment: a quota naming kinds counts only those."""
    if facts.kind == CommitmentKind.QUOTA and facts.kinds:
        return [a for a in activities if _normalise(a.kind) in facts.kinds]
    return activities


def _quota(facts, tally, promise, as_of):
    """(periods, current period, rate) of a quota commitment."""
    spans = quota_periods(facts.per, promise, as_of)
    if facts.average:
        start, end = spans[0][0], spans[-1][1]
        target, count = facts.target * len(spans), tally.count(start, end)
        partial = spans[0][2] or spans[-1][2]
        period = PeriodResult(
            start, end, partial, target, count, period_status(target, count, start, end, as_of)
        )
        elapsed = sum(1 for span in spans if span[0] <= as_of)
        rate = count / elapsed if elapsed else None
        return [period], period, rate
    periods = []
    for start, end, partial in spans:
        count = tally.count(start, end)
        status = period_status(facts.target, count, start, end, as_of)
        periods.append(PeriodResult(start, end, partial, facts.target, count, status))
    current = next((p for p in periods if p.start <= as_of <= p.end), None)
    if current is None:
        current = periods[0] if as_of < periods[0].start else periods[-1]
    return periods, current, None


def _status_without_quota(facts, activities, last_activity, as_of):
    if facts.kind == CommitmentKind.MILESTONE:
        if any(a.completes for a in activities):
            return FollowupStatus.DONE
        if facts.due_on is not None and as_of > facts.due_on:
            return FollowupStatus.MISSED
        return FollowupStatus.IN_PROGRESS if activities else FollowupStatus.NOT_STARTED
    if facts.kind == CommitmentKind.ONGOING:
        if last_activity is None:
            return FollowupStatus.NOT_STARTED
        if (as_of - last_activity).days < INACTIVE_AFTER_DAYS:
            return FollowupStatus.ACTIVE
        return FollowupStatus.INACTIVE
    # Conditional: nothing to do until something happens.
    return FollowupStatus.ACTIVE if activities else FollowupStatus.NOT_TRIGGERED


def _normalise(kind):
    return (kind or "").strip().casefold()


def depth_first(commitments):
    """(commitment, depth) in promise order, each followed by its sub-commitments.

    ``commitments`` come in promise order (focus area, local problem, position).
    """
    ids = {c.id for c in commitments}
    children = defaultdict(list)
    roots = []
    for commitment in commitments:
        if commitment.parent_id in ids:
            children[commitment.parent_id].append(commitment)
        else:
            roots.append(commitment)
    ordered, seen = [], set()

    def visit(commitment, depth):
        if commitment.id in seen:  # a cycle slipped past validation: list each once
            return
        seen.add(commitment.id)
        ordered.append((commitment, depth))
        for child in children[commitment.id]:
            visit(child, depth + 1)

    for root in roots:
        visit(root, 0)
    return ordered


def follow_up(promise, commitments, activities, as_of, indicators=(), plans=(), problems=()):
    """The follow-up of ``promise`` as of ``as_of``: a :class:`Followup`, with its outcome
    ``indicators`` (IndicatorFacts) evaluated too, what its open ``plans`` (PlanFacts) cover
    of each quota (:func:`_planned`), and how its local ``problems`` (ProblemFacts) stand
    (:mod:`followup.problems`).

    Activities outside the days in force, or dated after ``as_of``, are ignored by every rule.
    An activity counts for its commitment and for every ancestor of it. A commitment that
    follows another also counts the followed commitment's activities (its descendants'
    included) that one of its own responsible parties carried out or took part in, each once;
    what it gains so counts neither for its ancestors nor for commitments following it.
    """
    end = promise.effective_end
    own = defaultdict(list)
    for activity in activities:
        day = activity.occurred_on
        if promise.valid_from <= day <= as_of and (end is None or day <= end):
            own[activity.commitment_id].append(activity)

    ordered = depth_first(commitments)
    by_id = {c.id: c for c, _ in ordered}
    pooled = {c.id: list(own[c.id]) for c, _ in ordered}
    planned = {c.id: [] for c, _ in ordered}
    for plan in plans:
        if plan.commitment_id in planned and plan.planned_on >= as_of:
            planned[plan.commitment_id].append(plan)
    for commitment, _ in reversed(ordered):  # children come after parents: add them upwards
        if commitment.parent_id in pooled:
            pooled[commitment.parent_id].extend(pooled[commitment.id])
            planned[commitment.parent_id].extend(planned[commitment.id])

    results = []
    for facts, depth in ordered:
        pool = pooled[facts.id]
        followed = by_id.get(facts.follows_id) if facts.follows_id != facts.id else None
        if followed is not None:
            pool = _with_followed(pool, pooled[followed.id], facts.responsible_ids)
        last_activity = max((a.occurred_on for a in pool), default=None)
        parent = by_id.get(facts.parent_id)
        result = CommitmentResult(
            facts=facts,
            parent_key=parent.key if parent else None,
            depth=depth,
            status=FollowupStatus.NOT_STARTED,
            last_activity=last_activity,
            tally=_Tally(_counted(facts, pool)),
            follows_key=followed.key if followed else None,
        )
        if facts.kind == CommitmentKind.QUOTA:
            result.periods, result.current, result.rate = _quota(
                facts, result.tally, promise, as_of
            )
            result.status = result.current.status
            result.planned_on = _planned(facts, planned[facts.id], result.current, as_of)
            result.planned = len(result.planned_on)
        else:
            result.status = _status_without_quota(facts, pool, last_activity, as_of)
        results.append(result)

    summary = dict.fromkeys(SUMMARY_ORDER, 0)
    for result in results:
        summary[result.status] += 1
    periods = (period for result in results for period in result.periods)
    return Followup(
        promise=promise,
        as_of=as_of,
        commitments=results,
        summary=summary,
        years=years(periods),
        indicators=outcome_indicators.evaluate(indicators, as_of),
        problems=local_problems.evaluate(problems, results, as_of),
    )


def _planned(facts, plans, current, as_of):
    """The days of the open plans that will count for a quota in its current period once carried
    out: dated from ``as_of`` to the period's end, of an allowed kind where the quota names any
    (a plan on a sub-commitment counts for its ancestors, as its activity will). Plans of a
    followed commitment are not counted: who takes part is known only once it is logged."""
    if current is None or current.end < as_of:
        return ()
    return tuple(
        sorted(
            plan.planned_on
            for plan in _counted(facts, plans)
            if max(as_of, current.start) <= plan.planned_on <= current.end
        )
    )


def _with_followed(pool, followed_pool, parties):
    """``pool`` and the followed activities ``parties`` took part in, each activity once.

    The same activity can reach both (a commitment following its own parent), so activities
    are told apart by identity: two separate activities with equal values both count.
    """
    seen = {id(activity) for activity in pool}
    gained = [a for a in followed_pool if id(a) not in seen and a.involves(parties)]
    return pool + gained if gained else pool


def years(periods):
    """:class:`YearSummary` per calendar year of a period's end, ascending."""
    counts = defaultdict(lambda: dict.fromkeys(("met", "missed", "open", "upcoming"), 0))
    for period in periods:
        bucket = "open" if period.status in OPEN_STATUSES else str(period.status)
        counts[period.end.year][bucket] += 1
    return [
        YearSummary(year=year, periods=sum(row.values()), **row)
        for year, row in sorted(counts.items())
    ]
