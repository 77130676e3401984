import datetime
import re

import pytest
from django.urls import reverse

from commitments.enums import Role
from tests.factories import CommitmentFactory, FocusAreaFactory, MembershipFactory, PromiseFactory


def test_member_of_one_promise_sees_it_with_its_status_and_counts(
    client, promise, reviewer, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 6, 1, 12), tick=False)
    CommitmentFactory(focus_area=FocusAreaFactory(promise=promise), quota_target=1)
    client.force_login(reviewer)
    response = client.get(reverse("home", query={"page": "1"}))
    assert response.status_code == 200
    text = response.text
    assert f'href="{promise.get_absolute_url()}"' in text
    assert "Status: <strong>Aktiv</strong>" in text
    assert reverse("dashboard", args=[promise.slug]) in text
    assert re.search(r'">I fas</span>\s*1<', text)


def test_home_lists_at_most_a_page_of_promises(client, admin_user):
    for n in range(25):
        PromiseFactory(slug=f"lofte-{n:02}", title=f"Medborgarlöfte {n:02}")
    client.force_login(admin_user)
    first = client.get(reverse("home")).text
    assert "Medborgarlöfte 00" in first and "Medborgarlöfte 19" in first
    assert "Medborgarlöfte 20" not in first
    assert "Medborgarlöfte 24" in client.get(reverse("home"), {"page": "2"}).text


def test_member_of_several_promises_chooses(client, promise, police_reporter):
    PromiseFactory(slug="pitea-2024", title="Medborgarlöfte Piteå", police_area=promise.police_area)
    client.force_login(police_reporter)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Medborgarlöfte Piteå" in response.text and promise.title in response.text


def test_drafts_are_not_listed_for_members(client, promise, police_reporter):
    PromiseFactory(slug="utkast", title="Nästa löfte", police_area=promise.police_area, draft=True)
    client.force_login(police_reporter)
    text = client.get(reverse("home")).text
    assert promise.title in text and "Nästa löfte" not in text


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


def test_visitor_sees_the_latest_public_promises_and_a_search_of_all(
    client, db, django_assert_num_queries
):
    """The whole country's public promises are on the public list: the home page shows the
    latest few, in as many queries however many there are."""
    PromiseFactory.create_batch(3, public=True)
    with django_assert_num_queries(1):
        few = client.get(reverse("home")).text
    assert few.count('class="list-group-item"') == 3
    assert "Alla offentliga löften" not in few
    PromiseFactory.create_batch(30, public=True)
    with django_assert_num_queries(1):
        many = client.get(reverse("home")).text
    assert many.count('class="list-group-item"') == 20
    assert f'<a href="{reverse("promise_list")}">Alla offentliga löften</a>' in many
    assert 'role="search"' in many and 'name="q"' in many
