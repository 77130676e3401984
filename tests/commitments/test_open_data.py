"""Open data: the list of public promises (JSON) and each one's commitments and activities (CSV)."""

import csv
import datetime
import io
import json
from pathlib import Path
from urllib.parse import urlencode

import jsonschema
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from commitments.enums import PromiseStatus
from tests import hostile_values as hostile
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    OrganisationFactory,
    PromiseFactory,
)

from . import open_data_world
from .open_data_world import HIDDEN, STAFF_NAMES

today, world = open_data_world.today, open_data_world.world  # the fixtures

D = datetime.date
SCHEMA = json.loads((Path(settings.BASE_DIR) / "docs" / "open-data.schema.json").read_text())
LIST = "/api/promises/"
COMMITMENTS = "/api/promises/lofte/commitments.csv"
ACTIVITIES = "/api/promises/lofte/activities.csv"


def listed(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    data = response.json()
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    return data


def rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert not text.startswith("\ufeff")  # no byte-order mark, as the activity export
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def others(world):
    """Beside the public promise: a draft, a published one not public, a public one of another
    municipality (in no county) that ended in 2023, and a public successor of Älvsbyn's."""
    boden = OrganisationFactory(name="Bodens kommun", municipality=True)
    return {
        "draft": PromiseFactory(slug="utkast", title="Utkastet", public=True, draft=True),
        "closed": PromiseFactory(slug="stangt", title="Det stängda", public=False),
        "old": PromiseFactory(
            slug="boden-2021",
            title="Boden 2021",
            municipality=boden,
            public=True,
            valid_from=D(2021, 1, 1),
            valid_until=D(2023, 12, 31),
        ),  # fmt: skip
        "next": PromiseFactory(
            slug="alvsbyn-2026",
            title="Älvsbyn 2026",
            public=True,
            municipality=world["promise"].municipality,
            police_area=world["promise"].police_area,
            replaces=world["promise"],
            valid_from=D(2026, 1, 1),
            valid_until=D(2027, 12, 31),
        ),  # fmt: skip
    }


class TestThePromiseList:
    def test_only_published_public_promises_with_their_status(self, client, world, others):
        data = listed(client)
        assert data["as_of"] == "2025-10-20"
        assert data["count"] == 3
        by_slug = {p["slug"]: p for p in data["promises"]}
        assert list(by_slug) == ["boden-2021", "alvsbyn-2026", "lofte"]  # by municipality
        assert {slug: p["status"] for slug, p in by_slug.items()} == {
            "boden-2021": "expired",
            "alvsbyn-2026": "upcoming",
            "lofte": "active",
        }
        text = json.dumps(data, ensure_ascii=False)
        assert "Utkastet" not in text and "utkast" not in text
        assert "Det stängda" not in text and "stangt" not in text

    def test_a_promise_s_fields_and_links(self, client, world):
        promise = world["promise"]
        (row,) = listed(client)["promises"]
        base = "http://testserver"
        assert row == {
            "slug": "lofte",
            "title": promise.title,
            "municipality": "Älvsbyns kommun",
            "county": "Norrbottens län",
            "police_area": "Lokalpolisområde Piteå älvdal",
            "valid_from": "2024-01-01",
            "valid_until": "2025-12-31",
            "effective_end": "2025-12-31",
            "until_superseded": False,
            "status": "active",
            "links": {
                "page": f"{base}/promises/lofte/",
                "followup": f"{base}/api/promises/lofte/followup.json",
                "commitments_csv": f"{base}{COMMITMENTS}",
                "activities_csv": f"{base}{ACTIVITIES}",
                "feed": f"{base}/promises/lofte/feed/",
                "source": "https://polisen.se/lofte",
            },
        }

    def test_every_link_answers(self, client, world):
        (row,) = listed(client)["promises"]
        for name, link in row["links"].items():
            if name != "source":
                assert client.get(link).status_code == 200, link

    def test_open_ended_without_a_successor_and_no_county(self, client, db, today):
        PromiseFactory(
            slug="pitea", public=True, until_superseded=True, valid_until=D(2024, 12, 31)
        )
        (row,) = listed(client)["promises"]
        assert row["effective_end"] is None and row["until_superseded"] is True
        assert row["status"] == "extended" and row["county"] is None
        assert row["links"]["source"] is None

    def test_the_licence(self, client, db, settings):
        assert listed(client)["licence"] == {
            "name": "CC0 1.0",
            "url": "https://creativecommons.org/publicdomain/zero/1.0/",
        }
        settings.OPEN_DATA_LICENCE = "CC BY 4.0"
        settings.OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
        assert listed(client)["licence"]["name"] == "CC BY 4.0"

    def test_the_same_for_a_signed_in_member(self, client, world, others, police_reporter):
        anonymous = listed(client)
        client.force_login(police_reporter)
        assert listed(client) == anonymous

    def test_no_staff_names(self, client, world):
        text = json.dumps(listed(client), ensure_ascii=False).lower()
        for name in STAFF_NAMES:
            assert name.lower() not in text

    def test_in_a_fixed_number_of_queries(self, client, world, others, django_assert_num_queries):
        with django_assert_num_queries(1):
            listed(client)
        for _ in range(5):
            predecessor = PromiseFactory(public=True, valid_from=D(2022, 1, 1))
            PromiseFactory(public=True, until_superseded=True, replaces=predecessor)
        with django_assert_num_queries(1):
            assert listed(client)["count"] == 13


class TestFilters:
    def test_by_municipality_in_any_case(self, client, world, others):
        # Any case of a–z everywhere; of Å, Ä and Ö on PostgreSQL (SQLite folds ASCII only).
        data = listed(client, municipality="  Älvsbyns KOMMUN ")
        assert [p["slug"] for p in data["promises"]] == ["alvsbyn-2026", "lofte"]
        assert [p["slug"] for p in listed(client, municipality="bodens kommun")["promises"]] == [
            "boden-2021"
        ]

    @pytest.mark.parametrize(
        ("status", "slugs"),
        [("active", ["lofte"]), ("upcoming", ["alvsbyn-2026"]), ("expired", ["boden-2021"])],
    )
    def test_by_status(self, client, world, others, status, slugs):
        assert [p["slug"] for p in listed(client, status=status)["promises"]] == slugs

    def test_both_and_none_found(self, client, world, others):
        data = listed(client, municipality="Bodens kommun", status="active")
        assert data == {**data, "count": 0, "promises": []}

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"status": "draft"}, "status måste vara ett av upcoming, active, extended, "),
            ({"status": "ACTIVE"}, "inte ACTIVE."),
            ({"municipality": "Ingenstans kommun"}, "Ingen kommun heter Ingenstans kommun."),
            ({"municipality": "Lokalpolisområde Piteå älvdal"}, "Ingen kommun heter"),
            ({"municipality": "Älvsbyn\x00"}, "Ingen kommun heter Älvsbyn\ufffd."),
            ({"municipality": "x" * 300}, "Ingen kommun heter xxx"),
        ],
    )
    def test_a_bad_value_is_a_400_in_json(self, client, world, params, message):
        response = client.get(LIST, params)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert message in response.json()["error"]

    @pytest.mark.parametrize("name", ["municipality", "status"])
    def test_hostile_values_are_a_400_in_json(self, client, world, name):
        values = [
            hostile.NUL, *(c for c in hostile.CONTROLS.values() if c.strip()), hostile.SQL,
            hostile.HTML, hostile.TEMPLATE,
            hostile.FORMULA, hostile.HUGE, hostile.LONG_10K, "%", "_", "Älvsbyns%",
        ]  # fmt: skip
        queries = [urlencode({name: value}) for value in values]
        queries += [f"{name}=%ED%A0%80", f"{name}=%FF%FE"]  # a lone surrogate; not UTF-8
        for query in queries:
            response = client.get(f"{LIST}?{query}")
            assert response.status_code == 400, query
            assert response["Content-Type"] == "application/json"
            assert response.json()["error"]
        # Blank (a form feed is white space): as if not asked.
        assert client.get(LIST, {name: " \x0c "}).json()["count"] == 1

    def test_every_listed_status_is_a_filter(self, client, db):
        statuses = SCHEMA["$defs"]["promise"]["properties"]["status"]["enum"]
        assert statuses == [s.value for s in PromiseStatus if s != PromiseStatus.DRAFT]
        for status in statuses:
            assert listed(client, status=status)["count"] == 0


class TestTheCommitmentsFile:
    def test_a_row_per_period_with_the_follow_up_s_counts(self, client, world):
        found = rows(client.get(COMMITMENTS))
        followup = client.get("/api/promises/lofte/followup.json").json()
        expected = [
            (c["key"], p["start"], p["end"], str(p["count"]), str(p["target"]), p["status"])
            for c in followup["commitments"]
            for p in c["periods"]
        ]
        assert [
            (
                r["commitment"],
                r["period_start"],
                r["period_end"],
                r["count"],
                r["target"],
                r["status"],
            )
            for r in found
            if r["kind"] == "quota"
        ] == expected
        by_key = {c["key"]: c["status"] for c in followup["commitments"]}
        (milestone,) = [r for r in found if r["kind"] == "milestone"]
        assert milestone["status"] == by_key["koncept"] == "done"
        assert milestone["period_start"] == milestone["count"] == milestone["quota_target"] == ""

    def test_its_columns(self, client, world):
        found = rows(client.get(COMMITMENTS))
        met = next(
            r for r in found if r["commitment"] == "trafik-kontroller" and r["status"] == "met"
        )
        assert met == {
            "promise": "lofte",
            "as_of": "2025-10-20",
            "focus_area": "Lokala problembilder",
            "local_problem": "Trafik",
            "group": "",
            "commitment": "trafik-kontroller",
            "parent": "",
            "text": "Trafikkontroller på ”rätt tid och plats”.",
            "kind": "quota",
            "responsible": "Lokalpolisområde Piteå älvdal",
            "quota_target": "2",
            "quota_per": "quarter",
            "quota_unit": "kontroller",
            "quota_average": "false",
            "period_start": "2025-01-01",
            "period_end": "2025-03-31",
            "partial": "false",
            "target": "2",
            "count": "2",
            "status": "met",
        }

    def test_sub_commitments_groups_and_several_responsible(self, client, world):
        promise = world["promise"]
        parent = CommitmentFactory(
            focus_area=world["traffic"].focus_area, key="vandring", group="Trygghetsvandringar",
            text="Trygghetsvandringar.", responsible=[promise.police_area, promise.municipality],
        )  # fmt: skip
        CommitmentFactory(
            focus_area=parent.focus_area, parent=parent, key="vandring-centrum",
            text="Varav i centrum.", quota_per="validity", quota_target=1,
        )  # fmt: skip
        found = {r["commitment"]: r for r in rows(client.get(COMMITMENTS))}
        assert found["vandring"]["group"] == "Trygghetsvandringar"
        assert found["vandring"]["responsible"] == ("Lokalpolisområde Piteå älvdal|Älvsbyns kommun")
        assert found["vandring-centrum"]["parent"] == "vandring"
        assert found["vandring-centrum"]["period_end"] == "2025-12-31"

    def test_a_formula_is_written_as_text(self, client, world):
        world["dogs"].text = '=HYPERLINK("http://example.org")'
        world["dogs"].save()
        found = rows(client.get(COMMITMENTS))
        assert {r["text"] for r in found if r["commitment"] == "narkotika-hundsok"} == {
            '\'=HYPERLINK("http://example.org")'
        }

    def test_the_licence_and_the_file_name(self, client, world):
        response = client.get(COMMITMENTS)
        assert response["Link"] == (
            '<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"; title="CC0 1.0"'
        )
        assert response["Content-Disposition"] == 'attachment; filename="ataganden-lofte.csv"'

    def test_built_once_per_change(self, client, world, django_assert_num_queries):
        first = client.get(COMMITMENTS).content
        with django_assert_num_queries(1):
            assert client.get(COMMITMENTS).content == first
        ActivityFactory(
            commitment=world["traffic"], occurred_on=D(2025, 10, 2), kind="trafikkontroll"
        )
        changed = {
            r["period_start"]: r["count"]
            for r in rows(client.get(COMMITMENTS))
            if r["commitment"] == "trafik-kontroller"
        }
        assert changed["2025-10-01"] == "1"

    def test_in_a_fixed_number_of_queries(self, client, world, django_assert_max_num_queries):
        with django_assert_max_num_queries(8) as few:
            client.get(COMMITMENTS)
        area = FocusAreaFactory(promise=world["promise"])
        for n in range(5):
            commitment = CommitmentFactory(focus_area=area, quota_per="month")
            ActivityFactory(commitment=commitment, occurred_on=D(2025, 1, 1 + n))
        with django_assert_max_num_queries(len(few)):
            client.get(COMMITMENTS)


class TestTheActivitiesFile:
    def test_the_published_activities_only_the_earliest_first(self, client, world):
        found = rows(client.get(ACTIVITIES))
        assert found == [
            {
                "promise": "lofte", "date": "2025-01-10", "commitment": "trafik-kontroller",
                "kind": "trafikkontroll", "quantity": "1", "description": "Kontroll vid E4 norrut.",
                "place": "E4 norr", "organisation": "Lokalpolisområde Piteå älvdal",
            },
            {
                "promise": "lofte", "date": "2025-02-15", "commitment": "trafik-kontroller",
                "kind": "trafikkontroll", "quantity": "1",
                # A spreadsheet would read it as a formula: written as text.
                "description": "'=Kontroll vid skolan.", "place": "Storgatan",
                "organisation": "Lokalpolisområde Piteå älvdal",
            },
            {
                "promise": "lofte", "date": "2025-04-05", "commitment": "trafik-kontroller",
                "kind": "trafikkontroll", "quantity": "1", "description": "Kontroll i centrum.",
                "place": "", "organisation": "Lokalpolisområde Piteå älvdal",
            },
        ]  # fmt: skip

    def test_nothing_unpublished_unapproved_or_of_tomorrow(self, client, world):
        text = client.get(ACTIVITIES).content.decode()
        for hidden in HIDDEN:
            assert hidden not in text

    def test_nothing_outside_the_days_in_force(self, client, world):
        ActivityFactory(
            commitment=world["traffic"], occurred_on=D(2023, 12, 31), description="Före."
        )
        assert "Före." not in client.get(ACTIVITIES).content.decode()

    def test_the_licence_and_the_file_name(self, client, world):
        response = client.get(ACTIVITIES)
        assert 'rel="license"' in response["Link"]
        assert response["Content-Disposition"] == 'attachment; filename="aktiviteter-lofte.csv"'

    def test_in_a_fixed_number_of_queries(self, client, world, django_assert_num_queries):
        with django_assert_num_queries(2):  # the promise; the activities
            client.get(ACTIVITIES)
        for n in range(5):
            ActivityFactory(commitment=world["traffic"], occurred_on=D(2025, 6, 1 + n))
        with django_assert_num_queries(2):
            assert len(rows(client.get(ACTIVITIES))) == 8


@pytest.mark.parametrize("path", [COMMITMENTS, ACTIVITIES])
class TestBothFiles:
    def test_no_staff_names(self, client, world, path):
        text = client.get(path).content.decode().lower()
        for name in STAFF_NAMES:
            assert name.lower() not in text

    def test_the_same_for_a_signed_in_member(self, client, world, police_reporter, path):
        anonymous = client.get(path).content
        client.force_login(police_reporter)
        assert client.get(path).content == anonymous

    def test_a_promise_not_public_is_a_404_in_json_for_anyone(
        self, world, police_reporter, admin_user, path
    ):
        world["promise"].public = False
        world["promise"].save()
        for user in (None, police_reporter, admin_user):
            client = Client()
            if user:
                client.force_login(user)
            response = client.get(path)
            assert response.status_code == 404
            assert response.json() == {"error": "Hittades inte."}

    def test_a_draft_unknown_or_malformed_promise_is_a_404_in_json(self, client, world, path):
        PromiseFactory(slug="utkast", public=True, draft=True)
        name = path.rsplit("/", 1)[1]
        for slug in ("utkast", "okand", "%C3%A5%00"):
            response = client.get(f"/api/promises/{slug}/{name}")
            assert response.status_code == 404
            assert response.json() == {"error": "Hittades inte."}

    def test_only_get_and_head(self, client, world, path):
        assert client.head(path).status_code == 200
        for method in (client.post, client.put, client.delete, client.options):
            response = method(path)
            assert response.status_code == 405
            assert response["Allow"] == "GET, HEAD"


def test_the_list_reverses_to_its_address(db):
    assert reverse("open_promise_list") == LIST
    assert reverse("open_commitments_csv", args=["lofte"]) == COMMITMENTS
    assert reverse("open_activities_csv", args=["lofte"]) == ACTIVITIES


def test_the_docs_describe_every_field_and_column():
    from commitments.views.open_data import ACTIVITY_COLUMNS, COMMITMENT_COLUMNS

    docs = (Path(settings.BASE_DIR) / "docs" / "open-data.md").read_text()
    promise = SCHEMA["$defs"]["promise"]["properties"]
    names = [*SCHEMA["properties"], *promise, *promise["links"]["properties"]]
    for name in [*names, *COMMITMENT_COLUMNS, *ACTIVITY_COLUMNS]:
        assert f"`{name}`" in docs or f"`links.{name}`" in docs, name
