"""Local problems in the follow-up: each problem's stage and the days of its steps, how its
measures stand, and when it needs attention.

A local problem (lokal problembild) goes raised, BRÅ convened, action plan adopted, closed
(DESIGN, "Local problems"); its measures are commitments of the problem, followed up like any
other. Two rules say when the council is slow, as of the report's date ``as_of``:

- **Not convened:** raised more than :data:`CONVENE_WITHIN` days before (``as_of - raised_on >
  60``: day 60 is not listed, day 61 is) and BRÅ not convened by ``as_of``. A problem whose
  ``raised_on`` is unknown (older promise files) is never listed by it.
- **No plan:** BRÅ convened more than :data:`ADOPT_WITHIN` days before (``as_of - convened_on >
  90``) and no action plan adopted by ``as_of``. Likewise never without ``convened_on``.

A step counts as taken by ``as_of`` when the problem's status has reached it and its day, where
known, is not after ``as_of``: a report for an earlier date sees what was done by then.

Pure functions over plain data, as the engine is: :func:`followup.loading.problems_of` reads the
facts (one query for all the promises asked about), :func:`evaluate` gives the results that
:class:`~followup.results.Followup` carries, for every page, report and reminder alike.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.enums import LocalProblemStatus

from .progress import LIGHT_COUNTS
from .results import LIGHTS

# A raised problem needs BRÅ convened within this many days...
CONVENE_WITHIN = 60
# ... and a convened one its action plan adopted within this many days of the meeting.
ADOPT_WITHIN = 90

# Why a problem needs attention.
NOT_CONVENED = "not_convened"
NO_PLAN = "no_plan"

# The steps in order: the status each gives and the field of its day.
STEPS = [
    (LocalProblemStatus.RAISED, "raised_on"),
    (LocalProblemStatus.CONVENED, "convened_on"),
    (LocalProblemStatus.PLAN_ADOPTED, "plan_adopted_on"),
    (LocalProblemStatus.CLOSED, "closed_on"),
]
_ORDER = [status for status, _field in STEPS]
# The lights in the order pages name them: what goes well first (as followup.progress draws).
LIGHT_ORDER = ["green", "amber", "red", "grey"]


@dataclass(frozen=True)
class ProblemFacts:
    """One local problem as the follow-up reads it."""

    id: int
    focus_area: str  # its focus area's title
    title: str
    status: str  # LocalProblemStatus, as it stands
    raised_on: datetime.date | None = None
    convened_on: datetime.date | None = None
    plan_adopted_on: datetime.date | None = None
    closed_on: datetime.date | None = None

    def taken_by(self, status, as_of):
        """Whether the step that gives ``status`` was taken by ``as_of``."""
        day = getattr(self, dict(STEPS)[status])
        reached = _ORDER.index(self.status) >= _ORDER.index(status)
        return reached and (day is None or day <= as_of)


@dataclass(frozen=True)
class Step:
    """One step of a problem: the status it gives, its day (None when unknown or not taken)
    and whether it is taken by the follow-up's date."""

    status: str
    day: datetime.date | None
    taken: bool

    @property
    def label(self):
        return LocalProblemStatus(self.status).label


@dataclass(frozen=True)
class ProblemResult:
    """How a local problem stands as of the follow-up's date."""

    facts: ProblemFacts
    as_of: datetime.date
    measures: int  # its commitments (sub-commitments included), each once
    lights: tuple  # (light, number of its commitments), in LIGHT_ORDER, those present
    attention: str = ""  # NOT_CONVENED, NO_PLAN or ""
    since: datetime.date | None = None  # the day the attention's days are counted from

    @property
    def id(self):
        return self.facts.id

    @property
    def stage(self):
        """The problem's stage as of the date, in words ("BRÅ sammankallat"): that of the last
        step taken by then; "Ännu inte uppmärksammad" for one raised after it."""
        taken = [step for step in self.steps if step.taken]
        return taken[-1].label if taken else _("Not yet raised")

    @property
    def steps(self):
        """Its four steps in order, each taken or not by the date, with its day if taken: a
        report for an earlier date shows what was done by then, never a later step's day."""
        steps = []
        for status, field in STEPS:
            taken = self.facts.taken_by(status, self.as_of)
            steps.append(Step(status, getattr(self.facts, field) if taken else None, taken))
        return steps

    @property
    def days(self):
        """For a problem needing attention, the days since :attr:`since` as of the date."""
        return (self.as_of - self.since).days if self.since else None

    @property
    def due(self):
        """For a problem needing attention, the last day the step was due."""
        if not self.since:
            return None
        within = CONVENE_WITHIN if self.attention == NOT_CONVENED else ADOPT_WITHIN
        return self.since + datetime.timedelta(days=within)

    @property
    def attention_text(self):
        """Why it needs attention, in words, or ""."""
        if self.attention == NOT_CONVENED:
            text = ngettext(
                "Raised %(days)s day ago (%(date)s) and BRÅ not convened: due by %(due)s.",
                "Raised %(days)s days ago (%(date)s) and BRÅ not convened: due by %(due)s.",
                self.days,
            )
        elif self.attention == NO_PLAN:
            text = ngettext(
                "BRÅ convened %(days)s day ago (%(date)s) and no action plan adopted: due by "
                "%(due)s.",
                "BRÅ convened %(days)s days ago (%(date)s) and no action plan adopted: due by "
                "%(due)s.",
                self.days,
            )
        else:
            return ""
        return text % {
            "days": self.days,
            "date": self.since.isoformat(),
            "due": self.due.isoformat(),
        }

    @property
    def lights_text(self):
        """How its measures stand, in words: ["2 met or on track", "1 behind or missed"]."""
        return [LIGHT_COUNTS[light] % {"count": count} for light, count in self.lights]


def needs_attention(facts, as_of):
    """(reason, since) when the problem ``facts`` needs attention as of ``as_of``, else
    ("", None); see the module's rules."""
    convened = facts.taken_by(LocalProblemStatus.CONVENED, as_of)
    if facts.raised_on is not None and facts.raised_on <= as_of and not convened:
        if (as_of - facts.raised_on).days > CONVENE_WITHIN:
            return NOT_CONVENED, facts.raised_on
        return "", None
    if facts.convened_on is not None and convened:
        adopted = facts.taken_by(LocalProblemStatus.PLAN_ADOPTED, as_of)
        if not adopted and (as_of - facts.convened_on).days > ADOPT_WITHIN:
            return NO_PLAN, facts.convened_on
    return "", None


def evaluate(problems, commitments, as_of):
    """The :class:`ProblemResult` of each of ``problems`` (ProblemFacts, in promise order),
    its measures being those of ``commitments`` (CommitmentResults) that stand under it."""
    lights = {}
    for result in commitments:
        if result.facts.local_problem is not None:
            place = (result.facts.focus_area, result.facts.local_problem)
            lights.setdefault(place, Counter())[LIGHTS[result.status]] += 1
    results = []
    for facts in problems:
        counted = lights.get((facts.focus_area, facts.title), Counter())
        reason, since = needs_attention(facts, as_of)
        results.append(
            ProblemResult(
                facts=facts,
                as_of=as_of,
                measures=sum(counted.values()),
                lights=tuple((light, counted[light]) for light in LIGHT_ORDER if counted[light]),
                attention=reason,
                since=since,
            )
        )
    return results


def attention(followup):
    """The follow-up's problems that need attention: the longest waiting first."""
    waiting = [p for p in followup.problems if p.attention]
    return sorted(waiting, key=lambda p: (p.due, p.facts.focus_area, p.facts.title))
