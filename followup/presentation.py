"""How follow-up results are put in words and grouped for pages, reports and emails."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from commitments.enums import CommitmentKind, FollowupStatus, Light, QuotaPer

BADGE_CLASSES = {
    Light.GREEN: "text-bg-success",
    Light.AMBER: "text-bg-warning",
    Light.RED: "text-bg-danger",
    Light.GREY: "text-bg-secondary",
}


def status_label(status):
    return FollowupStatus(status).label


def describe_quota(facts):
    """A quota in words: "2 hundsök per år", "i snitt 1 per dygn"."""
    if facts.kind != CommitmentKind.QUOTA:
        return ""
    amount = f"{facts.target} {facts.unit}".strip()
    text = f"{amount} {QuotaPer(facts.per).label}"
    if facts.average:
        text = _("on average %(quota)s") % {"quota": text}
    if facts.kinds:
        text += " (" + ", ".join(facts.kinds) + ")"
    return text


@dataclass
class ProblemSection:
    problem: object
    commitments: list = field(default_factory=list)


@dataclass
class AreaSection:
    area: object
    commitments: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def sections(followup, focus_areas):
    """The follow-up's commitments by focus area, then by local problem, in promise order.

    ``focus_areas`` are the promise's FocusArea rows with their local problems prefetched.
    """
    result = []
    for area in focus_areas:
        section = AreaSection(area)
        problems = {p.title: ProblemSection(p) for p in area.local_problems.all()}
        for commitment in followup.commitments:
            if commitment.facts.focus_area != area.title:
                continue
            if commitment.facts.local_problem is None:
                section.commitments.append(commitment)
            else:
                problems[commitment.facts.local_problem].commitments.append(commitment)
        section.problems = list(problems.values())
        result.append(section)
    return result
