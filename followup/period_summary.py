"""A quota's periods in a few lines, for residents: one line per period where there are few
(years, terms, tertials, quarters, the validity, a year's months), one line per year where there
are many (days, weeks, months over years), and an average quota's one evaluation. Also how the
whole promise's quota periods came out in each year, in words.

Pure functions over the engine's results: every figure comes from the same periods as the
follow-up's ``years``, so a page never says a year is all met while a period of it is open or
missed.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy, ngettext_lazy

from commitments.enums import CommitmentKind, FollowupStatus, QuotaPer

from .engine import years
from .presentation import period_label

# Quotas whose periods are listed one per line (at most a few a year).
FEW_PER_YEAR = {QuotaPer.YEAR, QuotaPer.HALF_YEAR, QuotaPer.TERTIAL, QuotaPer.QUARTER}
# A monthly quota lists its months while no more than this many have begun; then its years.
MAX_LISTED_MONTHS = 12

# "48 av 52 veckor uppfyllda": the met periods of a year, by the quota's period.
MET_OF = {
    QuotaPer.DAY: ngettext_lazy(
        "%(met)s of %(count)s day met", "%(met)s of %(count)s days met", "count"
    ),
    QuotaPer.WEEK: ngettext_lazy(
        "%(met)s of %(count)s week met", "%(met)s of %(count)s weeks met", "count"
    ),
    QuotaPer.MONTH: ngettext_lazy(
        "%(met)s of %(count)s month met", "%(met)s of %(count)s months met", "count"
    ),
}
MISSED = ngettext_lazy("%(count)s missed", "%(count)s missed", "count")
STILL_OPEN = ngettext_lazy("%(count)s still open", "%(count)s still open", "count")
NOT_BEGUN = ngettext_lazy("%(count)s not begun", "%(count)s not begun", "count")

# The sign beside a status's word (never instead of it).
SIGNS = {FollowupStatus.MET: "✓", FollowupStatus.MISSED: "✗"}


@dataclass(frozen=True)
class PeriodLine:
    """One line of a quota: a single period (``period``), or the periods of a year
    (``summary``, a YearSummary of the begun and not yet begun periods ending in it)."""

    label: str
    period: object = None  # PeriodResult
    summary: object = None  # YearSummary
    per: str = ""
    rate: float | None = None  # an average quota's count per period elapsed

    @property
    def begun(self):
        """The summary's periods that have begun."""
        return self.summary.periods - self.summary.upcoming

    @property
    def all_met(self):
        if self.period is not None:
            return self.period.status == FollowupStatus.MET
        return self.summary.met == self.summary.periods

    @property
    def sign(self):
        """✓ for a period met or a year whose every period is, ✗ for a missed one."""
        if self.all_met:
            return SIGNS[FollowupStatus.MET]
        if self.period is not None:
            return SIGNS.get(self.period.status, "")
        return ""

    @property
    def text(self):
        """A year's periods in words: "48 of 52 weeks met, 3 missed, 1 still open"."""
        summary = self.summary
        parts = [MET_OF[self.per] % {"met": summary.met, "count": self.begun}]
        for template, count in (
            (MISSED, summary.missed),
            (STILL_OPEN, summary.open),
            (NOT_BEGUN, summary.upcoming),
        ):
            if count:
                parts.append(template % {"count": count})
        return ", ".join(str(part) for part in parts)


def period_lines(result):
    """The lines of a quota commitment's result (none for other kinds): every begun period, or
    per year where a quota has many (days, weeks, more than a year of months), or an average
    quota's one evaluation. Years and periods in order; not begun ones left out, except as a
    year's count of them."""
    facts = result.facts
    if facts.kind != CommitmentKind.QUOTA:
        return []
    begun = [p for p in result.periods if p.status != FollowupStatus.UPCOMING]
    if facts.average:
        return [
            PeriodLine(f"{p.start.isoformat()} – {p.end.isoformat()}", p, rate=result.rate)
            for p in begun
        ]
    if (
        facts.per in FEW_PER_YEAR
        or facts.per == QuotaPer.VALIDITY
        or (facts.per == QuotaPer.MONTH and len(begun) <= MAX_LISTED_MONTHS)
    ):
        return [PeriodLine(period_label(facts.per, p), p) for p in begun]
    return [
        PeriodLine(str(summary.year), summary=summary, per=facts.per)
        for summary in years(result.periods)
        if summary.upcoming < summary.periods
    ]


# How a year's quota periods came out, in words.
YEAR_VERDICTS = {
    "all_met": gettext_lazy("All met"),
    "not_begun": gettext_lazy("Not begun"),
    "under_way": gettext_lazy("Under way"),
    "ended_short": gettext_lazy("Ended, not all met"),
}


def year_verdict(summary):
    """A YearSummary in words: "All met" only when every period of the year is met, "Under
    way" while one is open or not begun, else "Ended, not all met" or "Not begun"."""
    if summary.periods and summary.met == summary.periods:
        return YEAR_VERDICTS["all_met"]
    if summary.upcoming == summary.periods:
        return YEAR_VERDICTS["not_begun"]
    if summary.open or summary.upcoming:
        return YEAR_VERDICTS["under_way"]
    return YEAR_VERDICTS["ended_short"]


@dataclass(frozen=True)
class YearRow:
    """A year of the whole promise's quota periods (a YearSummary) with its verdict."""

    summary: object

    @property
    def verdict(self):
        return year_verdict(self.summary)

    @property
    def all_met(self):
        return self.summary.periods > 0 and self.summary.met == self.summary.periods


def year_rows(followup):
    """The follow-up's years (every quota period by the year it ends) as :class:`YearRow`."""
    return [YearRow(summary) for summary in followup.years]
