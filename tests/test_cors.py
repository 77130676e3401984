"""Cross-origin reading: the open data only (alvsbyn_promises.cors), nothing else of the site."""

import pytest
from django.test import Client

from tests.commitments import open_data_world

today, world = open_data_world.today, open_data_world.world  # the fixtures

ORIGIN = {"HTTP_ORIGIN": "https://tidning.example"}
OPEN = [
    "/api/promises/",
    "/api/promises/lofte/commitments.csv",
    "/api/promises/lofte/activities.csv",
    "/promises/lofte/feed/",
    "/api/promises/lofte/followup.json",
]


def allowed(response):
    return response.get("Access-Control-Allow-Origin")


@pytest.mark.parametrize("path", OPEN)
def test_the_open_data_may_be_read_from_any_site_without_credentials(client, world, path):
    response = client.get(path, **ORIGIN)
    assert response.status_code == 200
    assert allowed(response) == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies


@pytest.mark.parametrize("path", OPEN[:4])
def test_and_head(client, world, path):
    response = client.head(path, **ORIGIN)
    assert response.status_code == 200 and allowed(response) == "*"


@pytest.mark.parametrize("path", OPEN)
def test_a_preflight_is_refused(client, world, path):
    """Only simple GETs are meant: a script that asks to send more is told no (405)."""
    response = client.options(
        path, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **ORIGIN
    )  # fmt: skip
    assert response.status_code == 405
    assert allowed(response) is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/promises/?status=nope",
        "/api/promises/okand/commitments.csv",
        "/api/promises/okand/activities.csv",
        "/promises/okand/feed/",
    ],
)
def test_the_open_data_s_errors_may_be_read_too(client, world, path):
    response = client.get(path, **ORIGIN)
    assert response.status_code in (400, 404)
    assert allowed(response) == "*"


def test_the_signed_in_get_the_same_header_and_no_more(client, world, police_reporter):
    client.force_login(police_reporter)
    for path in OPEN:
        response = client.get(path, **ORIGIN)
        assert allowed(response) == "*"
        assert "Access-Control-Allow-Credentials" not in response


def test_follow_up_json_of_a_promise_not_public_carries_no_header(client, world, police_reporter):
    world["promise"].public = False
    world["promise"].save()
    client.force_login(police_reporter)
    response = client.get("/api/promises/lofte/followup.json", **ORIGIN)
    assert response.status_code == 200  # a member reads it
    assert allowed(response) is None


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/promises/",
        "/promises/lofte/",
        "/promises/lofte/commitments/trafik-kontroller/",
        "/accounts/login/",
        "/admin/",
        "/admin/login/",
        "/healthz",
        "/promises/okand/",
    ],
)
def test_no_other_page_may_be_read_from_another_site(world, path):
    response = Client().get(path, **ORIGIN)
    assert response.status_code in (200, 302, 404)
    assert allowed(response) is None


@pytest.mark.parametrize(
    "path",
    [
        "/promises/lofte/",
        "/promises/lofte/followup/",
        "/promises/lofte/activities/",
        "/promises/lofte/activities/?format=csv",
        "/promises/lofte/report/",
        "/promises/lofte/plans/",
        "/accounts/calendar/",
        "/admin/",
        "/admin/commitments/promise/",
    ],
)
def test_no_staff_page_may_be_read_from_another_site(client, world, admin_user, path):
    client.force_login(admin_user)
    response = client.get(path, **ORIGIN)
    assert response.status_code == 200
    assert allowed(response) is None
