""" "Starta nästa löfte" copies the outcome indicators: the new promise is measured from where
the old one left off (its latest value is the new baseline); the values stay with the old."""

import datetime
from decimal import Decimal

import pytest

from commitments.models import IndicatorValue
from tests.commitments.test_services import start_next
from tests.factories import FocusAreaFactory, IndicatorFactory, IndicatorValueFactory

D = datetime.date


@pytest.fixture
def old(promise, focus_area):
    """Three indicators: one with values (entered out of date order), one with a baseline and no
    values, one with neither."""
    FocusAreaFactory(promise=promise, title="Trygghet")
    safety = IndicatorFactory(
        promise=promise, key="otrygghet", name="Andel otrygga", source="Polisens trygghetsmätning",
        baseline_on=D(2023, 10, 1), baseline_value=Decimal("18.0"), target=Decimal("15.0"),
        position=0,
    )  # fmt: skip
    for day, value in [(D(2025, 10, 1), "16.1"), (D(2024, 10, 1), "17.2"), (D(2025, 3, 1), "20")]:
        IndicatorValueFactory(indicator=safety, measured_on=day, value=Decimal(value))
    IndicatorFactory(
        promise=promise, key="provat", name="Elever som provat narkotika", focus_area=focus_area,
        unit="rate", direction="higher_is_better", source="CAN", baseline_on=D(2023, 4, 15),
        baseline_value=Decimal("6.0"), target=None, position=1,
    )  # fmt: skip
    IndicatorFactory(
        promise=promise, key="index", name="Index", unit="index", source="",
        baseline_on=None, baseline_value=None, target=None, position=2,
    )  # fmt: skip
    return promise


def fields(promise):
    return [
        (i.key, i.name, i.unit, i.direction, i.source,
         i.focus_area.title if i.focus_area else None, i.target, i.position)
        for i in promise.indicators.select_related("focus_area")
    ]  # fmt: skip


def test_indicators_are_copied_with_their_focus_area_by_title(old):
    draft = start_next(old)
    assert fields(draft) == fields(old)
    copy = draft.indicators.get(key="provat")
    assert copy.focus_area.promise == draft
    assert copy.focus_area != old.indicators.get(key="provat").focus_area


def test_the_latest_value_is_the_new_baseline(old):
    draft = start_next(old)
    assert [(i.key, i.baseline_on, i.baseline_value) for i in draft.indicators.all()] == [
        ("otrygghet", D(2025, 10, 1), Decimal("16.1")),  # the latest by date, not by entry
        ("provat", D(2023, 4, 15), Decimal("6.0")),  # no value: the old baseline
        ("index", None, None),
    ]


def test_values_are_not_copied_and_the_old_indicators_are_unchanged(old):
    before = fields(old), list(old.indicators.values_list("baseline_on", "baseline_value"))
    draft = start_next(old)
    assert not IndicatorValue.objects.filter(indicator__promise=draft).exists()
    assert IndicatorValue.objects.filter(indicator__promise=old).count() == 3
    assert (
        fields(old),
        list(old.indicators.values_list("baseline_on", "baseline_value")),
    ) == before
