import pytest
from django.urls import reverse

from commitments.enums import Role
from tests.factories import MembershipFactory, PromiseFactory


def test_member_of_one_promise_goes_straight_to_it(client, promise, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("promise_detail", args=[promise.slug])


def test_member_of_several_promises_chooses(client, promise, police_reporter):
    PromiseFactory(slug="pitea-2024", title="Medborgarlöfte Piteå", police_area=promise.police_area)
    client.force_login(police_reporter)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Medborgarlöfte Piteå" in response.text and promise.title in response.text


def test_drafts_are_not_listed_for_members(client, promise, police_reporter):
    PromiseFactory(slug="utkast", title="Nästa löfte", police_area=promise.police_area, draft=True)
    client.force_login(police_reporter)
    assert client.get(reverse("home"))["Location"] == reverse("promise_detail", args=[promise.slug])


def test_member_without_promise_is_told_what_to_do(client, stranger):
    client.force_login(stranger)
    assert "Fråga din administratör" in client.get(reverse("home")).text


def test_visitor_sees_sign_in_and_public_promises(client, promise):
    promise.public = True
    promise.save()
    PromiseFactory(slug="hemligt", title="Ej offentligt")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("login") in response.text
    assert promise.title in response.text
    assert "Ej offentligt" not in response.text


@pytest.mark.parametrize("role", [Role.REPORTER, Role.REVIEWER])
def test_header_shows_the_users_organisation(client, promise, role):
    from tests.factories import UserFactory

    user = UserFactory(username="petra", first_name="Petra", last_name="Polis")
    MembershipFactory(user=user, organisation=promise.police_area, role=role)
    client.force_login(user)
    text = client.get(reverse("promise_detail", args=[promise.slug])).text
    assert "Petra Polis · Lokalpolisområde Piteå älvdal" in text
