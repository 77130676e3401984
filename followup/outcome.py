"""What the follow-up means for the council: how the quota periods came out, year by year and
for the whole promise, which were missed, and what needs attention now.

Pure functions over a :class:`~followup.engine.Followup`; every figure comes from the engine's
periods, so the tiles, the charts, the tables and the JSON ``years`` always agree.
"""

import datetime
from dataclasses import dataclass, field

from commitments.enums import CommitmentKind, FollowupStatus

from .engine import YearSummary, years
from .presentation import period_label

# Most urgent first: behind can still be caught up; missed cannot; at risk may soon be behind.
URGENCY = {
    FollowupStatus.BEHIND: 0,
    FollowupStatus.MISSED: 1,
    FollowupStatus.AT_RISK: 2,
    FollowupStatus.INACTIVE: 3,
}


def total(summaries):
    """The sum of several :class:`YearSummary` (``year`` None)."""
    parts = ("periods", "met", "missed", "open", "upcoming")
    return YearSummary(None, *(sum(getattr(s, part) for s in summaries) for part in parts))


@dataclass(frozen=True)
class PeriodMark:
    """One period of a commitment, named as people name it ("2025", "vecka 12 2025")."""

    period: object
    label: str


# The missed periods a page names one by one; the others it counts ("och 12 till"). A daily
# quota can miss hundreds: naming them all is a wall of text, and slow to make.
SHOWN_PERIODS = 8


def marks(result, periods):
    return [PeriodMark(p, period_label(result.facts.per, p)) for p in periods]


@dataclass
class MissedQuota:
    """A quota commitment and its periods that ended short: the first SHOWN_PERIODS named."""

    result: object
    periods: list  # PeriodMark, the first SHOWN_PERIODS
    count: int  # all of them

    @classmethod
    def of(cls, result, periods):
        return cls(result, marks(result, periods[:SHOWN_PERIODS]), len(periods))

    @property
    def more(self):
        return self.count - len(self.periods)


@dataclass
class Outcome:
    """How the quota periods came out, per year and in all, with the missed ones.

    ``final`` at or after the promise's end: then only the periods up to that day count, and
    the page leads with it ("Slutresultat per 2025-12-31").
    """

    end: datetime.date
    final: bool
    years: list
    total: YearSummary
    missed: list = field(default_factory=list)
    milestones: int = 0
    milestones_done: int = 0

    @classmethod
    def of(cls, followup):
        """The outcome as of the follow-up's date; None while no quota period has ended."""
        as_of, end = followup.as_of, followup.promise.end
        final = as_of >= end
        quotas = [r for r in followup.commitments if r.facts.kind == CommitmentKind.QUOTA]
        counted = {r.facts.id: [p for p in r.periods if not final or p.end <= end] for r in quotas}
        if not any(p.end < as_of for periods in counted.values() for p in periods) and not final:
            return None
        summaries = years(p for periods in counted.values() for p in periods)
        missed = [
            MissedQuota.of(r, [p for p in counted[r.facts.id] if p.status == "missed"])
            for r in quotas
        ]
        milestones = [r for r in followup.commitments if r.facts.kind == CommitmentKind.MILESTONE]
        return cls(
            end=end,
            final=final,
            years=summaries,
            total=total(summaries),
            missed=[m for m in missed if m.count],
            milestones=len(milestones),
            milestones_done=sum(r.status == FollowupStatus.DONE for r in milestones),
        )


@dataclass
class AttentionItem:
    """A commitment that needs attention: its status now, and periods it missed lately (in the
    last closed year or this one): the latest SHOWN_PERIODS named, in order."""

    result: object
    status: str
    missed: list = field(default_factory=list)  # PeriodMark
    missed_count: int = 0
    last_missed: object = None  # the latest missed Period

    @classmethod
    def of(cls, result, status, periods):
        return cls(
            result,
            status,
            marks(result, periods[-SHOWN_PERIODS:]),
            len(periods),
            periods[-1] if periods else None,
        )

    @property
    def key(self):
        return self.result.key

    @property
    def more(self):
        return self.missed_count - len(self.missed)


def needs_attention(followup):
    """Commitments behind, missed, at risk or inactive, and quotas that missed a period in the
    last closed year or this one; the most urgent first, then the soonest period end."""
    as_of = followup.as_of
    closed = [y.year for y in followup.years if y.year < as_of.year]
    since = closed[-1] if closed else as_of.year
    items = []
    for result in followup.commitments:
        recent = [
            p for p in result.periods if p.status == FollowupStatus.MISSED and p.end.year >= since
        ]
        if result.status in URGENCY:
            items.append(AttentionItem.of(result, result.status, recent))
        elif recent:
            items.append(AttentionItem.of(result, FollowupStatus.MISSED, recent))

    def urgency(item):
        current = item.result.current
        end = current.end if item.status in URGENCY and current else datetime.date.max
        if item.last_missed and item.status == FollowupStatus.MISSED:
            end = item.last_missed.end
        return URGENCY[item.status], end, item.key

    return sorted(items, key=urgency)


def unplanned(followup):
    """Open quotas on track whose need is not covered by plans before their period's end (those
    behind or at risk are in :func:`needs_attention`, flagged there): the soonest period end
    first."""
    items = [r for r in followup.commitments if r.status == FollowupStatus.ON_TRACK and r.uncovered]
    return sorted(items, key=lambda r: (r.current.end, r.key))
