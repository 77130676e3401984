"""Bad input to any URL gets 400 or 404 with a Swedish answer, never 500 (DESIGN: "Bad input").

Every address of the staff pages and the API, with what a typo, a fuzzer or an attacker sends:
dates outside 1900–2100 or not dates at all, NUL (which PostgreSQL refuses in a query),
300 characters, numbers too large for the database. The suite runs on SQLite and PostgreSQL.
"""

import datetime

import pytest
from django.urls import Resolver404, resolve, reverse

from alvsbyn_promises.errors import shown
from tests.factories import ActivityFactory, CommitmentFactory

LONG = "x" * 300
HUGE = "99999999999999999999"
BAD_DATES = ["9999-12-31", "0001-01-01", "2025-02-30", "abc", "\x00", LONG]
GARBAGE = ["abc", "\x00", HUGE, "-1", "9999-12-31", "0001-01-01", LONG]


@pytest.fixture
def site(client, promise, focus_area, police_reporter, time_machine):
    """The personas' promise, in force until superseded (so a far date reaches far), with one
    activity; the police reporter signed in."""
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12), tick=False)
    promise.until_superseded = True
    promise.save()
    commitment = CommitmentFactory(
        focus_area=focus_area, key="hundsok", responsible=[promise.police_area]
    )
    activity = ActivityFactory(commitment=commitment, reported_by=police_reporter)
    client.force_login(police_reporter)
    return activity


def url(name, *args):
    return reverse(name, args=["lofte", *args])


REPORT_VIEWS = ["report", "report_pdf", "report_xlsx"]
DATE_CASES = [
    *[("dashboard", "as_of", value) for value in BAD_DATES],
    *[(view, name, value) for view in REPORT_VIEWS for name in ("as_of", "from", "to")
      for value in BAD_DATES],
]  # fmt: skip


@pytest.mark.parametrize("view, name, value", DATE_CASES)
def test_a_bad_date_is_the_400_page(client, site, view, name, value):
    response = client.get(url(view), {name: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "<h1>Kontrollera adressen</h1>" in response.text
    assert f"{name} måste vara ett datum" in response.text


@pytest.mark.parametrize("value", BAD_DATES)
def test_a_bad_date_in_the_api_is_a_json_400(client, site, value):
    response = client.get(url("followup_json"), {"as_of": value})
    assert response.status_code == 400
    assert response.json()["error"].startswith("as_of måste vara ett datum")


@pytest.mark.parametrize("view", ["dashboard", "report", "report_xlsx", "followup_json"])
@pytest.mark.parametrize("day", ["1900-01-01", "2100-12-31"])
def test_the_first_and_last_day_of_the_bounds_are_answered(client, site, view, day):
    assert client.get(url(view), {"as_of": day, "from": day, "to": day}).status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "\x00", LONG, "\u0662"])
def test_a_malformed_page_number_is_the_400_page(client, site, page):
    response = client.get(url("activity_list"), {"page": page})
    assert response.status_code == 400
    assert f"page måste vara ett heltal från 1, inte {shown(page)}." in response.text


@pytest.mark.parametrize("page", [HUGE, "1" * 300, "2"])
def test_a_page_past_the_last_shows_the_last(client, site, page):
    response = client.get(url("activity_list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1  # one activity, one page


FILTER_CASES = [
    *[(name, value, 400) for name in ("focus_area", "commitment", "organisation", "date_from",
                                      "date_to") for value in GARBAGE],
    *[("kind", value, 400 if value == "\x00" else 200) for value in GARBAGE],
    *[("mine", value, 200) for value in GARBAGE],
]  # fmt: skip


@pytest.mark.parametrize("csv", [False, True], ids=["page", "csv"])
@pytest.mark.parametrize("name, value, status", FILTER_CASES)
def test_a_filter_that_cannot_be_read_lists_nothing(client, site, name, value, status, csv):
    params = {name: value, **({"format": "csv"} if csv else {})}
    response = client.get(url("activity_list"), params)
    assert response.status_code == status
    if status == 400:
        # Not the list with that filter left out: an export of more than was asked for.
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert "Filtret gick inte att läsa." in response.text
        assert 'class="invalid-feedback"' in response.text


def test_a_date_filter_outside_1900_to_2100_says_so_by_the_field(client, site):
    response = client.get(url("activity_list"), {"date_from": "9999-12-31"})
    assert "Från måste vara ett datum under åren 1900–2100, inte 9999-12-31." in response.text


@pytest.mark.parametrize("value", ["CSV", "\x00", "xlsx", "", LONG])
def test_an_unknown_format_is_the_page(client, site, value):
    response = client.get(url("activity_list"), {"format": value})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("key", ["\x00", "hundsok\x00", "unknown", LONG, HUGE, "hund sök"])
def test_logging_for_a_commitment_that_is_none_is_a_404(client, site, key):
    response = client.get(url("activity_create"), {"commitment": key})
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in response.text


@pytest.mark.parametrize("view", ["activity_detail", "activity_edit", "activity_delete"])
@pytest.mark.parametrize("pk", [0, 2**63 - 1, 2**63, 2**64, int(HUGE)])
def test_an_activity_id_out_of_range_is_a_404(client, site, view, pk):
    path = url(view, 1).replace("/1/", f"/{pk}/")
    assert client.get(path).status_code == 404


def test_an_id_beyond_a_bigint_matches_no_address():
    # The <id:pk> converter stops it before the database, whatever the driver would do with it.
    with pytest.raises(Resolver404):
        resolve(f"/promises/lofte/activities/{2**63}/")
    assert resolve(f"/promises/lofte/activities/{2**63 - 1}/").kwargs["pk"] == 2**63 - 1


ADMIN_NUL = [
    "/admin/autocomplete/?app_label=commitments&model_name=activity&field_name=commitment&term=%00",
    "/admin/autocomplete/?app_label=commitments&model_name=promise&field_name=replaces&term=%00",
    "/admin/commitments/organisation/?name=%00",
    "/admin/commitments/activity/?kind__exact=%00",
    "/admin/commitments/activity/?q=%00",
    "/admin/axes/accessattempt/?username=%00",
    "/admin/commitments/activity/?%00=1",
]


@pytest.mark.parametrize("path", ADMIN_NUL)
def test_nul_in_an_admin_address_is_the_400_page(client, admin_user, path):
    # The admin puts its searches and filters straight into queries; PostgreSQL refuses NUL.
    client.force_login(admin_user)
    response = client.get(path)
    assert response.status_code == 400
    assert "Adressen innehåller ett NUL-tecken, som inget kan sökas efter." in response.text


def test_the_admin_autocomplete_still_answers(client, admin_user, site):
    client.force_login(admin_user)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "commitments", "model_name": "activity", "field_name": "commitment",
         "term": "hund"},
    )  # fmt: skip
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(site.commitment.pk)]


@pytest.mark.parametrize("params", [{"format": "csv"}, {}], ids=["csv", "page"])
def test_a_commitment_filter_naming_none_of_the_promise_exports_nothing(
    client, site, focus_area, params
):
    # ?format=csv&commitment=999999 once exported every activity of the promise.
    other = CommitmentFactory(key="annat")  # another promise's
    assert site.description in client.get(url("activity_list"), params).getvalue().decode()
    for pk in ("999999", str(other.pk)):
        response = client.get(url("activity_list"), {"commitment": pk, **params})
        assert response.status_code == 400
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert "Filtret gick inte att läsa." in response.text
        assert site.description not in response.text
