"""What the follow-up engine gives (:func:`followup.engine.follow_up`): each commitment's
result with its periods, what it still needs and what is planned, the years, and the JSON of the
design card. Plain frozen data, no database."""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from commitments.enums import CommitmentKind, FollowupStatus, Light

if TYPE_CHECKING:  # the engine imports this module
    from .engine import CommitmentFacts, PromiseFacts

# The order of the summary, as the JSON of the design card lists it.
SUMMARY_ORDER = [
    FollowupStatus.MET, FollowupStatus.ON_TRACK, FollowupStatus.AT_RISK, FollowupStatus.BEHIND,
    FollowupStatus.MISSED, FollowupStatus.UPCOMING, FollowupStatus.DONE,
    FollowupStatus.IN_PROGRESS, FollowupStatus.NOT_STARTED, FollowupStatus.ACTIVE,
    FollowupStatus.INACTIVE, FollowupStatus.NOT_TRIGGERED,
]  # fmt: skip

# A quota period that has begun and is neither met nor missed.
OPEN_STATUSES = frozenset({FollowupStatus.ON_TRACK, FollowupStatus.AT_RISK, FollowupStatus.BEHIND})

LIGHTS = {
    FollowupStatus.MET: Light.GREEN,
    FollowupStatus.ON_TRACK: Light.GREEN,
    FollowupStatus.DONE: Light.GREEN,
    FollowupStatus.ACTIVE: Light.GREEN,
    FollowupStatus.AT_RISK: Light.AMBER,
    FollowupStatus.IN_PROGRESS: Light.AMBER,
    FollowupStatus.INACTIVE: Light.AMBER,
    FollowupStatus.NOT_STARTED: Light.AMBER,
    FollowupStatus.BEHIND: Light.RED,
    FollowupStatus.MISSED: Light.RED,
    FollowupStatus.UPCOMING: Light.GREY,
    FollowupStatus.NOT_TRIGGERED: Light.GREY,
}

# The JSON lists at most this many periods of a commitment (a year of a daily quota); see
# :func:`listed_periods`. Every period still counts in its "years".
MAX_JSON_PERIODS = 366


def listed_periods(periods, current):
    """The periods the JSON lists: all of them, or with more than MAX_JSON_PERIODS (a daily
    quota over more than a year) the latest MAX_JSON_PERIODS up to the ``current`` one (the
    first ones while it is the first)."""
    if len(periods) <= MAX_JSON_PERIODS:
        return periods
    first = max(0, periods.index(current) + 1 - MAX_JSON_PERIODS)
    return periods[first : first + MAX_JSON_PERIODS]


@dataclass(frozen=True)
class PeriodResult:
    start: datetime.date
    end: datetime.date
    partial: bool
    target: int
    count: int
    status: str

    @property
    def light(self):
        return LIGHTS[self.status]

    def to_json(self):
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "partial": self.partial,
            "target": self.target,
            "count": self.count,
            "status": str(self.status),
        }


@dataclass(frozen=True)
class Needed:
    """What a quota still needs in the period that gives its status: ``count`` more by ``by``."""

    count: int
    by: datetime.date

    def to_json(self):
        return {"count": self.count, "by": self.by.isoformat()}


@dataclass
class CommitmentResult:
    facts: "CommitmentFacts"
    parent_key: str | None
    depth: int
    status: str
    last_activity: datetime.date | None
    periods: list = field(default_factory=list)
    current: PeriodResult | None = None  # the period whose status is the commitment's
    rate: float | None = None  # average quotas: count per period elapsed
    tally: object = None  # the engine's tally of what counts, for count_between
    follows_key: str | None = None
    planned: int = 0  # open plans dated from as_of to the end of the current period
    planned_on: tuple = ()  # their days, the earliest first

    def count_between(self, start, end):
        """The sum of quantities that count for it, dated from ``start`` to ``end``."""
        return self.tally.count(start, end)

    @property
    def light(self):
        return LIGHTS[self.status]

    @property
    def key(self):
        return self.facts.key

    @property
    def needed(self):
        """:class:`Needed` while the quota is open (on track, at risk, behind), else None."""
        if self.current is None or self.current.status not in OPEN_STATUSES:
            return None
        return Needed(self.current.target - self.current.count, self.current.end)

    @property
    def uncovered(self):
        """Whether the quota still needs more than is planned before its period's end."""
        needed = self.needed
        return needed is not None and self.planned < needed.count

    def to_json(self):
        facts = self.facts
        quota = None
        if facts.kind == CommitmentKind.QUOTA:
            quota = {
                "target": facts.target,
                "per": facts.per,
                "unit": facts.unit or None,
                "average": facts.average,
                "kinds": list(facts.kinds),
            }
        needed = self.needed
        return {
            "key": facts.key,
            "focus_area": facts.focus_area,
            "local_problem": facts.local_problem,
            "parent": self.parent_key,
            "kind": facts.kind,
            "responsible": list(facts.responsible),
            "text": facts.text,
            "quota": quota,
            "status": str(self.status),
            "light": str(self.light),
            "last_activity": self.last_activity.isoformat() if self.last_activity else None,
            "periods": [period.to_json() for period in listed_periods(self.periods, self.current)],
            # Added since the first version of the design card, after the keys it listed.
            "group": facts.group or None,
            "follows": self.follows_key,
            "needed": needed.to_json() if needed else None,
            "planned": self.planned,
        }


@dataclass(frozen=True)
class YearSummary:
    """The quota periods that end in one calendar year, by how they stand."""

    year: int
    periods: int
    met: int
    missed: int
    open: int  # on track, at risk or behind
    upcoming: int

    def to_json(self):
        return {
            "year": self.year,
            "periods": self.periods,
            "met": self.met,
            "missed": self.missed,
            "open": self.open,
            "upcoming": self.upcoming,
        }


@dataclass
class Followup:
    promise: "PromiseFacts"
    as_of: datetime.date
    commitments: list
    summary: dict
    years: list = field(default_factory=list)  # YearSummary, ascending
    indicators: list = field(default_factory=list)  # followup.indicators.IndicatorResult
    problems: list = field(default_factory=list)  # followup.problems.ProblemResult, in order

    def to_json(self):
        promise = self.promise
        return {
            "promise": promise.slug,
            "as_of": self.as_of.isoformat(),
            "status": str(promise.status),
            "valid_from": promise.valid_from.isoformat(),
            "valid_until": promise.valid_until.isoformat(),
            "effective_end": promise.effective_end.isoformat() if promise.effective_end else None,
            "summary": {str(status): self.summary[status] for status in SUMMARY_ORDER},
            "commitments": [commitment.to_json() for commitment in self.commitments],
            "years": [year.to_json() for year in self.years],
            "indicators": [indicator.to_json() for indicator in self.indicators],
        }
