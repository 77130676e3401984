import datetime

import pytest

from commitments.dates import add_months
from commitments.models import Activity, Commitment
from commitments.services import start_next_promise
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    OrganisationFactory,
    PromiseFactory,
)

D = datetime.date


@pytest.fixture
def promise_with_everything(promise):
    promise.until_superseded = True
    promise.signed_on = D(2023, 12, 1)
    promise.save()
    promise.other_parties.add(OrganisationFactory(name="Räddningstjänsten"))
    area = FocusAreaFactory(promise=promise, title="Lokala problembilder", description="Under året")
    problem = LocalProblemFactory(
        focus_area=area, title="Trafik", status="plan_adopted", raised_on=D(2024, 8, 27)
    )
    parent = CommitmentFactory(
        focus_area=area, key="vandringar", quota_target=5, quota_kinds=["vandring"]
    )
    CommitmentFactory(focus_area=area, key="centrum", parent=parent, quota_target=1)
    CommitmentFactory(
        focus_area=area, key="koncept", milestone=True, due_on=D(2024, 6, 30),
        responsible=[promise.police_area, promise.municipality],
    )  # fmt: skip
    CommitmentFactory(focus_area=area, local_problem=problem, key="trafik", ongoing=True)
    ActivityFactory(commitment=parent, occurred_on=D(2024, 5, 1))
    return promise


def test_start_next_promise_copies_into_a_draft_that_replaces_it(promise_with_everything):
    old = promise_with_everything

    draft = start_next_promise(old)

    assert draft.replaces == old
    assert not draft.published
    assert draft.slug != old.slug
    assert (draft.valid_from, draft.valid_until) == (D(2026, 1, 1), D(2027, 12, 31))
    assert draft.signed_on is None
    assert draft.until_superseded
    assert list(draft.other_parties.values_list("name", flat=True)) == ["Räddningstjänsten"]
    area = draft.focus_areas.get()
    assert (area.title, area.description) == ("Lokala problembilder", "Under året")
    problem = area.local_problems.get()
    assert (problem.title, problem.status, problem.raised_on) == (
        "Trafik",
        "plan_adopted",
        D(2026, 8, 27),
    )
    copies = {c.key: c for c in draft.commitments.all()}
    assert set(copies) == {"vandringar", "centrum", "koncept", "trafik"}
    assert copies["centrum"].parent == copies["vandringar"]
    assert copies["vandringar"].quota_kinds == ["vandring"]
    assert copies["koncept"].due_on == D(2026, 6, 30)
    assert set(copies["koncept"].responsible.all()) == {old.police_area, old.municipality}
    assert copies["trafik"].local_problem == problem


def test_activities_are_not_copied(promise_with_everything):
    draft = start_next_promise(promise_with_everything)
    assert not Activity.objects.filter(commitment__promise=draft).exists()
    assert Activity.objects.filter(commitment__promise=promise_with_everything).count() == 1


def test_the_old_promise_is_unchanged_and_still_extended(promise_with_everything):
    old = promise_with_everything
    keys = set(old.commitments.values_list("key", flat=True))
    start_next_promise(old)
    assert set(Commitment.objects.filter(promise=old).values_list("key", flat=True)) == keys
    # A draft is not a new promise given: the old one stays in force.
    assert old.effective_end() is None


def test_odd_lengths_move_on_by_days(db):
    old = PromiseFactory(slug="kort", valid_from=D(2024, 3, 10), valid_until=D(2024, 9, 20))
    draft = start_next_promise(old)
    assert (draft.valid_from, draft.valid_until) == (D(2024, 9, 21), D(2025, 4, 3))


def test_slug_takes_the_new_start_year_and_stays_unique(db):
    old = PromiseFactory(slug="alvsbyn-2024")
    assert start_next_promise(old).slug == "alvsbyn-2026"
    assert start_next_promise(old).slug == "alvsbyn-2026-2"


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 11, 15), 3, D(2025, 2, 15)),
    ],
)
def test_add_months_keeps_to_the_end_of_short_months(day, months, expected):
    assert add_months(day, months) == expected
