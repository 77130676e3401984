"""The outcome indicators' trend rule (DESIGN, "Outcome indicators") at its boundaries."""

import datetime
from decimal import Decimal

import pytest

from followup.indicators import (
    HIGHER_IS_BETTER,
    IMPROVING,
    LOWER_IS_BETTER,
    NO_DATA,
    UNCHANGED,
    WORSENING,
    Measurement,
    latest,
    trend,
)

D = datetime.date
BASELINE = Measurement(D(2023, 10, 1), Decimal("18.0"))  # % who feel unsafe at night
MEASURED = D(2024, 10, 1)


def value(text, on=MEASURED):
    return Measurement(on, Decimal(text))


@pytest.mark.parametrize(
    ("latest_value", "lower_is_better", "higher_is_better"),
    [
        ("16.0", IMPROVING, WORSENING),
        ("17.82", UNCHANGED, UNCHANGED),  # exactly 1 % of 18.0 below it
        ("17.81", IMPROVING, WORSENING),  # just outside the band
        ("18.0", UNCHANGED, UNCHANGED),
        ("18.18", UNCHANGED, UNCHANGED),  # exactly 1 % above
        ("18.19", WORSENING, IMPROVING),
        ("25", WORSENING, IMPROVING),
    ],
)
def test_the_latest_value_against_the_baseline(latest_value, lower_is_better, higher_is_better):
    values = [value(latest_value)]
    assert trend(LOWER_IS_BETTER, BASELINE, values, D(2025, 1, 1)) == lower_is_better
    assert trend(HIGHER_IS_BETTER, BASELINE, values, D(2025, 1, 1)) == higher_is_better


def test_only_the_latest_value_up_to_the_date_counts():
    values = [value("25", D(2024, 10, 1)), value("16", D(2025, 10, 1)), value("30", D(2026, 10, 1))]
    assert trend(LOWER_IS_BETTER, BASELINE, values, D(2024, 12, 31)) == WORSENING
    assert trend(LOWER_IS_BETTER, BASELINE, values, D(2025, 10, 1)) == IMPROVING
    assert latest(values, D(2025, 10, 1)).value == Decimal("16")
    assert trend(LOWER_IS_BETTER, BASELINE, values, D(2026, 12, 31)) == WORSENING


def test_no_data_without_a_value_or_a_baseline_by_the_date():
    assert trend(LOWER_IS_BETTER, BASELINE, [], D(2025, 1, 1)) == NO_DATA
    assert trend(LOWER_IS_BETTER, BASELINE, [value("10", D(2025, 6, 1))], D(2025, 1, 1)) == NO_DATA
    assert trend(LOWER_IS_BETTER, None, [value("10")], D(2025, 1, 1)) == NO_DATA


def test_a_zero_baseline_has_no_band():
    zero = Measurement(D(2023, 1, 1), Decimal("0"))
    assert trend(LOWER_IS_BETTER, zero, [value("0")], D(2025, 1, 1)) == UNCHANGED
    assert trend(LOWER_IS_BETTER, zero, [value("0.1")], D(2025, 1, 1)) == WORSENING
    assert trend(HIGHER_IS_BETTER, zero, [value("0.1")], D(2025, 1, 1)) == IMPROVING


def test_a_direction_it_does_not_know_is_refused():
    with pytest.raises(ValueError, match="lower_is_better"):
        trend("up", BASELINE, [value("16")], D(2025, 1, 1))
