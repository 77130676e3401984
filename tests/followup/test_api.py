import datetime

import jsonschema
import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, CommitmentFactory

from .test_followup import SCHEMA

D = datetime.date


@pytest.fixture
def url(promise, focus_area):
    commitment = CommitmentFactory(focus_area=focus_area, key="hundsok")
    ActivityFactory(commitment=commitment, occurred_on=D(2024, 3, 20))
    return reverse("followup_json", args=[promise.slug])


def get(client, url, user=None, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


@pytest.mark.parametrize(
    "persona", ["police_reporter", "municipal_reporter", "coordinator", "reviewer", "admin_user"]
)
def test_members_of_a_party_and_admins_see_it(client, url, request, persona):
    response = get(client, url, request.getfixturevalue(persona), as_of="2024-06-01")
    assert response.status_code == 200
    data = response.json()
    assert (data["promise"], data["as_of"]) == ("lofte", "2024-06-01")
    assert data["commitments"][0]["periods"][0]["count"] == 1


@pytest.mark.parametrize("persona", [None, "stranger"])
def test_others_are_told_it_does_not_exist(client, url, request, persona):
    user = request.getfixturevalue(persona) if persona else None
    assert get(client, url, user).status_code == 404


@pytest.mark.parametrize("persona", [None, "stranger"])
def test_anyone_sees_a_public_promise(client, url, promise, request, persona):
    promise.public = True
    promise.save()
    user = request.getfixturevalue(persona) if persona else None
    assert get(client, url, user, as_of="2024-06-01").status_code == 200


def test_a_draft_is_for_admins_only(client, url, promise, reviewer, admin_user):
    promise.published = False
    promise.public = True
    promise.save()
    assert get(client, url, reviewer).status_code == 404
    assert get(client, url, admin_user).status_code == 200


def test_unknown_promise(client, admin_user, db):
    assert get(client, reverse("followup_json", args=["nowhere"]), admin_user).status_code == 404


@pytest.mark.parametrize("as_of", ["2024-13-01", "yesterday", "2024-6-1", "2024-W01-1"])
def test_bad_as_of_is_a_400_with_a_json_error(client, url, reviewer, as_of):
    response = get(client, url, reviewer, as_of=as_of)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": f"as_of måste vara ett datum skrivet ÅÅÅÅ-MM-DD, inte {as_of}."
    }


@pytest.mark.parametrize("as_of", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_as_of_outside_1900_to_2100_is_a_400_with_a_json_error(client, url, reviewer, as_of):
    response = get(client, url, reviewer, as_of=as_of)
    assert response.status_code == 400
    assert response.json() == {
        "error": f"as_of måste vara ett datum under åren 1900–2100, inte {as_of}."
    }


@pytest.mark.parametrize("as_of", ["1900-01-01", "2100-12-31"])
def test_the_first_and_last_days_of_the_bounds_are_answered(client, url, reviewer, as_of):
    assert get(client, url, reviewer, as_of=as_of).json()["as_of"] == as_of


@pytest.mark.parametrize("params", [{}, {"as_of": ""}], ids=["absent", "blank"])
def test_as_of_defaults_to_today(client, url, reviewer, time_machine, params):
    time_machine.move_to(datetime.datetime(2025, 2, 3, 12), tick=False)
    assert get(client, url, reviewer, **params).json()["as_of"] == "2025-02-03"


def test_bad_date_of_a_hidden_promise_is_still_a_404(client, url, stranger):
    assert get(client, url, stranger, as_of="nonsense").status_code == 404


def test_post_is_not_allowed(client, url, reviewer):
    client.force_login(reviewer)
    assert client.post(url).status_code == 405


def test_a_daily_quota_asked_about_in_2100_answers_ten_years_at_most(client, promise, focus_area):
    # Anyone may ask about a public promise: a far date must cost no more than a near one.
    promise.until_superseded, promise.public = True, True
    promise.save()
    CommitmentFactory(focus_area=focus_area, key="dagligen", quota_target=1, quota_per="day")
    response = client.get(reverse("followup_json", args=[promise.slug]), {"as_of": "2100-12-31"})
    assert response.status_code == 200
    assert len(response.content) < 100_000
    data = response.json()
    jsonschema.validate(data, SCHEMA)
    (daily,) = data["commitments"]
    assert (len(daily["periods"]), daily["periods"][-1]["end"]) == (366, "2033-12-31")
    assert sum(year["periods"] for year in data["years"]) == 3653
