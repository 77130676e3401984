""" "Att göra": what a reporter's or coordinator's organisation must do next, across promises."""

import datetime

import pytest
from django.urls import reverse

from commitments.enums import Role
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    MembershipFactory,
    PromiseFactory,
)

D = datetime.date


@pytest.fixture
def todo(client):
    def todo(user):
        client.force_login(user)
        return client.get(reverse("todo"))

    return todo


def keys(response):
    return [(item.promise.slug, item.result.key) for item in response.context["todo"].items]


def test_the_police_see_their_commitments_that_need_action_most_urgent_first(
    todo, police_reporter, zoo
):
    # As of 2025-10-20: behind, at risk, the milestone that was due 2025-06-30, an ongoing
    # commitment gone quiet and one not started; nothing that is met, done or on track.
    assert keys(todo(police_reporter)) == [
        ("lofte", "behind"), ("lofte", "missed"), ("lofte", "at-risk"), ("lofte", "inactive"),
        ("lofte", "not-started"),
    ]  # fmt: skip


def test_each_says_what_is_needed_and_offers_to_log(todo, police_reporter, zoo, promise):
    text = todo(police_reporter).text
    assert "<h1>Att göra</h1>" in text
    assert "2 till före 2025-12-31" in text
    assert "Skulle ha varit klar senast 2025-06-30." in text
    assert "Inget registrerat sedan 2025-03-01." in text
    assert f"{reverse('activity_create', args=[promise.slug])}?commitment=behind" in text


def test_only_their_organisations_commitments(todo, municipal_reporter, zoo):
    assert keys(todo(municipal_reporter)) == []
    assert "Inget behöver göras just nu" in todo(municipal_reporter).text


def test_a_milestone_due_within_60_days_is_listed_and_not_before(
    todo, police_reporter, promise, focus_area, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 5, 1, 12), tick=False)
    CommitmentFactory(focus_area=focus_area, key="snart", milestone=True, due_on=D(2025, 6, 30))
    CommitmentFactory(focus_area=focus_area, key="sedan", milestone=True, due_on=D(2025, 7, 1))
    for key in ("snart", "sedan"):
        ActivityFactory(commitment=promise.commitments.get(key=key), occurred_on=D(2025, 4, 1))
    assert keys(todo(police_reporter)) == [("lofte", "snart")]


def test_across_every_promise_in_force(todo, police_reporter, promise, zoo):
    other = PromiseFactory(slug="pitea", title="Medborgarlöfte Piteå",
                           police_area=promise.police_area)  # fmt: skip
    CommitmentFactory(focus_area=FocusAreaFactory(promise=other), key="pitea-hundsok")
    ended = PromiseFactory(slug="gammalt", police_area=promise.police_area,
                           valid_from=D(2022, 1, 1), valid_until=D(2023, 12, 31))  # fmt: skip
    CommitmentFactory(focus_area=FocusAreaFactory(promise=ended), key="gammal")
    found = keys(todo(police_reporter))
    assert ("pitea", "pitea-hundsok") in found
    assert all(slug != "gammalt" for slug, _ in found)


def test_coordinators_see_it_too(todo, promise, zoo):
    from tests.factories import UserFactory

    user = UserFactory(username="samordnare-polis")
    MembershipFactory(user=user, organisation=promise.police_area, role=Role.COORDINATOR)
    assert len(keys(todo(user))) == 5


def test_reviewers_and_admins_go_to_their_promises(todo, reviewer, admin_user, zoo):
    assert todo(reviewer)["Location"] == reverse("home")
    assert todo(admin_user)["Location"] == reverse("home")


def test_the_header_offers_it_to_those_who_log(client, police_reporter, reviewer, zoo, promise):
    client.force_login(police_reporter)
    assert f'href="{reverse("todo")}"' in client.get(reverse("home")).text
    client.force_login(reviewer)
    assert f'href="{reverse("todo")}"' not in client.get(reverse("home")).text
