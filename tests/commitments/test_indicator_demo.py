"""The demo's outcome indicators: made-up figures, said to be so, that show every trend."""

import datetime

import pytest

from commitments.demo import DEMO_NOTE, load_demo
from commitments.models import Indicator, IndicatorValue
from followup.loading import followup_for

D = datetime.date


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 12), tick=False)
    return load_demo()


def trends(promise, as_of):
    return {result.key: result.trend for result in followup_for(promise, as_of).indicators}


def test_every_trend_shows(demo):
    assert trends(demo, D(2025, 12, 31)) == {
        "otrygghet-kvall": "improving",
        "narkotika-provat-ak9": "worsening",
        "narkotikabrott-per-1000": "unchanged",
        "vnr-misshandel-per-1000": "no_data",
    }


def test_every_demo_value_says_it_is_made_up(demo):
    notes = set(IndicatorValue.objects.values_list("note", flat=True))
    assert notes == {DEMO_NOTE} == {"Påhittat demovärde – inte verklig statistik."}


def test_values_a_year_from_a_baseline_in_2023(demo):
    indicator = Indicator.objects.get(promise=demo, key="otrygghet-kvall")
    assert indicator.baseline_on.year == 2023
    assert [v.measured_on.year for v in indicator.values.all()] == [2024, 2025]
    assert all(v.entered_by is not None for v in IndicatorValue.objects.all())


def test_running_it_twice_changes_nothing(demo):
    before = (
        list(Indicator.objects.values_list("key", "baseline_on", "baseline_value", "version")),
        IndicatorValue.objects.count(),
        IndicatorValue.history.count(),
        Indicator.history.count(),
    )
    load_demo()
    assert (
        list(Indicator.objects.values_list("key", "baseline_on", "baseline_value", "version")),
        IndicatorValue.objects.count(),
        IndicatorValue.history.count(),
        Indicator.history.count(),
    ) == before


def test_values_after_today_are_left_out(db, time_machine):
    time_machine.move_to(datetime.datetime(2024, 11, 1, 12), tick=False)
    promise = load_demo()
    assert max(IndicatorValue.objects.values_list("measured_on", flat=True)) <= D(2024, 11, 1)
    assert trends(promise, D(2024, 11, 1))["otrygghet-kvall"] == "improving"
