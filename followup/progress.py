"""How far a promise has come: its commitments by traffic light and status, for the whole
promise and for each focus area, as stacked bars with their numbers in words.

:func:`progress` takes the engine's :class:`~followup.results.Followup` and the page's sections
(:func:`followup.presentation.sections`) and gives a :class:`Progress`; the include
``templates/followup/includes/progress.html`` draws it (server-side SVG, no JavaScript, no CSS
of its own) beside a list that says every figure in words, so that nothing is told by colour
alone. Pure functions over the follow-up: no database, no request.

The counts are those of the follow-up's ``summary``: every commitment, sub-commitments and local
problems' measures included, each once, by its status as of the follow-up's date. The lights and
the statuses always come in the same order (green, amber, red, grey; statuses in the order of the
JSON's ``summary``), zeros included, so that two bars read alike and a test can name a position.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy, ngettext_lazy

from commitments.enums import Light

from .results import LIGHTS, SUMMARY_ORDER

# The lights in the order the bars draw them, left to right: what goes well first.
LIGHT_ORDER = [Light.GREEN, Light.AMBER, Light.RED, Light.GREY]

# What each light means for a resident, in words (the legend says it)...
LIGHT_WORDS = {
    Light.GREEN: gettext_lazy("Met or on track"),
    Light.AMBER: gettext_lazy("Needs attention"),
    Light.RED: gettext_lazy("Behind or missed"),
    Light.GREY: gettext_lazy("Not yet due"),
}
# ... and with a number (the bar's list): "5 uppfyllda eller i fas".
LIGHT_COUNTS = {
    Light.GREEN: ngettext_lazy("%(count)s met or on track", "%(count)s met or on track", "count"),
    Light.AMBER: ngettext_lazy("%(count)s needs attention", "%(count)s need attention", "count"),
    Light.RED: ngettext_lazy("%(count)s behind or missed", "%(count)s behind or missed", "count"),
    Light.GREY: ngettext_lazy("%(count)s not yet due", "%(count)s not yet due", "count"),
}

# Fill and number colours: the badges' hues, dark enough for white numbers (amber and grey
# light enough for black ones), contrast 4.5:1 or more either way.
LIGHT_COLOURS = {
    Light.GREEN: ("#146c43", "#ffffff"),
    Light.AMBER: ("#ffc107", "#000000"),
    Light.RED: ("#b02a37", "#ffffff"),
    Light.GREY: ("#adb5bd", "#000000"),
}

# A segment narrower than this share of the bar (per cent) has no number written in it (it
# would not fit on a phone); the list beside the bar says it.
MIN_NUMBERED_WIDTH = 6


@dataclass(frozen=True)
class Share:
    """The commitments of one light in a bar: how many, of which statuses, and where the bar
    draws them (``start`` and ``width`` in per cent of the bar, 0 wide when none)."""

    light: str
    count: int
    statuses: tuple  # (status, count) of this light's statuses, in summary order, zeros left out
    start: float
    width: float

    @property
    def words(self):
        """What the light means ("Met or on track")."""
        return LIGHT_WORDS[self.light]

    @property
    def text(self):
        """The share in words: "5 met or on track", "1 behind or missed"."""
        return LIGHT_COUNTS[self.light] % {"count": self.count}

    @property
    def colour(self):
        return LIGHT_COLOURS[self.light][0]

    @property
    def number_colour(self):
        return LIGHT_COLOURS[self.light][1]

    @property
    def middle(self):
        return self.start + self.width / 2

    @property
    def numbered(self):
        """Whether the bar writes the count inside the segment (wide enough for it)."""
        return self.width >= MIN_NUMBERED_WIDTH


@dataclass(frozen=True)
class Bar:
    """One stacked bar: the commitments of the whole promise (``title`` None) or of one focus
    area, by light (``shares``: all four, in :data:`LIGHT_ORDER`) and by status."""

    title: str | None
    total: int
    shares: tuple  # Share, one per light, in LIGHT_ORDER
    statuses: tuple  # (status, count) for every status, in summary order, zeros included

    @property
    def segments(self):
        """The shares the bar draws: those with commitments."""
        return [share for share in self.shares if share.count]

    def count(self, key):
        """How many commitments have the light or the status ``key`` ("green", "met")."""
        for share in self.shares:
            if share.light == key:
                return share.count
        return dict(self.statuses)[key]


@dataclass(frozen=True)
class LegendEntry:
    """A light in the legend: its colour, what it means, and the statuses it stands for."""

    light: str
    statuses: tuple  # in summary order

    @property
    def label(self):
        return Light(self.light).label

    @property
    def words(self):
        return LIGHT_WORDS[self.light]

    @property
    def colour(self):
        return LIGHT_COLOURS[self.light][0]


# Every light with its statuses, in LIGHT_ORDER.
LEGEND = tuple(
    LegendEntry(light, tuple(s for s in SUMMARY_ORDER if LIGHTS[s] == light))
    for light in LIGHT_ORDER
)


@dataclass(frozen=True)
class Progress:
    """The whole promise's bar and one per focus area, in the promise's order."""

    total: Bar
    areas: tuple  # Bar, one per focus area

    @property
    def legend(self):
        """The lights and their statuses (followup/includes/light_legend.html draws it)."""
        return LEGEND


def bar(title, results):
    """The :class:`Bar` of ``results`` (CommitmentResults)."""
    by_status = dict.fromkeys(SUMMARY_ORDER, 0)
    for result in results:
        by_status[result.status] += 1
    total = sum(by_status.values())
    shares, start = [], 0.0
    for light in LIGHT_ORDER:
        statuses = tuple(
            (status, n) for status, n in by_status.items() if n and LIGHTS[status] == light
        )
        count = sum(n for _status, n in statuses)
        width = 100 * count / total if total else 0.0
        shares.append(Share(light, count, statuses, start, width))
        start += width
    return Bar(title, total, tuple(shares), tuple(by_status.items()))


def progress(followup, sections):
    """The :class:`Progress` of ``followup`` (the engine's Followup): the whole promise from
    its commitments, each focus area from its section of ``sections``
    (:func:`followup.presentation.sections`; the area's own commitments and its local
    problems' measures, sub-commitments included)."""
    areas = []
    for section in sections:
        results = [*section.commitments]
        for problem in section.problems:
            results += problem.commitments
        areas.append(bar(section.area.title, [_result(r) for r in results]))
    return Progress(bar(None, followup.commitments), tuple(areas))


def _result(row):
    """The CommitmentResult of a section's row (sections may wrap each result)."""
    return getattr(row, "result", row)
