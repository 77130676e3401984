import datetime

import pytest

from commitments.dates import add_months
from commitments.models import Activity, Commitment, LocalProblem
from commitments.services import (
    SuccessorExists,
    next_promise_dates,
    promise_shift,
    start_next_promise,
)
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


def start_next(promise, **dates):
    """The next promise on the plain dates: from the day after the old one's end."""
    start, end = next_promise_dates(promise, promise.valid_until)
    return start_next_promise(
        promise,
        title=dates.get("title", promise.title),
        valid_from=dates.get("valid_from", start),
        valid_until=dates.get("valid_until", end),
    )


def test_start_next_promise_copies_into_a_draft_that_replaces_it(promise_with_everything):
    old = promise_with_everything

    draft = start_next(old, title="Medborgarlöfte 2026–2027")

    assert draft.replaces == old
    assert draft.title == "Medborgarlöfte 2026–2027"
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
    draft = start_next(promise_with_everything)
    assert not Activity.objects.filter(commitment__promise=draft).exists()
    assert Activity.objects.filter(commitment__promise=promise_with_everything).count() == 1


def test_the_old_promise_is_unchanged_and_still_extended(promise_with_everything):
    old = promise_with_everything
    keys = set(old.commitments.values_list("key", flat=True))
    start_next(old)
    assert set(Commitment.objects.filter(promise=old).values_list("key", flat=True)) == keys
    # A draft is not a new promise given: the old one stays in force.
    assert old.effective_end() is None


def test_odd_lengths_move_on_by_days(db):
    old = PromiseFactory(slug="kort", valid_from=D(2024, 3, 10), valid_until=D(2024, 9, 20))
    draft = start_next(old)
    assert (draft.valid_from, draft.valid_until) == (D(2024, 9, 21), D(2025, 4, 3))
    assert promise_shift(old)(D(2024, 9, 20)) == D(2025, 4, 3)


class TestNextPromiseDates:
    def test_the_day_after_the_old_end_while_that_is_still_ahead(self, db):
        old = PromiseFactory(valid_from=D(2024, 1, 1), valid_until=D(2025, 12, 31))
        assert next_promise_dates(old, D(2025, 11, 1)) == (D(2026, 1, 1), D(2027, 12, 31))

    def test_today_when_the_old_end_has_passed(self, db):
        # Two whole years stay two whole years, from whatever day it starts.
        old = PromiseFactory(valid_from=D(2024, 1, 1), valid_until=D(2025, 12, 31))
        assert next_promise_dates(old, D(2026, 11, 27)) == (D(2026, 11, 27), D(2028, 11, 26))

    def test_an_odd_length_is_kept_in_days(self, db):
        old = PromiseFactory(valid_from=D(2024, 3, 10), valid_until=D(2024, 9, 20))
        start, end = next_promise_dates(old, D(2025, 1, 15))
        assert start == D(2025, 1, 15)
        assert end - start == old.valid_until - old.valid_from


def test_slug_takes_the_new_start_year(db):
    old = PromiseFactory(slug="alvsbyn-2024")
    assert start_next(old).slug == "alvsbyn-2026"


def test_slug_stays_unique(db):
    PromiseFactory(slug="alvsbyn-2026", valid_from=D(2026, 1, 1), valid_until=D(2027, 12, 31))
    old = PromiseFactory(slug="alvsbyn-2024")
    assert start_next(old).slug == "alvsbyn-2026-2"


class TestOnlyOneNextPromise:
    def test_a_second_draft_is_refused(self, promise):
        draft = start_next(promise)
        with pytest.raises(SuccessorExists) as refused:
            start_next(promise)
        assert refused.value.successor == draft
        assert promise.successors.count() == 1

    def test_nor_once_a_successor_is_published(self, promise):
        given = PromiseFactory(
            replaces=promise, valid_from=D(2026, 1, 1), valid_until=D(2027, 12, 31)
        )
        with pytest.raises(SuccessorExists) as refused:
            start_next(promise)
        assert refused.value.successor == given


def test_dates_inside_move_as_the_start_does(promise_with_everything):
    # Started a year late: the milestone's due date and the problem's date move on as much.
    draft = start_next(
        promise_with_everything, valid_from=D(2027, 1, 1), valid_until=D(2028, 12, 31)
    )
    assert draft.commitments.get(key="koncept").due_on == D(2027, 6, 30)
    assert LocalProblem.objects.get(focus_area__promise=draft).raised_on == D(2027, 8, 27)


def test_the_copy_carries_sub_headings_follows_and_units(promise, focus_area):
    # One follower made before the commitment it follows (copied before it), one after.
    early = CommitmentFactory(
        focus_area=focus_area, key="deltagande-tidig", responsible=[promise.municipality]
    )
    control = CommitmentFactory(
        focus_area=focus_area, key="kontroll", group="Trafik", quota_unit="kontroller",
        quota_unit_one="kontroll", quota_average=True, publish_activities=True,
    )  # fmt: skip
    early.follows = control
    early.save()
    CommitmentFactory(
        focus_area=focus_area, key="deltagande", follows=control, responsible=[promise.municipality]
    )

    draft = start_next(promise)

    copies = {c.key: c for c in draft.commitments.all()}
    assert copies["deltagande"].follows == copies["kontroll"]
    assert copies["deltagande-tidig"].follows == copies["kontroll"]
    # Every field of a commitment is carried, but those that place it in the new promise (and
    # the count of its saves).
    placing = {
        "id", "promise", "focus_area", "local_problem", "parent", "follows", "due_on", "version",
    }  # fmt: skip
    for original in promise.commitments.all():
        copy = copies[original.key]
        for model_field in Commitment._meta.concrete_fields:
            if model_field.name not in placing:
                assert getattr(copy, model_field.attname) == getattr(
                    original, model_field.attname
                ), model_field.name
    assert (copies["kontroll"].group, copies["kontroll"].quota_unit_one) == ("Trafik", "kontroll")


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
