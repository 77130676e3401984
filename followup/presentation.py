"""How follow-up results are put in words and grouped for pages, reports and emails."""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from commitments.enums import CommitmentKind, FollowupStatus, Light, LocalProblemStatus, QuotaPer

BADGE_CLASSES = {
    Light.GREEN: "text-bg-success",
    Light.AMBER: "text-bg-warning",
    Light.RED: "text-bg-danger",
    Light.GREY: "text-bg-secondary",
}


# How a year's quota periods stand, in the order charts and tables show them (see "Years").
YEAR_PARTS = [
    ("met", pgettext_lazy("quota periods", "Met")),
    ("missed", pgettext_lazy("quota periods", "Missed")),
    ("open", pgettext_lazy("quota periods", "Open")),
    ("upcoming", pgettext_lazy("quota periods", "Upcoming")),
]


# Every status in plain words, for the legend (the follow-up rules of the design card).
STATUS_EXPLANATIONS = {
    FollowupStatus.MET: gettext_lazy("The target of the period is reached."),
    FollowupStatus.ON_TRACK: gettext_lazy(
        "The period is under way and the count keeps pace with the target."
    ),
    FollowupStatus.AT_RISK: gettext_lazy(
        "A quarter of the period or less is left and the target is not reached yet."
    ),
    FollowupStatus.BEHIND: gettext_lazy(
        "The count is below the even pace that reaches the target by the end of the period."
    ),
    FollowupStatus.MISSED: gettext_lazy(
        "The period ended without reaching the target, or a milestone passed its due date."
    ),
    FollowupStatus.UPCOMING: gettext_lazy("The period has not begun."),
    FollowupStatus.DONE: gettext_lazy("The milestone is completed."),
    FollowupStatus.IN_PROGRESS: gettext_lazy(
        "Work on the milestone is logged, but it is not completed."
    ),
    FollowupStatus.NOT_STARTED: gettext_lazy("Nothing has been logged yet."),
    FollowupStatus.ACTIVE: gettext_lazy("The latest activity is less than 120 days old."),
    FollowupStatus.INACTIVE: gettext_lazy("No activity for 120 days or more."),
    FollowupStatus.NOT_TRIGGERED: gettext_lazy(
        "What it waits for has not happened yet (for example no local problem has arisen)."
    ),
}


def status_label(status):
    return FollowupStatus(status).label


def unit_for(facts, count):
    """A quota's unit for ``count``: its singular for one, where the promise gives it."""
    return facts.unit_one if count == 1 and facts.unit_one else facts.unit


def amount(facts, count):
    """A number with the quota's unit: "1 kontroll", "2 kontroller", "3"."""
    return f"{count} {unit_for(facts, count)}".strip()


def describe_quota(facts):
    """A quota in words: "2 hundsök per år", "1 kontroll per år", "i snitt 1 per dygn"."""
    if facts.kind != CommitmentKind.QUOTA:
        return ""
    text = f"{amount(facts, facts.target)} {QuotaPer(facts.per).label}"
    if facts.average:
        text = _("on average %(quota)s") % {"quota": text}
    if facts.kinds:
        text += " (" + ", ".join(facts.kinds) + ")"
    return text


# A quota's text names at most this many planned days ("… 2025-11-12, 2025-12-01 …").
PLANNED_DAYS_SHOWN = 3


def describe_needed(result):
    """What an open quota still needs, and what is planned before its period's end:
    "1 hundsök till före 2025-12-31 · 1 planerad 2025-11-12", or "" when nothing is needed."""
    needed = result.needed
    if needed is None:
        return ""
    text = _("%(amount)s more by %(date)s") % {
        "amount": amount(result.facts, needed.count),
        "date": needed.by.isoformat(),
    }
    planned = describe_planned(result)
    return f"{text} · {planned}" if planned else text


def describe_planned(result):
    """The open plans before the current period's end: "2 planerade 2025-11-12, 2025-12-01"."""
    days = [day.isoformat() for day in result.planned_on[:PLANNED_DAYS_SHOWN]]
    if not days:
        return ""
    if len(result.planned_on) > PLANNED_DAYS_SHOWN:
        days.append("…")
    count = len(result.planned_on)
    return ngettext("%(count)s planned %(dates)s", "%(count)s planned %(dates)s", count) % {
        "count": count,
        "dates": ", ".join(days),
    }


def period_label(per, period):
    """A quota period as people name it: "2025", "höst 2025", "kvartal 3 2025", "vecka 12 2025".

    Months, terms and the like are named by their calendar period even when clipped (partial);
    the whole validity and average evaluations are written as their dates.
    """
    start, end = period.start, period.end
    if per == QuotaPer.YEAR:
        return str(end.year)
    if per == QuotaPer.HALF_YEAR:
        if start.month <= 6:
            return _("spring %(year)s") % {"year": start.year}
        return _("autumn %(year)s") % {"year": start.year}
    if per == QuotaPer.TERTIAL:
        return _("tertial %(number)s %(year)s") % {
            "number": (start.month - 1) // 4 + 1,
            "year": start.year,
        }
    if per == QuotaPer.QUARTER:
        return _("quarter %(number)s %(year)s") % {
            "number": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    if per == QuotaPer.MONTH:
        return date_format(start, "F Y")
    if per == QuotaPer.WEEK:
        year, week, _day = end.isocalendar()
        return _("week %(number)s %(year)s") % {"number": week, "year": year}
    if per == QuotaPer.DAY:
        return start.isoformat()
    return f"{start.isoformat()} – {end.isoformat()}"


@dataclass
class Group:
    """Commitments under one sub-heading of a focus area (``title`` None: no sub-heading).

    A sub-commitment stands with its parent, under the parent's sub-heading.
    """

    title: str | None
    commitments: list = field(default_factory=list)


@dataclass
class ProblemSection:
    problem: object
    groups: list = field(default_factory=list)
    # How it stands (followup.problems.ProblemResult): its steps' days, its measures' lights.
    result: object = None

    @property
    def commitments(self):
        return [c for group in self.groups for c in group.commitments]

    @property
    def action_plan(self):
        """The action plan's text once adopted by the follow-up's date, else ""."""
        return self._text_of(LocalProblemStatus.PLAN_ADOPTED, self.problem.action_plan)

    @property
    def outcome(self):
        """The outcome once closed by the follow-up's date, else "": a report for an earlier
        date does not tell what came later."""
        return self._text_of(LocalProblemStatus.CLOSED, self.problem.outcome)

    def _text_of(self, status, text):
        if self.result is not None and not self.result.facts.taken_by(status, self.result.as_of):
            return ""
        return text


@dataclass
class AreaSection:
    area: object
    groups: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def commitments(self):
        return [c for group in self.groups for c in group.commitments]


def grouped(results, wrap=None):
    """``results`` (depth-first) in runs under their sub-headings, in order, each ``wrap``-ped."""
    groups = []
    for result in results:
        if result.depth == 0 and (not groups or groups[-1].title != result.facts.group):
            groups.append(Group(result.facts.group))
        elif not groups:  # a sub-commitment whose parent stands elsewhere
            groups.append(Group(None))
        groups[-1].commitments.append(wrap(result) if wrap else result)
    return groups


def sections(followup, focus_areas, wrap=None):
    """The follow-up's commitments by focus area, local problem and sub-heading, in promise order.

    ``focus_areas`` are the promise's FocusArea rows with their local problems prefetched;
    ``wrap``, when given, turns each commitment's result into what the page lists.
    """
    result = []
    problems = {problem.id: problem for problem in followup.problems}
    for area in focus_areas:
        own, by_problem = [], {p.title: [] for p in area.local_problems.all()}
        for commitment in followup.commitments:
            if commitment.facts.focus_area != area.title:
                continue
            if commitment.facts.local_problem is None:
                own.append(commitment)
            else:
                by_problem[commitment.facts.local_problem].append(commitment)
        result.append(
            AreaSection(
                area,
                grouped(own, wrap),
                [
                    ProblemSection(
                        problem,
                        grouped(by_problem[problem.title], wrap),
                        problems.get(problem.pk),
                    )
                    for problem in area.local_problems.all()
                ],
            )
        )
    return result
