"""Outcome indicators' trend: whether what the promise is meant to change got better.

DESIGN ("Outcome indicators"): an indicator's trend as of a date compares its latest value (the
newest measured on or before that date) with its baseline: ``improving`` or ``worsening`` as its
direction says, ``unchanged`` within 1 % of the baseline's value, ``no_data`` without a value (or
a baseline) to compare. Plain Python over plain values, as the engine is: the models and pages
of issue 12 read the values and call it.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

LOWER_IS_BETTER = "lower_is_better"
HIGHER_IS_BETTER = "higher_is_better"
DIRECTIONS = (LOWER_IS_BETTER, HIGHER_IS_BETTER)

IMPROVING = "improving"
WORSENING = "worsening"
UNCHANGED = "unchanged"
NO_DATA = "no_data"

# A change of at most this share of the baseline's value is no change.
UNCHANGED_BAND = Decimal("0.01")


class Measurement(NamedTuple):
    on: datetime.date
    value: Decimal


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
