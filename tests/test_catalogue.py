"""The catalogue of hostile input (issue 10, part 7): no input breaks anything.

Every form, upload, query parameter and command of the app is sent what a fuzzer, a typo or an
attacker sends (tests/hostile_values.py). Each case asserts what a person would notice:

- never a 500 (the test client raises the view's exception) nor a traceback from a command;
- a refusal is a 4xx, a form shown again with its errors, or a command's one-line reason with a
  non-zero exit (``CommandError``), and the database is exactly as it was (:func:`fingerprint`);
- text that is merely nasty (HTML, SQL, a formula) is stored as it was typed and shown escaped;
- a control character is removed or refused, never stored.

The data (the Älvsbyn demo and a promise of another municipality) is built once for the module
and every case runs in a transaction rolled back after it. The number of cases is printed in the
test summary (conftest.py).
"""

import csv
import datetime
import io
import unicodedata
import urllib.parse
import zoneinfo
from dataclasses import dataclass
from html.parser import HTMLParser

import openpyxl
import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings
from django.utils.html import escape
from icalendar import Calendar

from commitments.demo import SLUG, load_demo
from commitments.enums import Role
from commitments.models import (
    Activity,
    Attachment,
    CalendarFeed,
    Commitment,
    FocusArea,
    IndicatorValue,
    LocalProblem,
    Membership,
    PlannedActivity,
    Promise,
)
from tests.attachments_support import attachment_store, stored_files  # noqa: F401  (a fixture)
from tests.commitments.test_admin import form_data
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    PromiseFactory,
    UserFactory,
)
from tests.hostile_values import (
    BIGINT,
    CONTROLS,
    FAR_DATES,
    FORMULA,
    FORMULAS,
    HTML,
    HUGE,
    JS_URL,
    LONG_10K,
    LONG_256,
    NOT_DATES,
    NOT_UTF8,
    NUL,
    SQL,
    SURROGATE,
    SURROGATE_BYTES,
    TEMPLATE,
    UNICODE_DIGITS,
    Raw,
    activity_file,
    activity_row,
    alias_bomb,
    csv_text,
    nested,
    promise_file,
)

NOW = datetime.datetime(2025, 6, 15, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
ON_POSTGRES = connection.vendor == "postgresql"


def case(*values, id):
    return pytest.param(*values, id=id)


# ---------------------------------------------------------------------------------------------
# The world: the demo promise, and a promise of another municipality, built once.


@dataclass
class World:
    promise: Promise
    foreign: Promise  # Bodens kommun's: none of the demo's users sees it
    daily: Promise  # public, open-ended, one check a day: far dates make many periods
    commitment: Commitment  # the police's dog searches (a quota)
    milestone: Commitment  # the municipality's survey
    own_activity: Activity  # the police reporter's latest dog search
    other_activity: Activity  # the municipal reporter's
    foreign_activity: Activity
    users: dict


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    md5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(PASSWORD_HASHERS=md5),
        transaction.atomic(),
    ):
        yield _build_world()
        transaction.set_rollback(True)


def _build_world():
    promise = load_demo(NOW.date())
    users = {u.username: u for u in get_user_model().objects.all()}
    boden = OrganisationFactory(name="Bodens kommun", municipality=True)
    foreign = PromiseFactory(
        slug="boden-2025",
        municipality=boden,
        police_area=OrganisationFactory(name="Lokalpolisområde Boden", police=True),
    )
    foreign_commitment = CommitmentFactory(focus_area=FocusAreaFactory(promise=foreign))
    users["framling"] = UserFactory(username="framling")
    MembershipFactory(user=users["framling"], organisation=boden, role=Role.REPORTER)
    daily = PromiseFactory(
        slug="dygnet-2025", municipality=boden, public=True, until_superseded=True,
        valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2025, 12, 31),
    )  # fmt: skip
    CommitmentFactory(
        focus_area=FocusAreaFactory(promise=daily), quota_target=1, quota_per="day", key="dygn"
    )
    commitments = {c.key: c for c in promise.commitments.all()}
    activities = Activity.objects.for_promise(promise)
    return World(
        promise=promise,
        foreign=foreign,
        daily=daily,
        commitment=commitments["narkotika-hundsok"],
        milestone=commitments["narkotika-drogvaneundersokning"],
        own_activity=activities.filter(
            reported_by__username="polis", commitment__key="narkotika-hundsok"
        ).latest("occurred_on"),
        other_activity=activities.filter(reported_by__username="kommun").latest("occurred_on"),
        foreign_activity=ActivityFactory(
            commitment=foreign_commitment, occurred_on=datetime.date(2025, 3, 3)
        ),
        users=users,
    )


@pytest.fixture
def site(world, db, client):
    """The world, with a client and the database's state before the case."""
    return Site(world, client, fingerprint())


@dataclass
class Site:
    world: World
    client: object
    before: dict

    def sign_in(self, username):
        if username:
            self.client.force_login(self.world.users[username])

    def unchanged(self):
        assert fingerprint() == self.before, "the refused input changed the database"


DERIVED = {"followup.PromiseFigures"}


def fingerprint():
    """What a refused input must leave as it was: the number of rows, the highest id and the
    latest change of every table of ours and of auth (history and link tables included), and
    every user's credentials. Two queries, whatever the number of tables. The overview's kept
    figures are left out: derived, not data, made by any request that reads the overview."""
    quote = connection.ops.quote_name
    selects = []
    for label in ("commitments", "followup", "auth"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label in DERIVED:
                continue
            columns = {field.column for field in model._meta.concrete_fields}
            updated = quote("updated_at") if "updated_at" in columns else "NULL"
            selects.append(
                f"SELECT '{model._meta.label}', COUNT(*), MAX({quote(model._meta.pk.column)}), "
                f"CAST(MAX({updated}) AS VARCHAR(40)) FROM {quote(model._meta.db_table)}"
            )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))
        state = {row[0]: row[1:] for row in cursor.fetchall()}
    state["credentials"] = list(
        get_user_model()
        .objects.order_by("pk")
        .values_list("pk", "username", "password", "email", "is_active", "is_staff")
    )
    return state


# ---------------------------------------------------------------------------------------------
# What the cases share: sending, and judging what came back.


def encoded(value):
    """A value for a query string or form body, percent-encoded (Raw bytes as they are)."""
    if isinstance(value, Raw):
        return urllib.parse.quote_from_bytes(value.data)
    return urllib.parse.quote(str(value), safe="")


def query_string(params):
    return "&".join(f"{encoded(name)}={encoded(value)}" for name, value in params)


def post_raw(client, path, data):
    """POST a form body built by hand: Raw values reach the server as the bytes they are."""
    body = query_string(
        (name, item)
        for name, value in data.items()
        for item in (value if isinstance(value, list) else [value])
    )
    return client.post(path, body, content_type="application/x-www-form-urlencoded")


SHOWS_ERRORS = ("invalid-feedback", "errornote", "errorlist", "alert-danger")


def assert_refused(site, response):
    """A 4xx, or the form again with what is wrong; nothing saved."""
    assert response.status_code in {200, 400, 403, 404, 405, 409, 413, 429}, response.status_code
    if response.status_code == 200:
        assert any(mark in response.text for mark in SHOWS_ERRORS), "no error shown"
    site.unchanged()


def control_characters(text):
    """The control characters in ``text`` other than line breaks and tabs."""
    return [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t"]


def assert_no_control_characters(instance):
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            assert not control_characters(value), f"{field.name} holds {value!r}"


def assert_removed_or_refused(site, response, saved):
    """A control character: the input refused, or saved without it (``saved()`` finds what
    was saved)."""
    if response.status_code == 302:
        for instance in saved():
            assert_no_control_characters(instance)
    else:
        assert_refused(site, response)


@dataclass(frozen=True)
class ReadAs:
    """Refused, or saved as ``value`` (a date written in other digits)."""

    value: object


class HiddenFields(HTMLParser):
    """The hidden inputs of a page's forms but the CSRF token: what a browser sends back."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and attrs.get("type") == "hidden" and name != "csrfmiddlewaretoken":
            self.values[name] = attrs.get("value") or ""


def hidden_fields(response):
    parser = HiddenFields()
    parser.feed(response.text)
    return parser.values


# ---------------------------------------------------------------------------------------------
# Query parameters of every page.

DATE_VALUES = {
    "nul": NUL, "ctrl-a": "\x01", "surrogate": SURROGATE_BYTES, "not-utf8": NOT_UTF8,
    "long": LONG_256, "negative": "-1", "sql": SQL, "html": HTML, **FAR_DATES, **NOT_DATES,
}  # fmt: skip
SOME_DATES = {
    key: DATE_VALUES[key]
    for key in ("nul", "surrogate", "year-1", "year-9999", "year-9000", "feb-30", "sql")
}
NUMBER_VALUES = {
    "nul": NUL, "huge": HUGE, "bigint": BIGINT, "negative": "-1", "zero": "0", "decimal": "1.5",
    "exponent": "1e3", "superscript": "²", "arabic-indic": "٣", "sql": SQL, "long": LONG_256,
    "surrogate": SURROGATE_BYTES,
}  # fmt: skip

P = f"/promises/{SLUG}"
QUERY_CASES = [
    # The dashboard, the report and its files, the commitment page, the JSON: dates.
    *[case("polis", f"{P}/followup/", [("as_of", v)], 400, id=f"dashboard-as_of-{k}")
      for k, v in DATE_VALUES.items()],
    *[case("bra", f"{P}/report/", [(name, v)], 400, id=f"report-{name}-{k}")
      for name in ("as_of", "from", "to") for k, v in SOME_DATES.items()],
    # The files read the dates as the page does.
    *[case("bra", f"{P}/{page}", [(name, v)], 400, id=f"{page}-{name}-{k}")
      for page in ("report.xlsx", "report.pdf") for name in ("as_of", "from", "to")
      for k, v in SOME_DATES.items() if k in ("nul", "year-9999", "feb-30")],
    case("bra", f"{P}/report/", [("from", "2025-06-01"), ("to", "2025-01-01")], 400,
         id="report-from-after-to"),
    # A report covers ten years at most.
    case("bra", f"{P}/report.xlsx", [("from", "1900-01-01"), ("to", "2100-12-31")], 400,
         id="report.xlsx-two-centuries"),
    case("polis", f"{P}/followup/", [("as_of", "2025-01-01"), ("as_of", "9999-12-31")], 400,
         id="dashboard-as_of-repeated"),
    case("polis", f"{P}/followup/", [("as_of[]", "9999-12-31")], 200, id="dashboard-as_of-array"),
    case("polis", f"{P}/followup/", [("as_of", "2100-12-31")], 200, id="dashboard-as_of-2100"),
    *[case(None, f"/api/promises/{SLUG}/followup.json", [("as_of", v)], 400, id=f"api-as_of-{k}")
      for k, v in DATE_VALUES.items()],
    case(None, "/api/promises/boden-2025/followup.json", [("as_of", "2025-01-01")], 404,
         id="api-not-public"),
    case(None, f"/api/promises/{SLUG}/followup.json", [("as_of", "1900-01-01")], 200,
         id="api-as_of-1900"),
    *[case("polis", f"{P}/commitments/narkotika-hundsok/", [("as_of", v)], 400,
           id=f"commitment-as_of-{k}") for k, v in SOME_DATES.items()],
    *[case("polis", f"{P}/commitments/narkotika-hundsok/", [("page", v)], 400,
           id=f"commitment-page-{k}") for k, v in NUMBER_VALUES.items()
      if k not in ("huge", "bigint")],
    case("polis", f"{P}/commitments/narkotika-hundsok/", [("page", HUGE)], 200,
         id="commitment-page-past-the-last"),
    # The public commitment page takes no date; its page number is read as the staff's.
    case(None, f"{P}/commitments/narkotika-hundsok/", [("as_of", "9999-12-31")], 200,
         id="public-commitment-as_of-ignored"),
    case(None, f"{P}/commitments/narkotika-hundsok/", [("page", NUL)], 400,
         id="public-commitment-page-nul"),
    case(None, f"{P}/commitments/narkotika-hundsok/", [("page", "①")], 400,
         id="public-commitment-page-circled"),
    # The activity list and its CSV export: every filter, a page number, the format.
    *[case("polis", f"{P}/activities/", [(name, v), *fmt], 400, id=f"activities-{name}-{k}{tag}")
      for name in ("focus_area", "commitment", "organisation")
      for k, v in {"nul": NUL, "huge": HUGE, "bigint": BIGINT, "negative": "-1", "sql": SQL,
                   "superscript": "²", "surrogate": SURROGATE_BYTES}.items()
      for fmt, tag in (([], ""), ([("format", "csv")], "-csv"))
      if not tag or k in ("nul", "huge", "sql")],
    *[case("polis", f"{P}/activities/", [(name, v)], 400, id=f"activities-{name}-{k}")
      for name in ("date_from", "date_to") for k, v in SOME_DATES.items()],
    case("polis", f"{P}/activities/", [("date_from", "9999-12-31"), ("format", "csv")], 400,
         id="activities-date_from-year-9999-csv"),
    *[case("polis", f"{P}/activities/", [("kind", v)], 200, id=f"activities-kind-{k}")
      for k, v in {"long": LONG_10K, "sql": SQL, "html": HTML, "ctrl-a": "\x01",
                   "surrogate": SURROGATE_BYTES, "formula": FORMULA}.items()],
    case("polis", f"{P}/activities/", [("kind", NUL)], 400, id="activities-kind-nul"),
    *[case("polis", f"{P}/activities/", [("mine", v)], 200, id=f"activities-mine-{k}")
      for k, v in {"nul": NUL, "long": LONG_256, "sql": SQL}.items()],
    *[case("polis", f"{P}/activities/", [("page", v)], 400, id=f"activities-page-{k}")
      for k, v in NUMBER_VALUES.items() if k not in ("huge", "bigint")],
    *[case("polis", f"{P}/activities/", [("format", v)], 200, id=f"activities-format-{k}")
      for k, v in {"nul": NUL, "xlsx": "xlsx", "upper": "CSV", "long": LONG_256}.items()],
    # The commitment asked for on the log form.
    *[case("polis", f"{P}/activities/new/", [("commitment", v)], 404, id=f"log-commitment-{k}")
      for k, v in {"nul": NUL, "sql": SQL, "long": LONG_256, "html": HTML,
                   "surrogate": SURROGATE_BYTES, "unknown": "atagande-1",
                   "others": "narkotika-drogvaneundersokning"}.items()],
    # Home, the public list, the promise page: numbers and parameters nobody reads.
    *[case("polis", "/", [("page", v)], 400, id=f"home-page-{k}")
      for k, v in NUMBER_VALUES.items() if k not in ("huge", "bigint")],
    case("polis", "/", [("page", BIGINT)], 200, id="home-page-past-the-last"),
    *[case(None, "/", [(name, NUL)], 200, id=f"home-public-{name}-nul") for name in ("page", "q")],
    *[case(None, "/promises/", [(name, v)], 200, id=f"promise-list-{name}-{k}")
      for name in ("q", "year") for k, v in {"nul": NUL, "sql": SQL}.items()
      if (name, k) != ("q", "nul")],
    # The public list's search: NUL or more than anyone types is an error on the form; any
    # other text is searched for. Its page number is read as home's is.
    *[case(None, "/promises/", [("q", v)], 400, id=f"promise-list-q-{k}")
      for k, v in {"nul": NUL, "long": LONG_256}.items()],
    *[case(None, "/promises/", [("q", v)], 200, id=f"promise-list-q-{k}")
      for k, v in {"html": HTML, "ctrl-a": "\x01", "surrogate": SURROGATE_BYTES,
                   "template": TEMPLATE, "percent": "100%_"}.items()],
    # Its filters: a status a public promise cannot have, a county or a police area not offered,
    # or anything that is not one, is an error on the form; the old "show" is no longer read.
    *[case(None, "/promises/", [(name, v)], 400, id=f"promise-list-{name}-{k}")
      for name in ("status", "county", "police_area")
      for k, v in {"nul": NUL, "sql": SQL, "long": LONG_10K, "huge": HUGE, "bigint": BIGINT,
                   "negative": "-1", "surrogate": SURROGATE_BYTES, "html": HTML,
                   "superscript": "²"}.items()],
    case(None, "/promises/", [("status", "draft")], 400, id="promise-list-status-draft"),
    case(None, "/promises/", [("county", "00")], 400, id="promise-list-county-unknown"),
    case(None, "/promises/", [("county", "Norrbottens län")], 400, id="promise-list-county-name"),
    case(None, "/promises/", [("county", "25"), ("county", "99")], 400,
         id="promise-list-county-repeated"),
    case(None, "/promises/", [("police_area", "0")], 400, id="promise-list-police_area-zero"),
    *[case(None, "/promises/", params, 200, id=f"promise-list-{k}")
      for k, params in {"status-expired": [("status", "expired")], "county-25": [("county", "25")],
                        "filters-empty": [("status", ""), ("county", ""), ("police_area", "")],
                        "status-array": [("status[]", "draft")],
                        "show-unread": [("show", NUL)]}.items()],
    *[case(None, "/promises/", [("page", v)], 400, id=f"promise-list-page-{k}")
      for k, v in NUMBER_VALUES.items() if k not in ("huge", "bigint")],
    case(None, "/promises/", [("page", BIGINT)], 200, id="promise-list-page-past-the-last"),
    case(None, f"{P}/", [("as_of", "9999-12-31"), ("start", NUL), ("end", HUGE)], 200,
         id="public-promise-unread-parameters"),
    case("polis", f"{P}/", [("q", NUL), ("year", "²")], 200, id="promise-unread-parameters"),
    case("polis", f"{P}/activities/{BIGINT}/", [], 404, id="activity-id-beyond-bigint"),
    # The overview: its sort (a column's name, "-" before it for descending), its filters
    # (county, police area, status: choices only), its page number; the workbook reads the same.
    *[case("bra", "/overview/", [("sort", v)], 400, id=f"overview-sort-{k}")
      for k, v in {"nul": NUL, "ctrl-a": "\x01", "surrogate": SURROGATE_BYTES, "sql": SQL,
                   "html": HTML, "long": LONG_256, "unknown": "title", "double-minus": "--red",
                   "minus-only": "-"}.items()],
    *[case("bra", "/overview/", [("sort", v)], 200, id=f"overview-sort-{k}")
      for k, v in {"red-descending": "-red", "padded": " county ", "empty": ""}.items()],
    *[case("admin", "/overview/", [(name, v)], 400, id=f"overview-{name}-{k}")
      for name in ("county", "police_area", "status")
      for k, v in {"nul": NUL, "surrogate": SURROGATE_BYTES, "sql": SQL, "huge": HUGE,
                   "bigint": BIGINT, "negative": "-1", "long": LONG_10K, "html": HTML}.items()],
    case("admin", "/overview/", [("county", "25"), ("status", "extended")], 200,
         id="overview-county-and-status"),
    *[case("bra", "/overview/", [("page", v)], 400, id=f"overview-page-{k}")
      for k, v in NUMBER_VALUES.items() if k not in ("huge", "bigint")],
    case("bra", "/overview/", [("page", BIGINT)], 200, id="overview-page-past-the-last"),
    *[case("bra", "/overview/overview.xlsx", [(name, v)], 400, id=f"overview.xlsx-{name}-{k}")
      for name in ("sort", "county", "police_area", "status")
      for k, v in {"nul": NUL, "sql": SQL, "surrogate": SURROGATE_BYTES}.items()],
    case("bra", "/overview/overview.xlsx", [("page", NUL), ("format", SQL)], 200,
         id="overview.xlsx-unread-parameters"),
    case("polis", "/promises/boden-2025/activities/", [("page", "1")], 404,
         id="activities-of-another-municipality"),
    # The admin: search, autocomplete, list filters, date drill-down, sorting, paging. An
    # address holding NUL is refused before any of them reads it (AdminQueryMiddleware).
    *[case("admin", "/admin/autocomplete/",
           [("term", v), ("app_label", "commitments"), ("model_name", "activity"),
            ("field_name", "commitment")], 400 if k == "nul" else 200,
           id=f"admin-autocomplete-term-{k}")
      for k, v in {"nul": NUL, "sql": SQL, "html": HTML, "long": LONG_10K, "ctrl-a": "\x01",
                   "surrogate": SURROGATE_BYTES}.items()],
    *[case("admin", "/admin/autocomplete/", params, 400 if "nul" in k else 403,
           id=f"admin-autocomplete-{k}")
      for k, params in {
          "model-nul": [("term", "a"), ("app_label", "commitments"), ("model_name", NUL),
                        ("field_name", "commitment")],
          "field-sql": [("term", "a"), ("app_label", "commitments"), ("model_name", "activity"),
                        ("field_name", SQL)],
          "app-long": [("term", "a"), ("app_label", LONG_256), ("model_name", "activity"),
                       ("field_name", "commitment")],
      }.items()],
    *[case("admin", f"/admin/commitments/{model}/", [("q", v)], 400 if k == "nul" else 200,
           id=f"admin-{model}-q-{k}")
      for model in ("activity", "promise", "organisation")
      for k, v in {"nul": NUL, "sql": SQL, "long": LONG_10K}.items()],
    *[case("admin", "/admin/commitments/activity/", params,
           (400,) if k.endswith("-nul") else (200, 302), id=f"admin-activity-list-{k}")
      for k, params in {
          "year-huge": [("occurred_on__year", HUGE)],
          "year-9999": [("occurred_on__year", "9999")],
          "december-9999": [("occurred_on__year", "9999"), ("occurred_on__month", "12")],
          "year-text": [("occurred_on__year", "abc")],
          "month-13": [("occurred_on__year", "2025"), ("occurred_on__month", "13")],
          "day-nul": [("occurred_on__year", "2025"), ("occurred_on__month", "1"),
                      ("occurred_on__day", NUL)],
          "promise-text": [("commitment__promise__id__exact", "abc")],
          "organisation-nul": [("organisation__id__exact", NUL)],
          "page-huge": [("p", HUGE)],
          "order-junk": [("o", "99.-abc")],
          "unknown-lookup": [("description__regex", "(a+)+$")],
      }.items()],
]  # fmt: skip


@pytest.mark.parametrize("username, path, params, expected", QUERY_CASES)
def test_query_parameter(site, username, path, params, expected):
    site.sign_in(username)
    response = site.client.get(f"{path}?{query_string(params)}" if params else path)
    expected = expected if isinstance(expected, tuple) else (expected,)
    assert response.status_code in expected
    if response.status_code == 400:
        if path.startswith("/api/"):
            assert response.json()["error"]
        else:
            assert any(
                reason in response.text
                for reason in ("Kontrollera adressen", "Filtret gick inte", "Sökningen gick inte")
            )
    site.unchanged()


def test_a_far_date_on_a_daily_quota_stays_small(site):
    # Anonymous, public, open-ended, one check a day: 2100 is 27,000 days away.
    response = site.client.get("/api/promises/dygnet-2025/followup.json?as_of=2100-12-31")
    assert response.status_code in (200, 400)
    assert len(response.content) < 2_000_000, len(response.content)


# ---------------------------------------------------------------------------------------------
# Forms of the staff pages: log, edit and delete an activity, sign in, change the password,
# start the next promise. A value may be a function of the world (an id).


def resolved(data, world):
    return {name: value(world) if callable(value) else value for name, value in data.items()}


def foreign_commitment(world):
    return world.foreign_activity.commitment_id


def others_commitment(world):
    return world.milestone.pk


def foreign_organisation(world):
    return world.foreign.municipality_id


TEXT_ATTACKS = {"html": HTML, "sql": SQL, "template": TEMPLATE, "formula": FORMULA,
                "js-url": JS_URL}  # fmt: skip
QUANTITIES = {**{k: v for k, v in NUMBER_VALUES.items() if k != "arabic-indic"},
              "over-max": "10001", "fullwidth": "３"}  # fmt: skip
# Refused: a quantity is read in ASCII digits only.
ASCII_ONLY = {"arabic-indic": "٣", "fullwidth": "３"}


def log_cases():
    """(field, value, expected) of the log form: "refused", "removed" (a control character:
    refused, or saved without it) or the stored field's exact value."""
    cases = [
        *[case("occurred_on", v, "refused", id=f"date-{k}")
          for k, v in {**FAR_DATES, **NOT_DATES, "nul": NUL, "surrogate": SURROGATE_BYTES,
                       "tomorrow": "2025-06-16", "before-the-promise": "2023-12-31"}.items()
          if k != "fullwidth"],
        # Digits other than ASCII: refused, or read as the date they write.
        case("occurred_on", NOT_DATES["fullwidth"], ReadAs(datetime.date(2025, 6, 1)),
             id="date-fullwidth"),
        *[case("quantity", v, "refused", id=f"quantity-{k}")
          for k, v in {**QUANTITIES, **ASCII_ONLY}.items()],
        *[case("description", v, "refused", id=f"description-{k}")
          for k, v in {"nul": NUL, "nul-inside": f"Hundsök{NUL} i skolan.", "long": LONG_10K,
                       "empty": "", "blank": " \t\n ", "personal-number": "Hos 19811228-9874.",
                       }.items()],
        case("description", NOT_UTF8, "removed", id="description-not-utf8"),
        *[case("description", f"Hundsök{c}i skolan.", "removed", id=f"description-{k}")
          for k, c in CONTROLS.items()],
        *[case("description", v, v, id=f"description-{k}") for k, v in TEXT_ATTACKS.items()],
        *[case("kind", v, "refused", id=f"kind-{k}")
          for k, v in {"nul": NUL, "long": "k" * 101}.items()],
        case("kind", "hund\x1bsök", "removed", id="kind-escape"),
        case("kind", HTML[:100], HTML[:100].casefold(), id="kind-html"),
        *[case("place", v, "refused", id=f"place-{k}")
          for k, v in {"nul": NUL, "long": "p" * 201}.items()],
        case("place", "Skol\x01gården", "removed", id="place-ctrl-a"),
        case("place", JS_URL, JS_URL, id="place-js-url"),
        *[case("commitment", v, "refused", id=f"commitment-{k}")
          for k, v in {"nul": NUL, "huge": HUGE, "bigint": BIGINT, "negative": "-1",
                       "foreign": foreign_commitment, "others": others_commitment,
                       "list": "1,2"}.items()],
        *[case("participants", v, "refused", id=f"participants-{k}")
          for k, v in {"nul": NUL, "huge": HUGE, "foreign": foreign_organisation,
                       "sql": SQL}.items()],
    ]  # fmt: skip
    return cases


LOG_BASE = {"occurred_on": "2025-06-01", "quantity": "1", "kind": "hundsök",
            "description": "Hundsök på skolan.", "place": "Skolan"}  # fmt: skip


@pytest.mark.parametrize("field, value, expected", log_cases())
def test_log_form(site, field, value, expected):
    site.sign_in("polis")
    path = f"{P}/activities/new/?commitment=narkotika-hundsok"
    data = {
        **hidden_fields(site.client.get(path)),
        **LOG_BASE,
        "commitment": site.world.commitment.pk,
        field: value,
    }
    response = post_raw(site.client, path, resolved(data, site.world))
    new = Activity.objects.filter(pk__gt=site.before["commitments.Activity"][1])
    judge(site, response, expected, field, lambda: list(new))


def judge(site, response, expected, field, saved):
    """Refused, a control character removed or refused, or the value stored as it was."""
    if expected == "refused":
        assert_refused(site, response)
    elif isinstance(expected, ReadAs):
        if response.status_code == 302:
            (instance,) = saved()
            assert getattr(instance, field) == expected.value
        else:
            assert_refused(site, response)
    elif expected == "removed":
        assert_removed_or_refused(site, response, saved)
    else:
        assert response.status_code == 302, "the text was not saved"
        (instance,) = saved()
        assert getattr(instance, field) == expected
        if field in ("description", "title", "name"):
            assert_shown_escaped(site, instance, expected)


def assert_shown_escaped(site, instance, text):
    """A page that shows the text shows it escaped: HTML as text, never as markup."""
    if isinstance(instance, Activity):
        path = f"{P}/activities/{instance.pk}/"
    elif isinstance(instance, Promise):
        path = f"/promises/{instance.slug}/"
    else:
        return
    page = site.client.get(path).text
    if "<" in text:
        assert text not in page
    assert escape(text) in page


EDIT_CASES = [
    *[case("occurred_on", v, "refused", id=f"date-{k}")
      for k, v in {"year-1": FAR_DATES["year-1"], "year-9999": FAR_DATES["year-9999"],
                   "feb-30": "2025-02-30", "nul": NUL, "tomorrow": "2025-06-16"}.items()],
    *[case("quantity", v, "refused", id=f"quantity-{k}")
      for k, v in {"superscript": "²", "circled": "①", "huge": HUGE, "negative": "-1",
                   "nul": NUL, **ASCII_ONLY}.items()],
    *[case("description", v, "refused", id=f"description-{k}")
      for k, v in {"nul": NUL, "long": LONG_10K, "empty": ""}.items()],
    *[case("description", f"Hundsök{c}på gymnasiet.", "removed", id=f"description-{k}")
      for k, c in {"ctrl-a": "\x01", "escape": "\x1b", "ctrl-z": "\x1a"}.items()],
    case("description", HTML, HTML, id="description-html"),
    case("description", FORMULA, FORMULA, id="description-formula"),
    *[case("kind", v, "refused", id=f"kind-{k}")
      for k, v in {"nul": NUL, "long": "k" * 101}.items()],
    case("place", "p" * 201, "refused", id="place-long"),
    *[case("commitment", v, "refused", id=f"commitment-{k}")
      for k, v in {"nul": NUL, "foreign": foreign_commitment, "others": others_commitment,
                   "huge": HUGE}.items()],
    case("participants", foreign_organisation, "refused", id="participants-foreign"),
]  # fmt: skip


@pytest.mark.parametrize("field, value, expected", EDIT_CASES)
def test_edit_form(site, field, value, expected):
    site.sign_in("polis")
    activity = site.world.own_activity
    path = f"{P}/activities/{activity.pk}/edit/"
    data = {
        **hidden_fields(site.client.get(path)),
        "commitment": activity.commitment_id,
        "occurred_on": activity.occurred_on.isoformat(),
        "quantity": str(activity.quantity),
        "kind": activity.kind,
        "description": activity.description,
        "place": activity.place,
        field: value,
    }
    response = post_raw(site.client, path, resolved(data, site.world))
    judge(site, response, expected, field, lambda: [Activity.objects.get(pk=activity.pk)])


def activity_path(action, pick):
    return lambda world: f"{P}/activities/{pick(world)}/{action}"


OTHERS_ACTIVITY_CASES = [
    case("edit/", lambda w: w.other_activity.pk, {"description": HTML}, id="edit-others"),
    case("edit/", lambda w: w.foreign_activity.pk, {"description": NUL}, id="edit-foreign"),
    case("edit/", lambda w: 0, {"description": "x"}, id="edit-zero"),
    case("delete/", lambda w: w.other_activity.pk, {}, id="delete-others"),
    case("delete/", lambda w: w.foreign_activity.pk, {}, id="delete-foreign"),
    case("delete/", lambda w: 0, {}, id="delete-zero"),
    case("delete/", lambda w: 2**63 - 1, {"confirm": NUL}, id="delete-largest-id"),
    case("delete/", lambda w: BIGINT, {}, id="delete-beyond-bigint"),
]


@pytest.mark.parametrize("action, pick, data", OTHERS_ACTIVITY_CASES)
def test_others_activities_are_out_of_reach(site, action, pick, data):
    site.sign_in("polis")
    response = post_raw(site.client, f"{P}/activities/{pick(site.world)}/{action}", data)
    assert response.status_code in (403, 404)
    site.unchanged()


SIGN_IN_CASES = [
    *[case(v, "demo", id=f"username-{k}")
      for k, v in {"nul": NUL, "256": "u" * 256, "10k": LONG_10K, "ctrl-a": "pol\x01is",
                   "surrogate": SURROGATE_BYTES, "not-utf8": NOT_UTF8, "sql": "' OR '1'='1",
                   "sql-comment": "admin'--", "html": HTML, "empty": ""}.items()],
    *[case("polis", v, id=f"password-{k}")
      for k, v in {"nul": NUL, "10k": LONG_10K, "sql": "' OR '1'='1", "surrogate": SURROGATE_BYTES,
                   "empty": "", "demo-nul": f"demo{NUL}"}.items()],
]  # fmt: skip


@pytest.mark.parametrize("username, password", SIGN_IN_CASES)
def test_sign_in(site, username, password):
    response = post_raw(
        site.client, "/accounts/login/", {"username": username, "password": password}
    )
    assert_refused(site, response)
    assert "_auth_user_id" not in site.client.session
    if username == HTML:
        assert HTML not in response.text


PASSWORD_CASES = [
    *[case(old, new1, new2, id=k) for k, (old, new1, new2) in {
        "old-wrong": ("fel", "ett-nytt-langt-losenord", "ett-nytt-langt-losenord"),
        "old-nul": (NUL, "ett-nytt-langt-losenord", "ett-nytt-langt-losenord"),
        "old-surrogate": (SURROGATE_BYTES, "ett-nytt-langt-losenord", "ett-nytt-langt-losenord"),
        "new-nul": ("demo", f"ett-nytt{NUL}-losenord", f"ett-nytt{NUL}-losenord"),
        "new-mismatch": ("demo", "ett-nytt-langt-losenord", "ett-annat-langt-losenord"),
        "new-short": ("demo", "kort", "kort"),
        "new-numeric": ("demo", "12345678901234567890", "12345678901234567890"),
        "new-username": ("demo", "polis", "polis"),
        "new-10k-mismatch": ("demo", LONG_10K, LONG_10K + "z"),
        "new-empty": ("demo", "", ""),
    }.items()],
]  # fmt: skip


@pytest.mark.parametrize("old, new1, new2", PASSWORD_CASES)
def test_password_change(site, old, new1, new2):
    site.sign_in("polis")
    data = {"old_password": old, "new_password1": new1, "new_password2": new2}
    assert_refused(site, post_raw(site.client, "/accounts/password_change/", data))


START_NEXT_CASES = [
    *[case("title", v, "refused", id=f"title-{k}")
      for k, v in {"nul": NUL, "long": LONG_256, "empty": ""}.items()],
    case("title", "Nytt\x01löfte", "removed", id="title-ctrl-a"),
    case("title", HTML[:200], HTML[:200], id="title-html"),
    *[case("valid_from", v, "refused", id=f"valid_from-{k}")
      for k, v in {**FAR_DATES, "feb-30": "2026-02-30", "nul": NUL,
                   "before-the-old": "2023-06-01"}.items()],
    *[case("valid_until", v, "refused", id=f"valid_until-{k}")
      for k, v in {"year-9999": "9999-12-31", "before-start": "2025-12-31",
                   "surrogate": SURROGATE_BYTES}.items()],
]  # fmt: skip


# The admin's start-next page handles the form as the dashboard's does (StartNext): a few.
START_NEXT_IN_ADMIN = ["title-nul", "title-html", "valid_from-year-1", "valid_until-before-start"]


@pytest.mark.parametrize(
    "where, field, value, expected",
    [pytest.param(where, *p.values, id=f"{p.id}-{where}", marks=p.marks)
     for p in START_NEXT_CASES for where in ("page", "admin")
     if where == "page" or p.id in START_NEXT_IN_ADMIN],
)  # fmt: skip
def test_start_next(site, where, field, value, expected):
    site.sign_in("admin")
    promise = site.world.promise
    if where == "page":
        path = f"{P}/start-next/"
    else:
        path = f"/admin/commitments/promise/{promise.pk}/start-next/"
    data = {
        **hidden_fields(site.client.get(path)),
        "title": "Medborgarlöfte Älvsbyn 2026",
        "valid_from": "2026-01-01",
        "valid_until": "2027-12-31",
        field: value,
    }
    response = post_raw(site.client, path, data)
    drafts = Promise.objects.filter(replaces=promise)
    judge(site, response, expected, field, lambda: list(drafts))


def test_start_next_is_for_admins_only(site):
    site.sign_in("polis")
    data = {"title": HTML, "valid_from": "2026-01-01", "valid_until": "2027-12-31"}
    assert post_raw(site.client, f"{P}/start-next/", data).status_code == 403
    site.unchanged()


# ---------------------------------------------------------------------------------------------
# The admin's add and change forms: the form as shown, one field changed.


@dataclass(frozen=True)
class AdminForm:
    model: str
    pick: object = None  # the world's object to change; None: the add form
    base: tuple = ()  # fields an add form needs: (name, value or function of the world)


def _police(world):
    return world.promise.police_area_id


def _municipality(world):
    return world.promise.municipality_id


def _narkotika(world):
    return world.commitment.focus_area_id


ORGANISATION = AdminForm("organisation", _police)
NEW_ORGANISATION = AdminForm("organisation", base=(("name", "Brandförsvaret"), ("kind", "other")))
MEMBERSHIP = AdminForm("membership", lambda w: Membership.objects.get(user__username="polis").pk)
NEW_MEMBERSHIP = AdminForm(
    "membership",
    base=(("user", lambda w: w.users["bra"].pk), ("organisation", _police), ("role", "reviewer")),
)
PROMISE = AdminForm("promise", lambda w: w.promise.pk)
NEW_PROMISE = AdminForm(
    "promise",
    base=(("title", "Medborgarlöfte Boden"), ("slug", "boden-2026"),
          ("municipality", _municipality), ("police_area", _police),
          ("valid_from", "2026-01-01"), ("valid_until", "2027-12-31")),
)  # fmt: skip
FOCUS_AREA = AdminForm("focusarea", _narkotika)
NEW_FOCUS_AREA = AdminForm(
    "focusarea", base=(("promise", lambda w: w.promise.pk), ("title", "Bedrägerier"),
                       ("position", "9"))
)  # fmt: skip
LOCAL_PROBLEM = AdminForm("localproblem", lambda w: LocalProblem.objects.get(title="Trafik").pk)
NEW_LOCAL_PROBLEM = AdminForm(
    "localproblem",
    base=(("focus_area", _narkotika), ("title", "Bostadsinbrott"), ("status", "raised"),
          ("position", "0")),
)  # fmt: skip
COMMITMENT = AdminForm("commitment", lambda w: w.commitment.pk)
NEW_COMMITMENT = AdminForm(
    "commitment",
    base=(("promise", lambda w: w.promise.pk), ("focus_area", _narkotika), ("key", "ny-nyckel"),
          ("text", "Ett nytt åtagande."), ("responsible", _police), ("kind", "ongoing"),
          ("position", "0")),
)  # fmt: skip
ACTIVITY = AdminForm("activity", lambda w: w.own_activity.pk)
NEW_ACTIVITY = AdminForm(
    "activity",
    base=(("commitment", lambda w: w.commitment.pk), ("occurred_on", "2025-06-01"),
          ("quantity", "1"), ("description", "Hundsök."), ("organisation", _police)),
)  # fmt: skip


def admin_cases():
    """(form, field, value, expected) for every model's add and change form."""
    texts = {"nul": NUL, "long": LONG_256}
    return [
        *[case(form, "name", v, "refused", id=f"{tag}-name-{k}")
          for form, tag in ((ORGANISATION, "organisation"), (NEW_ORGANISATION, "new-organisation"))
          for k, v in {**texts, "empty": ""}.items()],
        case(ORGANISATION, "name", "Polisen\x1bPiteå", "removed", id="organisation-name-escape"),
        case(NEW_ORGANISATION, "name", HTML[:200], HTML[:200], id="new-organisation-name-html"),
        case(NEW_ORGANISATION, "kind", "superuser", "refused", id="new-organisation-kind-unknown"),
        *[case(form, name, v, "refused", id=f"{tag}-{name}-{k}")
          for form, tag in ((MEMBERSHIP, "membership"), (NEW_MEMBERSHIP, "new-membership"))
          for name, values in {"user": {"nul": NUL, "huge": HUGE, "negative": "-1"},
                               "role": {"nul": NUL, "superuser": "superuser"}}.items()
          for k, v in values.items()],
        case(NEW_MEMBERSHIP, "user", lambda w: w.users["polis"].pk, "refused",
             id="new-membership-twice"),
        # The demo promise's page shows all its focus areas and commitments (slow): a few
        # cases there, the rest on a new promise's page.
        *[case(PROMISE, name, v, "refused", id=f"promise-{name}-{k}")
          for name, values in {"title": {"nul": NUL}, "source_url": {"js-url": JS_URL}}.items()
          for k, v in values.items()],
        case(PROMISE, "valid_from", "0001-01-01", "refused", id="promise-valid_from-year-1"),
        case(PROMISE, "summary", "Vi\x01lovar.", "removed", id="promise-summary-ctrl-a"),
        *[case(NEW_PROMISE, name, v, "refused", id=f"new-promise-{name}-{k}")
          for name, values in {
              "title": texts, "slug": {"sql": SQL, "long": "s" * 101, "html": HTML},
              "valid_from": {"feb-30": "2024-02-30", "nul": NUL, "after-end": "2028-01-01"},
              "source_url": {"js-url": JS_URL},
              "municipality": {"police": _police}, "police_area": {"municipality": _municipality},
          }.items() for k, v in values.items()],
        case(NEW_PROMISE, "valid_until", "9999-12-31", "refused",
             id="new-promise-valid_until-year-9999"),
        case(NEW_PROMISE, "title", HTML[:200], HTML[:200], id="new-promise-title-html"),
        *[case(form, name, v, "refused", id=f"{tag}-{name}-{k}")
          for form, tag in ((FOCUS_AREA, "focus-area"), (NEW_FOCUS_AREA, "new-focus-area"))
          for name, values in {"title": texts,
                               "position": {"huge": HUGE, "negative": "-1", "superscript": "²"}
                               }.items() for k, v in values.items()],
        case(FOCUS_AREA, "title", "Narko\x7ftika", "removed", id="focus-area-title-delete"),
        case(FOCUS_AREA, "description", "Polis\x0coch kommun", "removed",
             id="focus-area-description-form-feed"),
        case(NEW_FOCUS_AREA, "title", HTML[:200], HTML[:200], id="new-focus-area-title-html"),
        case(NEW_FOCUS_AREA, "promise", "abc", "refused", id="new-focus-area-promise-text"),
        *[case(form, name, v, "refused", id=f"{tag}-{name}-{k}")
          for form, tag in ((LOCAL_PROBLEM, "local-problem"),
                            (NEW_LOCAL_PROBLEM, "new-local-problem"))
          for name, values in {"title": texts, "status": {"unknown": "solved", "nul": NUL},
                               "raised_on": {"feb-30": "2025-02-30"}}.items()
          for k, v in values.items()],
        case(LOCAL_PROBLEM, "action_plan", "Kontroller\x1a", "removed",
             id="local-problem-action_plan-ctrl-z"),
        *[case(form, name, v, "refused", id=f"{tag}-{name}-{k}")
          for form, tag in ((COMMITMENT, "commitment"), (NEW_COMMITMENT, "new-commitment"))
          for name, values in {
              "key": {"nul": NUL, "sql": SQL, "long": "k" * 81, "space": "hund sök"},
              "text": {"nul": NUL, "empty": ""},
              "position": {"huge": HUGE},
              "responsible": {"foreign": foreign_organisation, "nul": NUL},
          }.items() for k, v in values.items()],
        *[case(COMMITMENT, "quota_target", v, "refused", id=f"commitment-quota_target-{k}")
          for k, v in {"huge": HUGE, "bigint": BIGINT, "zero": "0", "negative": "-1",
                       "superscript": "²", "nul": NUL}.items()],
        case(COMMITMENT, "quota_kinds", f"hundsök, {NUL}", "refused", id="commitment-kinds-nul"),
        case(COMMITMENT, "parent", lambda w: w.commitment.pk, "refused",
             id="commitment-parent-self"),
        case(COMMITMENT, "follows", lambda w: w.commitment.pk, "refused",
             id="commitment-follows-self"),
        case(COMMITMENT, "text", "Hundsök\x01i skolan.", "removed", id="commitment-text-ctrl-a"),
        case(NEW_COMMITMENT, "text", HTML, HTML, id="new-commitment-text-html"),
        *[case(form, name, v, "refused", id=f"{tag}-{name}-{k}")
          for form, tag in ((ACTIVITY, "activity"), (NEW_ACTIVITY, "new-activity"))
          for name, values in {
              "occurred_on": {"year-1": "0001-01-01", "year-9999": "9999-12-31",
                              "nul": NUL},
              "quantity": {"huge": HUGE, "superscript": "²", "zero": "0"},
              "description": {"nul": NUL, "long": LONG_10K},
              "commitment": {"foreign": foreign_commitment, "sql": SQL},
              "kind": {"long": "k" * 101},
          }.items() for k, v in values.items()],
        *[case(form, "quantity", "٣", "refused", id=f"{tag}-quantity-arabic-indic")
          for form, tag in ((ACTIVITY, "activity"), (NEW_ACTIVITY, "new-activity"))],
        case(ACTIVITY, "description", "Hundsök\x1b[31m", "removed",
             id="activity-description-escape"),
        case(NEW_ACTIVITY, "description", HTML, HTML, id="new-activity-description-html"),
    ]  # fmt: skip


_SHOWN = {}  # (path) -> the form's data as shown: the same for every case, read once


def admin_data(site, path):
    if path not in _SHOWN:
        _SHOWN[path] = form_data(site.client.get(path))
    return dict(_SHOWN[path])


MODELS = {"organisation": "Organisation", "membership": "Membership", "promise": "Promise",
          "focusarea": "FocusArea", "localproblem": "LocalProblem", "commitment": "Commitment",
          "activity": "Activity"}  # fmt: skip


@pytest.mark.parametrize("form, field, value, expected", admin_cases())
def test_admin_form(site, form, field, value, expected):
    site.sign_in("admin")
    model = apps.get_model("commitments", MODELS[form.model])
    if form.pick is None:
        path = f"/admin/commitments/{form.model}/add/"
        data = {**admin_data(site, path), **resolved(dict(form.base), site.world)}
        last = site.before[model._meta.label][1] or 0

        def saved():
            return list(model.objects.filter(pk__gt=last))
    else:
        pk = form.pick(site.world)
        path = f"/admin/commitments/{form.model}/{pk}/change/"
        data = admin_data(site, path)

        def saved():
            return [model.objects.get(pk=pk)]

    data[field] = value
    response = post_raw(site.client, path, resolved(data, site.world))
    judge(site, response, expected, field, saved)


# ---------------------------------------------------------------------------------------------
# What the exports make of stored text: a formula typed as a description stays text in the
# CSV and the workbook; a control character stored before it was refused does not break them.


def logged(world, text):
    """An activity of the police's dog searches described ``text``, as if logged earlier."""
    return ActivityFactory(
        commitment=world.commitment,
        occurred_on=datetime.date(2025, 5, 2),
        description=text,
        place=text[:200],
        reported_by=world.users["polis"],
    )


@pytest.mark.parametrize("text", FORMULAS.values(), ids=FORMULAS.keys())
def test_a_formula_stays_text_in_the_csv_export(site, text):
    logged(site.world, text)
    site.sign_in("polis")
    response = site.client.get(f"{P}/activities/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8"))))
    (row,) = [row for row in rows if row["description"].endswith(text.lstrip("\t\r=+-@"))]
    for cell in (row["description"], row["place"]):
        assert cell[0] not in "=+-@\t\r", f"{cell!r} is a formula to a spreadsheet"


@pytest.mark.parametrize(
    "text",
    [case(text, id=key)
     for key, text in FORMULAS.items()],
)  # fmt: skip
def test_a_formula_stays_text_in_the_workbook(site, text):
    logged(site.world, text)
    site.sign_in("bra")
    response = site.client.get(f"{P}/report.xlsx?from=2025-01-01&to=2025-06-15")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Aktiviteter"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell for cell in cells if cell.data_type == "f"] == []


@pytest.mark.parametrize(
    "character", ["\x01", "\x0c", "\x1b"], ids=["ctrl-a", "form-feed", "escape"]
)
def test_a_stored_control_character_does_not_break_the_workbook(site, character):
    logged(site.world, f"Hundsök{character}på skolan.")
    site.sign_in("bra")
    response = site.client.get(f"{P}/report.xlsx?from=2025-01-01&to=2025-06-15")
    assert response.status_code == 200
    openpyxl.load_workbook(io.BytesIO(response.content))


# ---------------------------------------------------------------------------------------------
# Files: promise files (YAML) and activity files (CSV), uploaded in the admin and given to the
# import commands. Each is refused as a whole: nothing of it is saved.

BOMB_LINES, BOMB = alias_bomb()


def file_case(content, id, removable=False):
    """A hostile file; ``removable``: its control characters may be removed (and the file
    saved without them) rather than the file refused."""
    return case(content, removable, id=id)


def assert_file_refused(site, removable, refused, result):
    """``refused`` checks the answer; a file whose control characters may be removed instead
    may have been saved, without them."""
    new = [
        instance
        for model in (Promise, FocusArea, LocalProblem, Commitment, Activity)
        for instance in model.objects.filter(pk__gt=site.before[model._meta.label][1] or 0)
    ]
    if removable and new:
        for instance in new:
            assert_no_control_characters(instance)
    else:
        refused(site, result)


PROMISE_FILES = [
    # Characters a YAML reader refuses, written raw, and escapes it reads into the same.
    # A control character may be removed instead (REMOVED): refused, or saved without it.
    file_case(promise_file(title=f"Löfte{NUL}Älvsbyn").encode(), id="raw-nul"),
    *[file_case(promise_file(summary=f"Vi{c}lovar.").encode(), id=f"raw-{k}",
                removable=True)
      for k, c in CONTROLS.items()],
    file_case(promise_file(title='"Löfte\\0Älvsbyn"').encode(), id="escaped-nul"),
    file_case(promise_file(area='"Trygg\\x01het"').encode(), id="escaped-ctrl-a", removable=True),
    file_case(promise_file(text='"Två\\ud800kontroller."').encode(), id="escaped-surrogate"),
    # Names and texts too long for their columns.
    *[file_case(promise_file(**{name: "n" * length}).encode(), id=f"long-{name}")
      for name, length in (("municipality", 201), ("area", 201), ("problem", 201),
                           ("title", 201), ("key", 81), ("group", 201), ("unit", 101))],
    file_case(promise_file(other_parties=f"[{'o' * 201}]").encode(), id="long-other-party"),
    file_case(promise_file(key="k" * 10_000).encode(), id="long-key-10k"),
    # Dates outside 1900–2100 and dates that are none.
    file_case(promise_file(valid_from="0001-01-01", valid_until="9999-12-31").encode(),
         id="dates-year-1-to-9999"),
    file_case(promise_file(valid_from="1899-12-31").encode(), id="date-1899"),
    file_case(promise_file(valid_until="2101-01-01").encode(), id="date-2101"),
    *[file_case(promise_file(valid_from=v).encode(), id=f"date-{k}")
      for k, v in {"feb-30": "2025-02-30", "fullwidth": "２０２５-01-01", "text": "igår",
                   "number": "20250101", "list": "[2025, 1, 1]"}.items()],
    file_case(promise_file(valid_from="2027-01-01").encode(), id="date-end-before-start"),
    # Numbers and types.
    *[file_case(promise_file(target=v).encode(), id=f"target-{k}")
      for k, v in {"huge": HUGE, "bigint": BIGINT, "zero": "0", "negative": "-1",
                   "decimal": "1.5", "text": "två", "bool": "true", "superscript": "²",
                   "null": "null", "list": "[1]"}.items()],
    file_case(promise_file(per="fortnight").encode(), id="per-unknown"),
    file_case(promise_file(title="[en, lista]").encode(), id="title-list"),
    file_case(promise_file(title="{a: b}").encode(), id="title-mapping"),
    file_case(promise_file(key='"hund sök"').encode(), id="key-space"),
    file_case(promise_file(key=f'"{SQL}"').encode(), id="key-sql"),
    file_case(promise_file(other_parties="police").encode(), id="other-parties-text"),
    file_case(promise_file().replace("format: 1", "format: 2").encode(), id="format-2"),
    file_case(promise_file().replace("format: 1\n", "").encode(), id="format-missing"),
    file_case(promise_file().replace("slug: katalog-2025", f"slug: '{SQL}'").encode(),
              id="slug-sql"),
    file_case(promise_file().replace("slug: katalog-2025", f"slug: {SLUG}").encode(),
         id="slug-taken"),
    file_case((promise_file() + "source_url: javascript:alert(1)\n").encode(), id="source-url-js"),
    file_case((promise_file() + "replaces: finns-inte\n").encode(), id="replaces-unknown"),
    file_case((promise_file() + "title: Igen\n").encode(), id="key-repeated"),
    file_case((promise_file() + "hemligt: ja\n").encode(), id="field-unknown"),
    # What is not YAML, or not a promise file, at all.
    file_case(b"", id="empty"),
    file_case(b"---\n", id="empty-document"),
    file_case(b"- en\n- lista\n", id="a-list"),
    file_case(b"bara text", id="a-scalar"),
    file_case(promise_file().encode() + b"---\nformat: 1\n", id="two-documents"),
    file_case(promise_file().encode("utf-16"), id="utf-16"),
    file_case(promise_file().encode("latin-1"), id="latin-1"),
    file_case(b"\xff\xfe\xfa" + promise_file().encode(), id="not-utf8"),
    file_case(promise_file().replace("  - title", "\t- title").encode(), id="tab-indent"),
    file_case(b"format: !!python/object/apply:os.system ['echo pwned']\n", id="python-tag"),
    file_case(b"format: 1\ntitle: &a [*a]\n", id="alias-cycle"),
    file_case(b"format: 1\nbase: &b {x: 1}\ntitle:\n  <<: *b\n  <<: *b\n", id="merge-twice"),
    file_case("\n".join([*BOMB_LINES, f"other_parties: {BOMB}", promise_file()]).encode(),
         id="alias-bomb"),
    file_case(promise_file(summary=nested(600)).encode(), id="nested-600-lists"),
    file_case(promise_file(summary=nested(600, "{a: ", "}").replace("{a: }", "{a: 1}")).encode(),
         id="nested-600-mappings"),
    file_case(promise_file(title='"' + "\\" * 3).encode(), id="unterminated-quote"),
]  # fmt: skip


def run(*args, **options):
    """Run a command: (its one-line reason or None, what it wrote on stdout and stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **options)
    except CommandError as error:
        return str(error), out.getvalue() + err.getvalue()
    return None, out.getvalue() + err.getvalue()


def assert_command_refused(site, result):
    reason, output = result
    assert reason, "the command did not stop"
    assert "\n" not in reason.strip(), "the reason is more than one line"
    assert "Traceback" not in output
    site.unchanged()


@pytest.mark.parametrize("content, removable", PROMISE_FILES)
def test_import_promise_command(site, tmp_path, content, removable):
    path = tmp_path / "lofte.yaml"
    path.write_bytes(content)
    result = run("import_promise", str(path))
    assert_file_refused(site, removable, assert_command_refused, result)


@pytest.mark.parametrize("content, removable", PROMISE_FILES)
def test_promise_file_upload(site, content, removable):
    site.sign_in("admin")
    upload = SimpleUploadedFile("lofte.yaml", content, content_type="application/yaml")
    response = site.client.post("/admin/commitments/promise/import/", {"file": upload})
    assert_file_refused(site, removable, assert_refused, response)


def test_a_promise_file_names_html_as_text(site, tmp_path):
    # Not hostile to the import: the title is stored as written and shown escaped.
    path = tmp_path / "lofte.yaml"
    path.write_text(promise_file(title=f"'{HTML}'"), encoding="utf-8")
    assert run("import_promise", str(path))[0] is None
    promise = Promise.objects.get(slug="katalog-2025")
    assert promise.title == HTML
    page = site.client.get("/promises/katalog-2025/").text
    assert HTML not in page and escape(HTML) in page


REIMPORTS = [
    # Logged activities would fall outside the rules: refused unless forced (part 5).
    case("valid_from: 2024-01-01", "valid_from: 2024-06-01", id="start-moved-later"),
    case("key: narkotika-hundsok\n        responsible: [police]",
         "key: narkotika-hundsok\n        responsible: [municipality]",
         id="responsible-changed"),
]  # fmt: skip


@pytest.mark.parametrize("old, new", REIMPORTS)
def test_replace_that_would_strand_activities(site, tmp_path, old, new):
    from commitments.demo import PROMISE_FILE

    text = PROMISE_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "lofte.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert_command_refused(site, run("import_promise", str(path), "--replace"))


ACTIVITY_FILES = [
    # Line endings and quoting that swallow or split rows.
    # Excel's "CSV (Macintosh)": read as it was meant (the rows are imported).
    file_case(activity_file().replace("\n", "\r").encode(), id="bare-cr", removable=True),
    file_case(activity_file(description="Hundsök\rpå skolan.").encode(), id="cr-in-field"),
    file_case(csv_text([activity_row(description='"Hundsök på skolan.'),
                   activity_row(description="Andra raden."),
                   activity_row(description="Tredje raden."),
                   activity_row(description="Fjärde raden.")]).encode(),
         id="unterminated-quote"),
    file_case(activity_file(description="d" * 140_000).encode(), id="field-over-csv-limit"),
    file_case(activity_file(description=f"Hundsök{NUL}på skolan.").encode(), id="nul-in-text"),
    *[file_case(activity_file(description=f"Hundsök{c}på skolan.").encode(),
           id=f"{k}-in-text", removable=True)
      for k, c in CONTROLS.items() if k in ("ctrl-a", "escape", "delete")],
    # Quantities, dates and names that are no such thing.
    *[file_case(activity_file(quantity=v).encode(), id=f"quantity-{k}")
      for k, v in UNICODE_DIGITS.items()],
    *[file_case(activity_file(quantity=v).encode(), id=f"quantity-{k}")
      for k, v in {"huge": HUGE, "negative": "-1", "zero": "0", "decimal": "1.5",
                   "exponent": "1e3", "over-max": "10001", "plus": "+5"}.items()],
    *[file_case(activity_file(date=v).encode(), id=f"date-{k}")
      for k, v in {**FAR_DATES, "feb-30": "2025-02-30", "text": "igår", "empty": "",
                   "tomorrow": "2025-06-16", "before-the-promise": "2023-12-31"}.items()],
    *[file_case(activity_file(commitment=v).encode(), id=f"commitment-{k}")
      for k, v in {"nul": NUL, "sql": f'"{SQL}"', "long": LONG_10K, "unknown": "atagande-1",
                   "empty": ""}.items()],
    *[file_case(activity_file(organisation=v).encode(), id=f"organisation-{k}")
      for k, v in {"nul": NUL, "long": LONG_256, "foreign": "Bodens kommun",
                   "municipality": "municipality"}.items()],
    *[file_case(activity_file(**{name: v}).encode(), id=f"{name}-long")
      for name, v in (("description", "d" * 2001), ("kind", "k" * 101), ("place", "p" * 201))],
    file_case(activity_file(description="").encode(), id="description-empty"),
    file_case(activity_file(description="Hos 19811228-9874").encode(),
              id="description-personal-number"),
    file_case(csv_text([activity_row() + ["yes"]],
                  "date,commitment,quantity,organisation,kind,description,place,completes"
                  ).encode(), id="completes-not-a-milestone"),
    file_case(csv_text([activity_row() + ["kanske"]],
                  "date,commitment,quantity,organisation,kind,description,place,completes"
                  ).encode(), id="completes-maybe"),
    file_case(csv_text([activity_row() + ["police|Bodens kommun"]],
                  "date,commitment,quantity,organisation,kind,description,place,participants"
                  ).encode(), id="participants-foreign"),
    # Headers and shapes.
    file_case(csv_text([activity_row() + ["extra"]]).encode(), id="more-values-than-columns"),
    file_case(csv_text([activity_row()], "datum;åtagande;beskrivning;hemligt").encode(),
         id="header-unknown"),
    file_case(csv_text([activity_row()], "date,description").encode(), id="header-missing-column"),
    file_case(csv_text([activity_row()], f"date,commitment{NUL},description").encode(),
         id="header-nul"),
    file_case(b"", id="empty"),
    file_case(b"\xef\xbb\xbf", id="byte-order-mark-only"),
    file_case(activity_file().encode("utf-16"), id="utf-16"),
    file_case(activity_file(description="Hundsök på skolan, Älvsbyn.").encode("latin-1"),
         id="latin-1"),
    file_case(csv_text([activity_row(), activity_row()]).encode(), id="the-same-row-twice"),
    file_case(csv_text([activity_row(date="2025-04-09", description="Hundsök på högstadieskolan. "
                                "Inga fynd.", place="Högstadieskolan")]).encode(),
         id="a-logged-activity-again"),
    file_case(csv_text([activity_row(), activity_row(quantity="²")]).encode(),
         id="one-good-row-one-bad"),
]  # fmt: skip


@pytest.mark.parametrize("content, removable", ACTIVITY_FILES)
def test_import_activities_command(site, tmp_path, content, removable):
    path = tmp_path / "aktiviteter.csv"
    path.write_bytes(content)
    result = run("import_activities", SLUG, str(path))
    assert_file_refused(site, removable, assert_command_refused, result)


@pytest.mark.parametrize("content, removable", ACTIVITY_FILES)
def test_activity_file_upload(site, content, removable):
    site.sign_in("admin")
    upload = SimpleUploadedFile("aktiviteter.csv", content, content_type="text/csv")
    data = {"promise": site.world.promise.pk, "file": upload}
    response = site.client.post("/admin/commitments/activity/import/", data)
    assert_file_refused(site, removable, assert_refused, response)


def test_an_upload_over_the_size_limit_is_refused(site):
    # One good row and six megabytes of empty rows: the upload is refused for its size, with
    # a pointer to the command, before it is read.
    content = activity_file().encode() + b",,,,,,,\n" * 750_000
    site.sign_in("admin")
    upload = SimpleUploadedFile("aktiviteter.csv", content, content_type="text/csv")
    data = {"promise": site.world.promise.pk, "file": upload}
    response = site.client.post("/admin/commitments/activity/import/", data)
    assert_refused(site, response)
    assert "import_activities" in response.text


def test_an_activity_file_with_html_and_formulas_is_text(site, tmp_path):
    path = tmp_path / "aktiviteter.csv"
    rows = [activity_row(description=f'"{HTML.replace(chr(34), chr(34) * 2)}"'),
            activity_row(description=f'"{FORMULA.replace(chr(34), chr(34) * 2)}"')]  # fmt: skip
    path.write_text(csv_text(rows), encoding="utf-8")
    assert run("import_activities", SLUG, str(path))[0] is None
    new = Activity.objects.filter(pk__gt=site.before["commitments.Activity"][1])
    assert sorted(new.values_list("description", flat=True)) == sorted([HTML, FORMULA])


# ---------------------------------------------------------------------------------------------
# Indicator values: the staff form, the CSV upload and the command (issue 12).

INDICATOR = "otrygghet-kvall"
INDICATOR_BASE = {"measured_on": "2025-05-01", "value": "16,4", "note": "", "source_url": ""}
# A figure may be negative, zero or have decimals; none of these is a figure.
VALUE_NUMBERS = {**{k: v for k, v in NUMBER_VALUES.items()
                    if k not in ("negative", "zero", "decimal")},
                 **UNICODE_DIGITS, "nan": "NaN", "infinity": "Infinity", "over-max": "9" * 13,
                 "four-decimals": "1,2345", "empty": ""}  # fmt: skip
INDICATOR_CASES = [
    *[case("measured_on", v, "refused", id=f"date-{k}")
      for k, v in {**FAR_DATES, **NOT_DATES, "nul": NUL, "surrogate": SURROGATE_BYTES,
                   "tomorrow": "2025-06-16"}.items() if k != "fullwidth"],
    case("measured_on", NOT_DATES["fullwidth"], ReadAs(datetime.date(2025, 6, 1)),
         id="date-fullwidth"),
    *[case("value", v, "refused", id=f"value-{k}") for k, v in VALUE_NUMBERS.items()],
    *[case("note", v, "refused", id=f"note-{k}")
      for k, v in {"nul": NUL, "personal-number": "Hos 19811228-9874."}.items()],
    *[case("note", f"Mätt{c}i oktober.", "removed", id=f"note-{k}")
      for k, c in {"ctrl-a": "\x01", "escape": "\x1b"}.items()],
    *[case("note", v, v, id=f"note-{k}") for k, v in TEXT_ATTACKS.items()],
    *[case("source_url", v, "refused", id=f"source_url-{k}")
      for k, v in {"nul": NUL, "js-url": JS_URL, "long": "https://x.se/" + "a" * 600,
                   "sql": SQL, "personal-number": "https://x.se/?p=19811228-9874"}.items()],
]  # fmt: skip


@pytest.mark.parametrize("field, value, expected", INDICATOR_CASES)
def test_indicator_value_form(site, field, value, expected):
    site.sign_in("bra")
    path = f"{P}/indicators/{INDICATOR}/values/new/"
    data = {**hidden_fields(site.client.get(path)), **INDICATOR_BASE, field: value}
    response = post_raw(site.client, path, data)
    new = IndicatorValue.objects.filter(pk__gt=site.before["commitments.IndicatorValue"][1] or 0)
    judge(site, response, expected, field, lambda: list(new))


def indicator_file(**cells):
    row = {"indicator": INDICATOR, "date": "2025-05-01", "value": "16,4", "note": "",
           "source_url": ""}  # fmt: skip
    row.update(cells)
    return csv_text([list(row.values())], header="indicator,date,value,note,source_url")


INDICATOR_FILES = [
    *[file_case(indicator_file(value=f'"{v}"').encode(), id=f"value-{k}")
      for k, v in VALUE_NUMBERS.items() if not isinstance(v, Raw)],
    *[file_case(indicator_file(date=v).encode(), id=f"date-{k}")
      for k, v in {**FAR_DATES, "feb-30": "2025-02-30", "text": "igår", "empty": "",
                   "tomorrow": "2025-06-16"}.items()],
    *[file_case(indicator_file(indicator=v).encode(), id=f"indicator-{k}")
      for k, v in {"nul": NUL, "sql": f'"{SQL}"', "long": LONG_10K, "unknown": "okand",
                   "empty": "", "foreign": "dygn"}.items()],
    file_case(indicator_file(note=f"Mätt{NUL}i oktober.").encode(), id="note-nul"),
    file_case(indicator_file(note="Hos 19811228-9874.").encode(), id="note-personal-number"),
    file_case(indicator_file(note="Mätt\x01i oktober.").encode(), id="note-ctrl-a",
              removable=True),
    file_case(indicator_file(source_url=JS_URL).encode(), id="source_url-js-url"),
    file_case(indicator_file().encode("utf-16"), id="utf-16"),
    file_case(b"\xff\xfe\xfa" + indicator_file().encode(), id="not-utf8"),
    file_case(indicator_file().replace("indicator,", "indikatorn,").encode(), id="unknown-column"),
    file_case(b"", id="empty-file"),
    file_case(csv_text([[INDICATOR, "2025-05-01", '"16,4', "Öppet citat", ""]] * 3,
                       header="indicator,date,value,note,source_url").encode(),
              id="unterminated-quote"),
    file_case((indicator_file() + indicator_file().split("\n", 1)[1]).encode(),
              id="same-date-twice"),
]  # fmt: skip


def assert_indicator_file_refused(site, removable, refused, result):
    new = IndicatorValue.objects.filter(pk__gt=site.before["commitments.IndicatorValue"][1] or 0)
    if removable and new.exists():
        for instance in new:
            assert_no_control_characters(instance)
    else:
        refused(site, result)


@pytest.mark.parametrize("content, removable", INDICATOR_FILES)
def test_import_indicator_values_command(site, tmp_path, content, removable):
    path = tmp_path / "varden.csv"
    path.write_bytes(content)
    result = run("import_indicator_values", SLUG, str(path))
    assert_indicator_file_refused(site, removable, assert_command_refused, result)


@pytest.mark.parametrize("content, removable", INDICATOR_FILES)
def test_indicator_file_upload(site, content, removable):
    site.sign_in("bra")
    upload = SimpleUploadedFile("varden.csv", content, content_type="text/csv")
    response = site.client.post(f"{P}/indicators/import/", {"file": upload})
    assert_indicator_file_refused(site, removable, assert_refused, response)


def test_an_indicator_note_with_html_is_shown_as_text(site):
    site.sign_in("bra")
    path = f"{P}/indicators/{INDICATOR}/values/new/"
    response = post_raw(site.client, path, {**INDICATOR_BASE, "note": HTML})
    assert response.status_code == 302
    for page in (f"{P}/indicators/", f"{P}/followup/", f"{P}/report/"):
        text = site.client.get(page).text
        assert HTML not in text and escape(HTML) in text, page


# ---------------------------------------------------------------------------------------------
# Plans and the calendar feed (issue 13): plan, move, cancel and carry out a plan, the plan
# list's filter, and the feed's secret address.

PLAN_NEW = f"{P}/plans/new/?commitment=narkotika-hundsok"
PLAN_BASE = {"planned_on": "2025-06-20", "kind": "hundsök", "place": "Skolan",
             "note": "Hundsök med två hundar."}  # fmt: skip
PERSONAL_NUMBER = "Hos 19811228-9874."


def foreign_plan_commitment(world):
    return world.foreign_activity.commitment_id


def municipality(world):
    return world.promise.municipality_id


def text_cases(field, longest):
    """A plan's text: NUL, too long, a personal identity number refused; control characters
    removed; HTML, SQL, a template, a formula and a script address stored as typed."""
    return [
        *[case(field, v, "refused", id=f"{field}-{k}")
          for k, v in {"nul": NUL, "nul-inside": f"Skol{NUL}gården", "long": "t" * (longest + 1),
                       "personal-number": PERSONAL_NUMBER}.items()],
        case(field, NOT_UTF8, "removed", id=f"{field}-not-utf8"),
        *[case(field, f"Skol{c}gården", "removed", id=f"{field}-{k}")
          for k, c in CONTROLS.items()],
    ]  # fmt: skip


PLAN_CASES = [
    *[case("planned_on", v, "refused", id=f"date-{k}")
      for k, v in {**FAR_DATES, **NOT_DATES, "nul": NUL, "surrogate": SURROGATE_BYTES,
                   "yesterday": "2025-06-14", "empty": "", "ctrl-a": "2025-06-2\x01"}.items()],
    *[case("commitment", v, "refused", id=f"commitment-{k}")
      for k, v in {"nul": NUL, "huge": HUGE, "bigint": BIGINT, "negative": "-1", "sql": SQL,
                   "foreign": foreign_plan_commitment, "others": others_commitment,
                   "list": "1,2", "empty": ""}.items()],
    *text_cases("kind", 100),
    *text_cases("place", 200),
    *text_cases("note", 2_000),
    *[case("place", v, v, id=f"place-{k}") for k, v in {"js-url": JS_URL, "sql": SQL}.items()],
    *[case("note", v, v, id=f"note-{k}") for k, v in TEXT_ATTACKS.items()],
]  # fmt: skip


def new_plans(site):
    return PlannedActivity.objects.filter(pk__gt=site.before["commitments.PlannedActivity"][1] or 0)


@pytest.mark.parametrize("field, value, expected", PLAN_CASES)
def test_plan_form(site, field, value, expected):
    site.sign_in("polis")
    data = {
        **hidden_fields(site.client.get(PLAN_NEW)),
        **PLAN_BASE,
        "commitment": site.world.commitment.pk,
        field: value,
    }
    response = post_raw(site.client, PLAN_NEW, resolved(data, site.world))
    judge(site, response, expected, field, lambda: list(new_plans(site)))
    if response.status_code == 302:
        (plan,) = new_plans(site)
        assert plan.organisation_id == site.world.promise.police_area_id


# The organisation: polis logs for one (the field is fixed, what is posted is not read); an
# admin chooses among the promise's parties, of which only those responsible are taken.
PLAN_ORGANISATION_CASES = [
    *[case("admin", v, id=f"admin-{k}")
      for k, v in {"nul": NUL, "huge": HUGE, "bigint": BIGINT, "sql": SQL, "empty": "",
                   "foreign": foreign_organisation,
                   "not-responsible": municipality}.items()],
    *[case("polis", v, id=f"polis-{k}")
      for k, v in {"nul": NUL, "foreign": foreign_organisation,
                   "not-responsible": municipality}.items()],
]  # fmt: skip


@pytest.mark.parametrize("username, value", PLAN_ORGANISATION_CASES)
def test_plan_form_organisation(site, username, value):
    site.sign_in(username)
    data = {
        **hidden_fields(site.client.get(PLAN_NEW)),
        **PLAN_BASE,
        "commitment": site.world.commitment.pk,
        "organisation": value,
    }
    response = post_raw(site.client, PLAN_NEW, resolved(data, site.world))
    if response.status_code == 302:  # polis's own organisation, whatever was posted
        (plan,) = new_plans(site)
        assert plan.organisation_id == site.world.promise.police_area_id
    else:
        assert_refused(site, response)


def test_plan_form_for_another_partys_commitment_in_the_address(site):
    site.sign_in("polis")
    path = f"{P}/plans/new/?commitment=narkotika-drogvaneundersokning"
    response = post_raw(site.client, path, {**PLAN_BASE, "commitment": site.world.milestone.pk})
    assert response.status_code == 404
    site.unchanged()


def test_a_plan_note_with_html_is_shown_as_text(site):
    site.sign_in("polis")
    data = {**PLAN_BASE, "commitment": site.world.commitment.pk, "note": HTML, "place": HTML}
    assert post_raw(site.client, PLAN_NEW, data).status_code == 302
    page = site.client.get(f"{P}/plans/").text
    assert HTML not in page and escape(HTML) in page
    commitment_page = site.client.get(f"{P}/commitments/narkotika-hundsok/").text
    assert HTML not in commitment_page and escape(HTML) in commitment_page


def planned(world, username="polis", **fields):
    """A plan of the police's dog searches, made by ``username``."""
    return PlannedActivity.objects.create(
        commitment=world.commitment,
        organisation=world.promise.police_area,
        planned_on=datetime.date(2025, 6, 20),
        created_by=world.users[username],
        **fields,
    )


@pytest.fixture
def plan(site):
    """An open plan of polis's, made before the case (the database's state counted after)."""
    made = planned(site.world)
    site.before = fingerprint()
    return made


PLAN_MOVE_CASES = [
    *[case("planned_on", v, "refused", id=f"date-{k}")
      for k, v in {"year-1": FAR_DATES["year-1"], "year-9999": FAR_DATES["year-9999"],
                   "feb-30": "2025-02-30", "nul": NUL, "surrogate": SURROGATE_BYTES,
                   "yesterday": "2025-06-14", "empty": ""}.items()],
    *[case("place", v, "refused", id=f"place-{k}")
      for k, v in {"nul": NUL, "long": "p" * 201, "personal-number": PERSONAL_NUMBER}.items()],
    *[case("note", v, "refused", id=f"note-{k}")
      for k, v in {"nul": NUL, "long": "n" * 2_001, "personal-number": PERSONAL_NUMBER}.items()],
    case("note", "Flyttad\x1bframåt.", "removed", id="note-escape"),
    case("note", HTML, HTML, id="note-html"),
    *[case("opened_version", v, "refused", id=f"version-{k}")
      for k, v in {"nul": NUL, "huge": HUGE, "negative": "-1", "stale": "0", "sql": SQL}.items()],
]  # fmt: skip


@pytest.mark.parametrize("field, value, expected", PLAN_MOVE_CASES)
def test_plan_move_form(site, plan, field, value, expected):
    site.sign_in("polis")
    path = f"{P}/plans/{plan.pk}/"
    data = {**hidden_fields(site.client.get(path)), "planned_on": "2025-06-21",
            "place": "Skolan", "note": "", field: value}  # fmt: skip
    response = post_raw(site.client, path, data)
    judge(site, response, expected, field, lambda: [PlannedActivity.objects.get(pk=plan.pk)])


PLAN_CANCEL_CASES = [
    *[case({"cancel_reason": v}, id=f"reason-{k}")
      for k, v in {"nul": NUL, "empty": "", "blank": " \t\n ", "long": "r" * 501,
                   "personal-number": PERSONAL_NUMBER}.items()],
    case({"cancel_reason": "Inställt.", "opened_version": NUL}, id="version-nul"),
    case({"cancel_reason": "Inställt.", "opened_version": "0"}, id="version-stale"),
    case({"cancel_reason": ["Inställt.", NUL]}, id="reason-twice-last-nul"),
]  # fmt: skip


@pytest.mark.parametrize("data", PLAN_CANCEL_CASES)
def test_plan_cancel_form(site, plan, data):
    site.sign_in("polis")
    path = f"{P}/plans/{plan.pk}/cancel/"
    response = post_raw(site.client, path, {**hidden_fields(site.client.get(path)), **data})
    assert_refused(site, response)
    assert PlannedActivity.objects.get(pk=plan.pk).status == "open"


def test_a_cancel_reason_loses_its_control_characters_and_is_shown_as_text(site, plan):
    site.sign_in("polis")
    path = f"{P}/plans/{plan.pk}/cancel/"
    reason = f"Inställt\x01: {HTML}"
    response = post_raw(site.client, path, {**hidden_fields(site.client.get(path)),
                                            "cancel_reason": reason})  # fmt: skip
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        stored = PlannedActivity.objects.get(pk=plan.pk)
        assert_no_control_characters(stored)
        assert stored.status == "cancelled"
        page = site.client.get(f"{P}/plans/?show=cancelled").text
        assert HTML not in page and escape(stored.cancel_reason) in page
    else:
        assert_refused(site, response)


# "Genomförd": the log form, filled in from the plan, checked as the log form is.
DONE_CASES = [
    *[case("occurred_on", v, "refused", id=f"date-{k}")
      for k, v in {"year-9999": FAR_DATES["year-9999"], "feb-30": "2025-02-30", "nul": NUL,
                   "tomorrow": "2025-06-16", "surrogate": SURROGATE_BYTES}.items()],
    *[case("quantity", v, "refused", id=f"quantity-{k}")
      for k, v in {"huge": HUGE, "negative": "-1", "nul": NUL, "superscript": "²"}.items()],
    *[case("description", v, "refused", id=f"description-{k}")
      for k, v in {"nul": NUL, "long": LONG_10K, "empty": "",
                   "personal-number": PERSONAL_NUMBER}.items()],
    case("description", "Hundsök\x1bi skolan.", "removed", id="description-escape"),
    case("description", HTML, HTML, id="description-html"),
    *[case("commitment", v, "refused", id=f"commitment-{k}")
      for k, v in {"nul": NUL, "foreign": foreign_commitment, "others": others_commitment,
                   "huge": HUGE}.items()],
    case("participants", foreign_organisation, "refused", id="participants-foreign"),
]  # fmt: skip


@pytest.mark.parametrize("field, value, expected", DONE_CASES)
def test_plan_done_form(site, plan, field, value, expected):
    site.sign_in("polis")
    path = f"{P}/plans/{plan.pk}/done/"
    data = {**hidden_fields(site.client.get(path)), "commitment": site.world.commitment.pk,
            "occurred_on": "2025-06-15", "quantity": "1", "kind": "hundsök",
            "description": "Hundsök på skolan.", "place": "Skolan", field: value}  # fmt: skip
    response = post_raw(site.client, path, resolved(data, site.world))
    new = Activity.objects.filter(pk__gt=site.before["commitments.Activity"][1])
    judge(site, response, expected, field, lambda: list(new))
    stored = PlannedActivity.objects.get(pk=plan.pk)
    if response.status_code == 302:  # carried out: closed and linked to what was logged
        (activity,) = new
        assert (stored.status, stored.activity_id) == ("done", activity.pk)
    else:
        assert (stored.status, stored.activity_id) == ("open", None)


PLANS_OUT_OF_REACH = [
    # Another reporter's plan, a plan of another municipality, ids that name none.
    case("kommun", "", id="others-plan-move"),
    case("kommun", "cancel/", id="others-plan-cancel"),
    case("kommun", "done/", id="others-plan-done"),
    case("framling", "done/", id="stranger-done"),
]


@pytest.mark.parametrize("username, action", PLANS_OUT_OF_REACH)
def test_others_plans_are_out_of_reach(site, plan, username, action):
    site.sign_in(username)
    path = f"{P}/plans/{plan.pk}/{action}"
    data = {**PLAN_BASE, "cancel_reason": "Inställt.", "description": "x",
            "occurred_on": "2025-06-15", "quantity": "1"}  # fmt: skip
    response = post_raw(site.client, path, data)
    assert response.status_code in (403, 404)
    site.unchanged()


@pytest.mark.parametrize(
    "suffix", ["0/", f"{BIGINT}/", f"{HUGE}/done/", "-1/cancel/", "abc/", f"{2**63 - 1}/done/"]
)
def test_plan_addresses_that_name_nothing(site, suffix):
    site.sign_in("polis")
    response = post_raw(site.client, f"{P}/plans/{suffix}", {"cancel_reason": "x"})
    assert response.status_code == 404
    site.unchanged()


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_a_closed_plan_is_not_carried_out_again(site, status):
    fields = {"cancel_reason": "Inställt."} if status == "cancelled" else {}
    plan = planned(site.world, status=status, **fields)
    site.before = fingerprint()
    site.sign_in("polis")
    for action in ("", "cancel/", "done/"):
        path = f"{P}/plans/{plan.pk}/{action}"
        data = {**PLAN_BASE, "cancel_reason": "Igen.", "description": "Igen.",
                "occurred_on": "2025-06-15", "quantity": "1"}  # fmt: skip
        response = post_raw(site.client, path, data)
        assert response.status_code in (302, 403, 404)
        site.unchanged()


PLAN_LIST_VALUES = {"nul": NUL, "huge": HUGE, "bigint": BIGINT, "negative": "-1", "sql": SQL,
                    "surrogate": SURROGATE_BYTES, "long": LONG_256, "html": HTML}  # fmt: skip
PLAN_LIST_CASES = [
    *[case(name, v, 400, id=f"{name}-{k}")
      for name in ("organisation", "commitment", "show") for k, v in PLAN_LIST_VALUES.items()],
    case("organisation", foreign_organisation, 400, id="organisation-foreign"),
    case("commitment", foreign_plan_commitment, 400, id="commitment-foreign"),
    *[case("month", v, 400, id=f"month-{k}")
      for k, v in {**{k: v for k, v in PLAN_LIST_VALUES.items() if k not in ("negative",)},
                   "13": "2025-13", "00": "2025-00", "year-0": "0000-01", "year-1": "0001-01",
                   "year-9999": "9999-12", "short": "2025-1", "a-day": "2025-06-01",
                   "text": "juni", "negative": "-2025-01"}.items()],
    case("month", "2100-12", 200, id="month-2100"),
    case("month", "1900-01", 200, id="month-1900"),
    # Not read by the list: any value is ignored.
    *[case(name, v, 200, id=f"{name}-{k}") for name in ("status", "page")
      for k, v in {"nul": NUL, "sql": SQL, "huge": HUGE}.items()],
]  # fmt: skip


@pytest.mark.parametrize("name, value, expected", PLAN_LIST_CASES)
def test_plan_list_parameter(site, plan, name, value, expected):
    site.sign_in("polis")
    value = value(site.world) if callable(value) else value
    response = site.client.get(f"{P}/plans/?{query_string([(name, value)])}")
    assert response.status_code == expected
    if expected == 400:
        assert f'id="plan-{plan.pk}"' not in response.text
    site.unchanged()


def feed_token(world, username):
    return CalendarFeed.objects.get_or_create(user=world.users[username])[0].token


FEED_CASES = {
    "nul": NUL, "nul-inside": "a" * 20 + NUL + "a" * 22, "too-long": "a" * 44,
    "very-long": LONG_10K, "too-short": "a" * 42, "sql": SQL, "html": HTML,
    "digits": "1" * 43, "unknown": "Q" * 43, "surrogate": "a" * 42 + SURROGATE,
    "dots": "../../etc/passwd", "empty": "", "percent": "%" * 43,
}  # fmt: skip


@pytest.mark.parametrize("token", FEED_CASES.values(), ids=FEED_CASES.keys())
def test_calendar_feed_address(site, token):
    feed_token(site.world, "polis")  # a feed exists; none of these is its address
    site.before = fingerprint()
    path = "/calendar/" + urllib.parse.quote(token, safe="", errors="surrogatepass") + ".ics"
    response = site.client.get(path)
    assert response.status_code in (400, 404)
    assert "BEGIN:VCALENDAR" not in response.text
    site.unchanged()


def test_another_persons_old_feed_address_ends_with_renewal(site):
    old = feed_token(site.world, "polis")
    site.client.force_login(site.world.users["polis"])
    assert site.client.get(f"/calendar/{old}.ics").status_code == 200
    assert site.client.post("/accounts/calendar/").status_code == 302
    new = CalendarFeed.objects.get(user=site.world.users["polis"]).token
    assert new != old
    site.client.force_login(site.world.users["kommun"])  # signed in or not, the address decides
    for client_state in ("kommun", None):
        if client_state is None:
            site.client.logout()
        assert site.client.get(f"/calendar/{old}.ics").status_code == 404
    assert site.client.get(f"/calendar/{new}.ics").status_code == 200


def test_the_feed_names_html_as_text(site):
    planned(site.world, note=HTML, place=HTML, kind="hundsök")
    response = site.client.get(f"/calendar/{feed_token(site.world, 'polis')}.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("plan-")]
    assert str(event["location"]) == HTML  # text to the calendar, which shows it as such
    assert HTML in str(event["description"])


# ---------------------------------------------------------------------------------------------
# Review (issue 13): the reason a returned activity is given, and decisions that are none.

REVIEW_CASES = [
    *[case({"decision": "return", "reason": v}, id=f"reason-{k}")
      for k, v in {"nul": NUL, "empty": "", "blank": " \t\n", "long": LONG_10K,
                   "personal-number": "Skriv inte 19811228-9874."}.items()],
    *[case({"decision": v}, id=f"decision-{k}")
      for k, v in {"nul": NUL, "unknown": "godkänn", "sql": SQL, "empty": "",
                   "list": ["approve", "return"]}.items()],
]  # fmt: skip


@pytest.mark.parametrize("data", REVIEW_CASES)
def test_review(site, data):
    activity = site.world.other_activity
    Activity.objects.filter(pk=activity.pk).update(review_status="submitted")
    site.before = fingerprint()
    site.sign_in("admin")
    response = post_raw(site.client, f"{P}/activities/{activity.pk}/review/", data)
    assert_refused(site, response)


def test_a_returned_activitys_reason_is_shown_as_text(site):
    activity = site.world.other_activity
    Activity.objects.filter(pk=activity.pk).update(review_status="submitted")
    site.sign_in("admin")
    data = {"decision": "return", "reason": HTML}
    response = post_raw(site.client, f"{P}/activities/{activity.pk}/review/", data)
    assert response.status_code == 302
    page = site.client.get(f"{P}/activities/{activity.pk}/").text
    assert HTML not in page and escape(HTML) in page


# ---------------------------------------------------------------------------------------------
# Commands: every argument and option. A byte that is not UTF-8 in an argument (a Latin-1
# terminal) reaches Python as a lone surrogate ("\udcff").

ARGV_BYTE = "\udcff"
ARG_VALUES = {"nul": NUL, "surrogate": ARGV_BYTE, "sql": SQL, "long": LONG_10K, "html": HTML,
              "empty": "", "dash": "-"}  # fmt: skip
AS_OF_VALUES = {**{k: v for k, v in DATE_VALUES.items() if not isinstance(v, Raw)},
                "argv-byte": f"2025-01-0{ARGV_BYTE}"}  # fmt: skip


def missing(tmp_path):
    return str(tmp_path / "finns-inte.csv")


COMMAND_CASES = [
    # import_promise FILE
    *[case(["import_promise", path], id=f"import_promise-{k}")
      for k, path in {"missing": "/finns/inte.yaml", "directory": "/tmp",
                      "surrogate": f"/tmp/{ARGV_BYTE}.yaml", "empty-name": ""}.items()],
    case(["import_promise", "/dev/null"], id="import_promise-dev-null"),
    case(["import_promise", "/dev/null", "--move-activities", "--keep-activities"],
         id="import_promise-both-choices"),
    case(["import_promise", "/dev/null", "--hemligt"], id="import_promise-unknown-option"),
    # import_activities SLUG FILE [--user]
    *[case(["import_activities", v, "/dev/null"], id=f"import_activities-slug-{k}")
      for k, v in ARG_VALUES.items()],
    *[case(["import_activities", SLUG, "/dev/null", "--user", v],
           id=f"import_activities-user-{k}") for k, v in ARG_VALUES.items() if v],
    case(["import_activities", SLUG, "/finns/inte.csv"], id="import_activities-missing-file"),
    case(["import_activities", SLUG, "/tmp"], id="import_activities-directory"),
    # import_indicator_values SLUG FILE [--user]
    *[case(["import_indicator_values", v, "/dev/null"], id=f"import_indicator_values-slug-{k}")
      for k, v in ARG_VALUES.items()],
    *[case(["import_indicator_values", SLUG, "/dev/null", "--user", v],
           id=f"import_indicator_values-user-{k}") for k, v in ARG_VALUES.items() if v],
    case(["import_indicator_values", SLUG, "/finns/inte.csv"],
         id="import_indicator_values-missing-file"),
    case(["import_indicator_values", SLUG, "/tmp"], id="import_indicator_values-directory"),
    # export_promise SLUG [-o FILE]
    *[case(["export_promise", v], id=f"export_promise-slug-{k}") for k, v in ARG_VALUES.items()],
    *[case(["export_promise", SLUG, "-o", v], id=f"export_promise-output-{k}")
      for k, v in {"directory": "/tmp", "no-directory": "/finns/inte/lofte.yaml",
                   "proc": "/proc/version"}.items()],
    # followup SLUG [--as-of] [--format]
    *[case(["followup", v], id=f"followup-slug-{k}") for k, v in ARG_VALUES.items()],
    *[case(["followup", SLUG, "--as-of", v], id=f"followup-as-of-{k}")
      for k, v in AS_OF_VALUES.items()],
    *[case(["followup", SLUG, "--format", v], id=f"followup-format-{k}")
      for k, v in {"xml": "xml", "nul": NUL, "upper": "JSON"}.items()],
    # send_reminders [--as-of]
    *[case(["send_reminders", "--as-of", v], id=f"send_reminders-as-of-{k}")
      for k, v in AS_OF_VALUES.items() if k in ("nul", "year-1", "year-9999", "feb-30", "sql",
                                                "argv-byte", "week-date", "fullwidth")],
    # erase_personal_data ACTIVITY_ID TEXT --reason
    *[case(["erase_personal_data", v, "Hundsök", "--reason", "Personnummer."],
           id=f"erase-id-{k}")
      for k, v in {**{k: v for k, v in NUMBER_VALUES.items() if not isinstance(v, Raw)},
                   "argv-byte": ARGV_BYTE, "largest": str(2**63 - 1)}.items()],
    *[case(["erase_personal_data", lambda w: w.own_activity.pk, v, "--reason", "Fel."],
           id=f"erase-text-{k}")
      for k, v in {"nul": NUL, "empty": "", "absent": "finns inte här", "surrogate": ARGV_BYTE,
                   "long": LONG_10K}.items()],
    *[case(["erase_personal_data", lambda w: w.own_activity.pk, "Hundsök", "--reason", v],
           id=f"erase-reason-{k}")
      for k, v in {"empty": "", "long": "r" * 501, "personal-number": "19811228-9874"}.items()],
    case(["erase_personal_data", lambda w: w.own_activity.pk, "Hundsök", "--reason", NUL],
         id="erase-reason-nul"),
    case(["erase_personal_data", lambda w: w.own_activity.pk, "Hundsök", "--reason", ARGV_BYTE],
         id="erase-reason-surrogate"),
    case(["erase_personal_data", lambda w: w.foreign_activity.pk + 10_000, "x", "--reason", "Fel."],
         id="erase-no-such-activity"),
    # purge_deleted --older-than DAYS
    *[case(["purge_deleted", "--older-than", v], id=f"purge_deleted-{k}")
      for k, v in {**{k: v for k, v in NUMBER_VALUES.items() if not isinstance(v, Raw)},
                   "empty": "", "over-a-century": "36501", "fullwidth": "３０"}.items()],
    case(["purge_deleted"], id="purge_deleted-no-days"),
    # load_demo: DEBUG is off in tests
    case(["load_demo"], id="load_demo-debug-off"),
    case(["load_demo", "--force", "extra"], id="load_demo-extra-argument"),
]  # fmt: skip


@pytest.mark.parametrize("args", COMMAND_CASES)
def test_command(site, args):
    args = [arg(site.world) if callable(arg) else str(arg) for arg in args]
    assert_command_refused(site, run(*args))


READING_COMMANDS = [
    case(["followup", SLUG, "--as-of", "2100-12-31", "--format", "text"], id="followup-2100-text"),
    case(["followup", SLUG, "--as-of", "1900-01-01"], id="followup-1900"),
    case(["export_promise", SLUG], id="export_promise"),
    case(["send_reminders", "--as-of", "2100-12-31"], id="send_reminders-2100"),
]


@pytest.mark.parametrize("args", READING_COMMANDS)
def test_a_command_at_the_bounds_answers_and_changes_nothing(site, args):
    reason, output = run(*args)
    assert reason is None
    assert "Traceback" not in output
    site.unchanged()


def test_reminders_go_on_after_a_bad_address(site):
    bad = UserFactory(username="trasig", email="trasig\n@example.org")
    MembershipFactory(user=bad, organisation=site.world.promise.police_area, role=Role.REPORTER)
    reason, output = run("send_reminders", "--as-of", "2025-12-31")
    assert reason is None
    assert "Traceback" not in output
    assert any(message.to == ["polis@example.org"] for message in mail.outbox)


# ---------------------------------------------------------------------------------------------
# Attachments: files posted to an activity (issue 13). The type is read from the content, the
# name is cleaned and guarded, and nothing refused is stored.


def _png_claiming(width, height):
    """A PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


UPLOAD_CASES = [
    case("rapport.pdf", b"<!DOCTYPE html><script>alert(1)</script>", "refused", id="html-as-pdf"),
    case("program.exe", b"MZ\x90\x00" + b"\x00" * 100, "refused", id="exe"),
    case("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "refused",
         id="svg"),
    case("arkiv.zip", b"PK\x03\x04" + b"\x00" * 30, "refused", id="broken-zip"),
    case("tom.pdf", b"", "refused", id="empty"),
    case("bomb.png", _png_claiming(100_000, 100_000), "refused", id="decompression-bomb"),
    case("stor.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "refused", id="over-10-mb"),
    case("Hos 19811228-9874.pdf", b"%PDF-1.4\n%%EOF", "refused", id="name-personal-number"),
    # "</script>" holds a "/": what stands before it is a path, and goes.
    case(HTML + ".pdf", b"%PDF-1.4\n%%EOF", HTML.rsplit("/", 1)[-1] + ".pdf", id="name-html"),
    case(SQL + ".pdf", b"%PDF-1.4\n%%EOF", SQL + ".pdf", id="name-sql"),
    # Django's upload parser drops them before we see the name (ours would make them spaces).
    case("a\x01b\x1bc.pdf", b"%PDF-1.4\n%%EOF", "abc.pdf", id="name-controls"),
    case("rapport\u202efdp.exe", b"%PDF-1.4\n%%EOF", "rapportfdp.exe.pdf", id="name-bidi"),
    case("../../../etc/passwd", b"%PDF-1.4\n%%EOF", "passwd.pdf", id="name-path"),
    case("a" * 10_000 + ".pdf", b"%PDF-1.4\n%%EOF", "a" * 251 + ".pdf", id="name-10k"),
]  # fmt: skip


@pytest.mark.parametrize("name, content, expected", UPLOAD_CASES)
def test_attachment_upload(site, request, name, content, expected):
    store = request.getfixturevalue("attachment_store")  # a temporary folder
    site.sign_in("polis")
    activity = site.world.own_activity
    path = f"{P}/activities/{activity.pk}/attachments/"
    response = site.client.post(path, {"files": [SimpleUploadedFile(name, content)]})
    if expected == "refused":
        assert response.status_code == 400
        site.unchanged()
        assert stored_files(store) == []
        return
    assert response.status_code == 302
    stored = Attachment.objects.get(activity=activity)
    assert stored.name == expected
    page = site.client.get(f"{P}/activities/{activity.pk}/").content.decode()
    assert escape(expected) in page
    assert "<script>alert" not in page


@pytest.mark.usefixtures("attachment_store")
def test_attachment_upload_to_another_municipalitys_activity(site):
    site.sign_in("polis")
    activity = site.world.foreign_activity
    path = f"/promises/boden-2025/activities/{activity.pk}/attachments/"
    response = site.client.post(path, {"files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4")]})
    assert response.status_code == 404
    site.unchanged()


@pytest.mark.usefixtures("attachment_store")
@pytest.mark.parametrize("suffix", ["0/", "99999999/", "abc/", "1/delete/", "-1/", "9" * 30 + "/"])
def test_attachment_addresses_that_name_nothing(site, suffix):
    site.sign_in("polis")
    path = f"{P}/activities/{site.world.own_activity.pk}/attachments/{suffix}"
    assert site.client.get(path).status_code == 404
    site.unchanged()
