"""Outcome indicators' trend: whether what the promise is meant to change got better.

DESIGN ("Outcome indicators"): an indicator's trend as of a date compares its latest value (the
newest measured on or before that date) with its baseline: ``improving`` or ``worsening`` as its
direction says, ``unchanged`` within 1 % of the baseline's value, ``no_data`` without a value (or
a baseline) to compare. Plain Python over plain values, as the engine is:
:func:`followup.loading.load_many_facts` reads :class:`IndicatorFacts` from the database and
:func:`followup.engine.follow_up` turns them into :class:`IndicatorResult` with :func:`evaluate`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from commitments.dates import add_months

LOWER_IS_BETTER = "lower_is_better"
HIGHER_IS_BETTER = "higher_is_better"
DIRECTIONS = (LOWER_IS_BETTER, HIGHER_IS_BETTER)

IMPROVING = "improving"
WORSENING = "worsening"
UNCHANGED = "unchanged"
NO_DATA = "no_data"

# A change of at most this share of the baseline's value is no change.
UNCHANGED_BAND = Decimal("0.01")
# An indicator measured yearly (the safety survey, the drug-habit survey) is overdue for a new
# value when its last measurement is more than this many months old.
STALE_AFTER_MONTHS = 13


class Measurement(NamedTuple):
    on: datetime.date
    value: Decimal
    note: str = ""  # a value's note ("Fiktiva demodata"); pages show it beside the value
    source_url: str = ""


def latest(values, as_of):
    """The newest of ``values`` (Measurements) measured on or before ``as_of``, or None."""
    known = [value for value in values if value.on <= as_of]
    return max(known, key=lambda value: value.on, default=None)


def trend(direction, baseline, values, as_of):
    """The trend of an indicator with ``direction`` and ``baseline`` (a Measurement or None)
    whose measured ``values`` are Measurements, as of ``as_of``."""
    if direction not in DIRECTIONS:
        raise ValueError(f"An indicator's direction is one of {DIRECTIONS}, not {direction!r}.")
    last = latest(values, as_of)
    if baseline is None or last is None:
        return NO_DATA
    change = Decimal(last.value) - Decimal(baseline.value)
    if abs(change) <= abs(Decimal(baseline.value)) * UNCHANGED_BAND:
        return UNCHANGED
    lower = change < 0
    return IMPROVING if lower == (direction == LOWER_IS_BETTER) else WORSENING


def number(value):
    """A measured value for the JSON: a number, as the design card writes it (18.0)."""
    return None if value is None else float(value)


@dataclass(frozen=True)
class IndicatorFacts:
    key: str
    name: str
    unit: str
    direction: str
    source: str
    focus_area: str | None  # the title of its focus area
    baseline: Measurement | None
    target: Decimal | None
    values: tuple  # Measurements, by date


@dataclass(frozen=True)
class IndicatorResult:
    facts: IndicatorFacts
    as_of: datetime.date
    values: tuple  # the Measurements up to as_of, by date
    latest: Measurement | None
    trend: str

    @property
    def key(self):
        return self.facts.key

    def to_json(self):
        facts = self.facts
        baseline = facts.baseline
        return {
            "key": facts.key,
            "name": facts.name,
            "unit": facts.unit,
            "direction": facts.direction,
            "baseline": (
                {"date": baseline.on.isoformat(), "value": number(baseline.value)}
                if baseline
                else None
            ),
            "target": number(facts.target),
            "latest": (
                {"date": self.latest.on.isoformat(), "value": number(self.latest.value)}
                if self.latest
                else None
            ),
            "trend": self.trend,
            "values": [{"date": v.on.isoformat(), "value": number(v.value)} for v in self.values],
        }


def evaluate(indicators, as_of):
    """The :class:`IndicatorResult` of each of ``indicators`` (IndicatorFacts) as of ``as_of``:
    only values measured on or before it are seen."""
    results = []
    for facts in indicators:
        seen = tuple(sorted((v for v in facts.values if v.on <= as_of), key=lambda v: v.on))
        results.append(
            IndicatorResult(
                facts=facts,
                as_of=as_of,
                values=seen,
                latest=seen[-1] if seen else None,
                trend=trend(facts.direction, facts.baseline, seen, as_of),
            )
        )
    return results


def last_measured(result, since):
    """The day ``result``'s indicator was last measured: its latest value's, else its
    baseline's, else ``since`` (the promise's first day: nothing has been measured in it)."""
    if result.latest is not None:
        return result.latest.on
    if result.facts.baseline is not None:
        return result.facts.baseline.on
    return since


def is_overdue(result, since):
    """Whether ``result``'s indicator has had no value for more than STALE_AFTER_MONTHS months
    as of ``result.as_of`` (13 months after 2024-10-01 is 2025-11-01: overdue from 2025-11-02)."""
    return result.as_of > add_months(last_measured(result, since), STALE_AFTER_MONTHS)
