"""followup.progress: the commitments by light and status, for the whole promise and per focus
area, equal to the follow-up's own counts; and the include that draws them with numbers in words."""

import datetime

import pytest
from django.template.loader import render_to_string

from followup.loading import followup_for
from followup.presentation import sections
from followup.progress import LIGHT_ORDER, progress
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
)

from .conftest import ZOO

D = datetime.date


@pytest.fixture
def second_area(promise, zoo):
    """A second focus area: a quota met with a sub-commitment behind, and a local problem's
    measure not started."""
    area = FocusAreaFactory(promise=promise, title="Trafik")
    parent = CommitmentFactory(focus_area=area, key="kontroller", quota_target=1)
    CommitmentFactory(focus_area=area, key="kontroller-centrum", parent=parent, quota_target=2)
    ActivityFactory(commitment=parent, occurred_on=D(2025, 3, 1))
    problem = LocalProblemFactory(focus_area=area, title="Buskörning")
    CommitmentFactory(focus_area=area, local_problem=problem, key="atgard", ongoing=True)
    return area


def result(promise, today):
    followup = followup_for(promise, today)
    grouped = sections(followup, promise.focus_areas.prefetch_related("local_problems"))
    return followup, progress(followup, grouped)


def test_the_total_counts_every_commitment_by_status_as_the_followup_does(
    promise, zoo, second_area, today
):
    followup, got = result(promise, today)
    assert got.total.total == len(followup.commitments) == len(ZOO) + 3
    assert dict(got.total.statuses) == {str(s): n for s, n in followup.summary.items()}
    assert [status for status, _n in got.total.statuses] == list(followup.summary)


def test_each_focus_area_counts_its_own_with_sub_commitments_and_measures(
    promise, zoo, second_area, today
):
    followup, got = result(promise, today)
    assert [area.title for area in got.areas] == ["Trygghet", "Trafik"]
    trygghet, trafik = got.areas
    assert trygghet.total == len(ZOO)
    for status, _fields, _days, _completes in ZOO.values():
        assert trygghet.count(status) == 1, status
    assert trafik.total == 3
    assert (trafik.count("met"), trafik.count("behind"), trafik.count("not_started")) == (1, 1, 1)
    for status, n in followup.summary.items():
        assert sum(area.count(status) for area in got.areas) == n


def test_lights_in_a_stable_order_with_their_statuses(promise, zoo, today):
    _followup, got = result(promise, today)
    bar = got.total
    assert [share.light for share in bar.shares] == LIGHT_ORDER
    green, amber, red, grey = bar.shares
    assert [s for s, _n in green.statuses] == ["met", "on_track", "done", "active"]
    assert [s for s, _n in amber.statuses] == ["at_risk", "in_progress", "not_started", "inactive"]
    assert [s for s, _n in red.statuses] == ["behind", "missed"]
    assert [s for s, _n in grey.statuses] == ["not_triggered"]
    assert (green.count, amber.count, red.count, grey.count) == (4, 4, 2, 1)
    assert [bar.count(light) for light in ("green", "amber", "red", "grey")] == [4, 4, 2, 1]
    # The segments lie end to end over the whole bar.
    assert green.start == 0
    assert amber.start == pytest.approx(green.width)
    assert grey.start + grey.width == pytest.approx(100)


def test_an_area_without_commitments_has_an_empty_bar(promise, zoo, today):
    FocusAreaFactory(promise=promise, title="Tom")
    _followup, got = result(promise, today)
    empty = got.areas[-1]
    assert (empty.total, empty.segments) == (0, [])
    assert all(share.width == 0 for share in empty.shares)


def test_the_include_says_every_number_in_words(promise, zoo, second_area, today):
    _followup, got = result(promise, today)
    html = render_to_string("followup/includes/progress.html", {"progress": got, "level": 3})
    assert "14 åtaganden:" in html
    assert (
        "<strong>5 uppfyllda eller i fas</strong> (uppfyllt 2, i fas 1, klart 1, aktiv 1)" in html
    )
    assert "<strong>3 efter eller missade</strong> (ligger efter 2, missat 1)" in html
    assert '<h3 class="h5 mb-1">Trafik</h3>' in html
    assert "<strong>1 uppfyllt eller i fas</strong> (uppfyllt 1)" in html
    # The numbers stand in the bar too (black on amber, white on the dark colours).
    assert 'fill="#ffffff">5</text>' in html and 'fill="#000000">5</text>' in html
    # Drawn with attributes only, numbers unlocalised ("35.714%", never "35,714%").
    assert 'width="35.714%"' in html and "," not in html.split("<svg")[1].split("</svg>")[0]
    compact = render_to_string(
        "followup/includes/progress.html", {"progress": got, "level": 3, "compact": True}
    )
    assert "Trafik" not in compact and "14 åtaganden:" in compact
