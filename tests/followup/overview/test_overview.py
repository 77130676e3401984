"""The overview (/overview/): a police area's promises with several municipalities side by side
for its chief, every promise for a national admin; each row's figures those of the promise's
own follow-up, filtered, sorted over every page, exported, and read in a fixed number of
queries whatever the number of promises."""

import datetime
import io
import re
from collections import Counter
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.demo import SLUG
from commitments.enums import Role
from commitments.models import Promise
from followup import overview as overview_module
from followup.loading import followup_for
from followup.overview import COLUMNS, Sort
from followup.overview_figures import TREND_ORDER, compute_figures, figures_for
from followup.progress import LIGHT_ORDER
from followup.results import YearSummary
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LocalProblemFactory,
    OrganisationFactory,
    PromiseFactory,
    UserFactory,
)

from .world import TODAY, D, fill_promise, member, municipality

URL = "/overview/"
XLSX = "/overview/overview.xlsx"


def rows(client, url=URL, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    return response, response.context["page"].object_list


def slugs(client, **params):
    return {row.promise.slug for row in rows(client, **params)[1]}


# ---------------------------------------------------------------------------------------------
# Who sees what


VISIBLE = {
    # The police area's chief: both municipalities' published promises, nothing of Boden's.
    "chef": {SLUG, "pitea-2025"},
    # A police reporter sees them too (the figures are on dashboards they may read).
    "polis": {SLUG, "pitea-2025"},
    # The BRÅ chair and a reporter of Älvsbyn: Älvsbyn's only.
    "bra": {SLUG},
    "kommun": {SLUG},
    # A local admin of Piteå: its promises, the draft they administer included.
    "pitea-admin": {"pitea-2025", "pitea-2027"},
    # A national admin: every promise in Sweden, drafts included.
    "admin": {SLUG, "pitea-2025", "pitea-2027", "boden-2025", "sodertalje-2023"},
}


@pytest.mark.parametrize("username", VISIBLE)
def test_each_person_sees_their_organisations_promises_and_nothing_else(client, world, username):
    client.force_login(world["users"][username])
    assert slugs(client) == VISIBLE[username]
    # Whatever the filter asks: another police area's promises are no choice.
    boden = world["promises"]["boden-2025"]
    response = client.get(URL, {"police_area": boden.police_area_id})
    if username == "admin":
        assert {r.promise.slug for r in response.context["page"].object_list} == {"boden-2025"}
    else:
        assert response.status_code == 400
        assert "boden" not in response.text.lower()
    workbook = client.get(XLSX)
    names = {row[3] for row in sheet_rows(workbook)[1:]}
    assert names == {world["promises"][slug].title for slug in VISIBLE[username]}


def test_a_visitor_is_sent_to_sign_in(client, world):
    for url in (URL, XLSX):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_person_of_no_organisation_sees_an_empty_overview_with_a_sentence(client, world):
    client.force_login(world["users"]["nobody"])
    response = client.get(URL)
    assert response.status_code == 200
    assert "Du hör inte till någon organisation ännu" in response.text
    assert "<table" not in response.text
    assert sheet_rows(client.get(XLSX))[1:] == []


def test_the_menu_links_to_the_overview(client, world):
    client.force_login(world["users"]["kommun"])
    page = client.get(reverse("home")).text
    assert f'href="{URL}">Översikt</a>' in page
    page = client.get(URL).text
    assert f'href="{URL}" aria-current="page">Översikt</a>' in page


# ---------------------------------------------------------------------------------------------
# The figures are the follow-up's


def expected_figures(promise):
    """What the row must show, from the promise's own follow-up (the dashboard's)."""
    followup = followup_for(promise, TODAY)
    lights = Counter(str(c.light) for c in followup.commitments)
    years = {y.year: y for y in followup.years}
    trends = Counter(i.trend for i in followup.indicators)
    statuses = [p.status for area in promise.focus_areas.all() for p in area.local_problems.all()]
    still_open = [s for s in statuses if s != "closed"]
    assert len(followup.problems) == len(statuses)
    return {
        "lights": tuple(lights[str(light)] for light in LIGHT_ORDER),
        "years": (years.get(2026), years.get(2025)),
        "open": len(still_open),
        "attention": sum(bool(p.attention) for p in followup.problems),
        "trends": tuple(trends[t] for t in TREND_ORDER),
    }


def test_the_chiefs_rows_are_each_promises_follow_up(client, world):
    client.force_login(world["users"]["chef"])
    response, page = rows(client)
    assert [row.promise.slug for row in page] == ["pitea-2025", SLUG]  # Ä after P
    for row in page:
        expected = expected_figures(row.promise)
        figures = row.figures
        assert figures.lights == expected["lights"]
        assert figures.years == expected["years"]
        assert (figures.open_problems, figures.attention) == (
            expected["open"],
            expected["attention"],
        )
        assert figures.trends == expected["trends"]
    pitea, alvsbyn = page
    # The demo as of 2026-01-15: past its end, in force until a new promise is given.
    assert alvsbyn.status == "extended"
    assert alvsbyn.days_left_text == "förlängt"
    assert alvsbyn.county == "Norrbottens län"
    # The demo's 2025: the dog searches and the parcel pickup point missed (commitments.demo).
    assert all(alvsbyn.figures.lights[:2])
    assert (alvsbyn.last_year.met, alvsbyn.last_year.missed) == (2, 2)
    # Piteå's 2025: the yearly walk missed, the four quarters and the follower's year met; in
    # 2026 the first quarter met, two years open, three quarters to come.
    assert pitea.days_left == (D(2026, 12, 31) - TODAY).days
    assert pitea.last_year == YearSummary(2025, periods=6, met=5, missed=1, open=0, upcoming=0)
    assert pitea.this_year == YearSummary(2026, periods=6, met=1, missed=0, open=2, upcoming=3)
    assert (pitea.figures.open_problems, pitea.figures.attention) == (3, 2)
    assert pitea.figures.trends == (1, 1, 0, 1)
    assert pitea.figures.lights == (4, 1, 0, 1)
    text = response.text
    for words in (
        "5 av 6 uppfyllda, 1 missad",
        "1 av 6 uppfyllda, 2 pågår, 3 kommande",
        "3 öppna, 2 behöver uppmärksamhet",
        "1 förbättras, 1 försämras, 1 utan mätvärden",
        "förlängt",
        '2024-01-01 –</span> <span class="text-nowrap">2025-12-31</span> eller tills nytt löfte',
        '2025-01-01 –</span> <span class="text-nowrap">2026-12-31</span></td>',
        f'href="{reverse("dashboard", args=["pitea-2025"])}">Medborgarlöfte Piteå</a>',
    ):
        assert words in text, words
    assert "2 av 4 uppfyllda, 2 missade" in text


def test_a_change_shows_at_once(client, world):
    """The figures are cached by the promise's change stamp: a new activity is seen on the next
    request."""
    client.force_login(world["users"]["chef"])
    before = {row.promise.slug: row.figures for row in rows(client)[1]}
    pitea = world["promises"]["pitea-2025"]
    walk = pitea.commitments.get(key="vandring")
    ActivityFactory(commitment=walk, occurred_on=D(2026, 1, 12), quantity=2)
    after = {row.promise.slug: row.figures for row in rows(client)[1]}
    assert after[SLUG] == before[SLUG]
    assert after["pitea-2025"].years[0].met == before["pitea-2025"].years[0].met + 1
    assert after["pitea-2025"] == expected_as_figures(pitea)


def expected_as_figures(promise):
    return compute_figures([Promise.objects.with_successor_start().get(pk=promise.pk)], TODAY)[
        promise.pk
    ]


def test_cached_and_computed_figures_agree(world):
    promises = list(overview_module.overview_promises(world["users"]["admin"]).order_by("slug"))
    computed = compute_figures(promises, TODAY)
    assert figures_for(promises, TODAY) == computed  # made and cached
    assert figures_for(promises, TODAY) == computed  # the list, read from the cache
    assert figures_for(promises[:2], TODAY) == {p.pk: computed[p.pk] for p in promises[:2]}


# ---------------------------------------------------------------------------------------------
# The national admin's filters


def test_a_national_admin_filters_by_county_police_area_and_status(client, world):
    client.force_login(world["users"]["admin"])
    police = world["promises"][SLUG].police_area
    assert slugs(client, county="25") == {SLUG, "pitea-2025", "pitea-2027", "boden-2025"}
    assert slugs(client, county="01") == {"sodertalje-2023"}
    assert slugs(client, county="03") == set()
    assert slugs(client, police_area=police.pk) == {SLUG, "pitea-2025", "pitea-2027"}
    assert slugs(client, police_area=police.pk, status="draft") == {"pitea-2027"}
    assert slugs(client, status="expired") == {"sodertalje-2023"}
    assert slugs(client, county="25", status="active") == {"pitea-2025", "boden-2025"}
    response = client.get(URL, {"county": "03"})
    assert "Inget löfte matchar filtret." in response.text
    # The police areas offered are those of the promises listed, by name.
    assert [name for _pk, name in police_options(client)] == [
        "Lokalpolisområde Boden",
        "Lokalpolisområde Piteå älvdal",
        "Lokalpolisområde Södertälje",
    ]


def test_the_chief_is_offered_their_own_police_area_only(client, world):
    client.force_login(world["users"]["chef"])
    police = world["promises"][SLUG].police_area
    assert police_options(client) == [(str(police.pk), police.name)]


def police_options(client):
    """The police areas the filter offers: (value, name)."""
    select = re.search(r'<select name="police_area".*?</select>', client.get(URL).text, re.S)
    return re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', select.group(0))


# ---------------------------------------------------------------------------------------------
# Sorting, over every page


@pytest.fixture
def many(world, monkeypatch):
    """Seven more promises of three police areas (twelve for a national admin), two rows a
    page."""
    police = [
        world["promises"][SLUG].police_area,
        OrganisationFactory(name="Lokalpolisområde Luleå", police=True),
        OrganisationFactory(name="Lokalpolisområde Gällivare", police=True),
    ]
    names = ["Arvidsjaur", "Öjebyn", "Åre", "Ängelholm", "Eda", "Överkalix", "Boxholm"]
    for n, name in enumerate(names):
        promise = PromiseFactory(
            slug=f"extra-{n}",
            title=f"Medborgarlöfte {name}",
            municipality=municipality(
                f"{name}s kommun", ["20", "21", "22", "", "24", "12", "25"][n]
            ),
            police_area=police[n % 3],
            valid_from=D(2024 + n % 3, 1, 1),
            valid_until=D(2026 + n % 2, 12, 31 if n != 5 else 30),
            until_superseded=n == 4,
        )
        if n % 2:
            fill_promise(promise)
        if n in (1, 2):  # a trend more: improving in one, worsening in the other
            indicator = IndicatorFactory(promise=promise, key="mer")
            value = Decimal("15.0") if n == 1 else Decimal("21.0")
            IndicatorValueFactory(indicator=indicator, measured_on=D(2025, 10, 1), value=value)
        for _ in range(n % 3):  # red: a milestone past its due date, not done
            CommitmentFactory(
                focus_area=FocusAreaFactory(promise=promise), milestone=True, due_on=D(2025, 6, 30)
            )
        if n == 2:
            LocalProblemFactory(focus_area=FocusAreaFactory(promise=promise))
    monkeypatch.setattr(overview_module, "PAGE_SIZE", 2)
    return world


def every_page(client, sort):
    found, number = [], 1
    while True:
        response = client.get(URL, {"sort": sort, "page": number})
        assert response.status_code == 200
        page = response.context["page"]
        found += list(page.object_list)
        if not page.has_next():
            return found, response
        number += 1


def test_sorting_by_every_column_runs_over_every_page(client, many):
    client.force_login(many["users"]["admin"])
    for column in COLUMNS:
        for descending in (False, True):
            value = f"{'-' if descending else ''}{column.name}"
            found, last = every_page(client, value)
            assert len({row.promise.pk for row in found}) == len(found) == 12, value
            keys = [column.key(row) for row in found]
            present = [key for key in keys if key is not None]
            assert present == sorted(present, reverse=descending), (value, keys)
            # Rows without a value (no county, no days left) come last ascending, first
            # descending.
            nones = [key is None for key in keys]
            assert nones == sorted(nones, reverse=descending), (value, keys)
            assert len(set(keys)) > 1, f"{value}: the column does not tell the rows apart"
            # The header says so, and its link turns the order round.
            html = last.content.decode()
            header = re.search(
                r'<th scope="col"[^>]*aria-sort="([a-z]+)"[^>]*><a href="\?([^"]*)"', html
            )
            assert header.group(1) == ("descending" if descending else "ascending"), value
            assert f"sort={'' if descending else '-'}{column.name}" in header.group(2), value
            assert html.count("aria-sort=") == 1, value


def test_names_sort_as_swedish_readers_expect(client, many):
    client.force_login(many["users"]["admin"])
    found, _response = every_page(client, "municipality")
    assert [row.promise.slug for row in found][4:6] == ["pitea-2027", "pitea-2025"]  # newest first
    assert [row.municipality for row in found] == [
        "Arvidsjaurs kommun", "Bodens kommun", "Boxholms kommun", "Edas kommun", "Piteå kommun",
        "Piteå kommun", "Södertälje kommun", "Åres kommun", "Älvsbyns kommun",
        "Ängelholms kommun", "Öjebyns kommun", "Överkalixs kommun",
    ]  # fmt: skip


def test_ties_keep_the_default_order(client, many):
    client.force_login(many["users"]["admin"])
    for value in ("grey", "-grey"):
        found, _response = every_page(client, value)
        for key, group in _groups(found, lambda row: row.figures.lights[3]):
            names = [overview_module.swedish(row.municipality) for row in group]
            assert names == sorted(names), (value, key)


def _groups(rows, key):
    from itertools import groupby

    return [(k, list(g)) for k, g in groupby(rows, key=key)]


# ---------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "title"},
        {"sort": "--municipality"},
        {"sort": "red; DROP TABLE"},
        {"sort": "\x00"},
        {"page": "0"},
        {"page": "a"},
    ],
    ids=["sort-unknown", "sort-double-minus", "sort-sql", "sort-nul", "page-0", "page-text"],
)
def test_a_bad_sort_or_page_is_a_swedish_400(client, world, params):
    client.force_login(world["users"]["chef"])
    response = client.get(URL, params)
    assert response.status_code == 400
    assert "Kontrollera adressen" in response.text
    # The workbook holds every page: it reads the sort, not the page.
    response = client.get(XLSX, params)
    assert response.status_code == (400 if "sort" in params else 200)
    if "sort" in params:
        assert "sort måste vara en av municipality, county" in response.text


@pytest.mark.parametrize(
    "params",
    [{"county": "99"}, {"county": "Norrbotten"}, {"status": "open"}, {"police_area": "x"},
     {"police_area": "999999999999999999999"}, {"county": "\x00"}],
)  # fmt: skip
def test_a_bad_filter_shows_the_form_with_its_error(client, world, params):
    client.force_login(world["users"]["admin"])
    for url in (URL, XLSX):
        response = client.get(url, params)
        assert response.status_code == 400
        assert "Filtret gick inte att läsa" in response.text
        assert "<table" not in response.text


# ---------------------------------------------------------------------------------------------
# The workbook


def sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_workbook_holds_every_row_in_the_pages_order(client, many):
    client.force_login(many["users"]["chef"])
    found, _response = every_page(client, "-red")
    response = client.get(XLSX, {"sort": "-red"})
    assert 'filename="oversikt-2026-01-15.xlsx"' in response["Content-Disposition"]
    header, *body = sheet_rows(response)
    assert header[:9] == [
        "Kommun", "Län", "Lokalpolisområde", "Löfte", "Giltigt från", "Giltigt till",
        "Tills nytt löfte ges", "Dagar kvar", "Status",
    ]  # fmt: skip
    assert header[9:13] == ["Grön", "Gul", "Röd", "Grå"]
    assert header[13:15] == ["2026: målperioder", "2026: uppfyllda"]
    assert header[-1] == "Uppföljningssida"
    assert [line[3] for line in body] == [row.promise.title for row in found]
    for line, row in zip(body, found, strict=True):
        figures = row.figures
        assert line[0] == row.municipality
        assert line[4] == datetime.datetime.combine(row.promise.valid_from, datetime.time())
        assert line[9:13] == list(figures.lights)
        this = figures.years[0]
        assert line[13:18] == (
            [this.periods, this.met, this.missed, this.open, this.upcoming] if this else [0] * 5
        )
        assert line[23:25] == [figures.open_problems, figures.attention]
        assert line[25:29] == list(figures.trends)
        assert line[-1] == "http://testserver" + reverse("dashboard", args=[row.promise.slug])
        assert line[7] == ("förlängt" if row.status == "extended" else row.days_left)
    # The same filter as the page.
    police = many["promises"][SLUG].police_area
    filtered = sheet_rows(client.get(XLSX, {"police_area": police.pk, "county": "25"}))
    assert {line[3] for line in filtered[1:]} == {
        "Medborgarlöfte Piteå", "Medborgarlöfte Älvsbyn", "Medborgarlöfte Boxholm",
    }  # fmt: skip


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"])
def test_a_formula_in_a_name_stays_text_in_the_workbook(client, world, text):
    promise = world["promises"]["pitea-2025"]
    promise.title = text
    promise.save()
    promise.municipality.name = f"{text} kommun"
    promise.municipality.save()
    client.force_login(world["users"]["chef"])
    response = client.get(XLSX)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell for cell in cells if cell.data_type == "f"] == []
    (title,) = [cell for cell in cells if cell.value == text]
    assert title.data_type == "s" and title.quotePrefix


# ---------------------------------------------------------------------------------------------
# Queries: the same whatever the number of promises


def national(n):
    """``n`` promises of one police area, each alike: commitments of every kind, a followed
    one, activities, local problems and indicators."""
    police = OrganisationFactory(name="Lokalpolisområde Mitt", police=True)
    for i in range(n):
        promise = PromiseFactory(
            slug=f"mitt-{i}",
            municipality=municipality(f"Mitt {i} kommun", "22"),
            police_area=police,
            valid_from=D(2025, 1, 1),
            valid_until=D(2026, 12, 31),
        )
        fill_promise(promise)
    return police


# Queries with the cache empty and no figures kept, then warm. Warm: the session, the user, their
# memberships (a national admin's are read only for the menu), the promises with all a row shows
# of them, and the menu's promise switcher (a chief's; none for an admin of no organisation, nor
# in a file). Empty: eleven more, whatever the number of promises: the kept figures
# (followup.overview_figures.kept_figures); six to make them (compute_figures: the commitments,
# their responsible parties, who took part in followed ones, the indicators, the local problems
# and the activities); and keeping them (a savepoint, one insert, the same promises' figures of
# earlier days deleted, the savepoint released).
PINS = {
    "chief, page": (16, 5),
    "chief, sorted by red": (16, 5),
    "chief, workbook": (15, 4),
    "admin, page": (15, 4),
    "admin, this year, active": (15, 4),
    "admin, workbook": (14, 3),
}
ASKED = {
    "chief, page": ("chief", URL, {}),
    "chief, sorted by red": ("chief", URL, {"sort": "-red"}),
    "chief, workbook": ("chief", XLSX, {}),
    "admin, page": ("admin", URL, {}),
    "admin, this year, active": ("admin", URL, {"sort": "this_year", "status": "active"}),
    "admin, workbook": ("admin", XLSX, {"sort": "-problems"}),
}


@pytest.mark.parametrize("size", [2, 6])
@pytest.mark.parametrize("name", ASKED)
def test_the_overview_asks_as_many_queries_for_six_promises_as_for_two(db, client, name, size):
    police = national(size)
    who, url, params = ASKED[name]
    if who == "admin":
        user = UserFactory(username="admin", is_staff=True, is_superuser=True)
    else:
        user = member("chef", police, Role.REVIEWER)
    client.force_login(user)
    assert pair(client, url, params) == PINS[name]


def pair(client, url, params):
    """Queries of a request with the cache empty, then warm."""
    from django.core.cache import cache

    cache.clear()
    found = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
            response.getvalue() if hasattr(response, "getvalue") else response.content
        assert response.status_code == 200
        found.append(len(queries))
    return tuple(found)


def test_sort_applies_to_rows_without_figures_by_promise_columns_only():
    """Sorting by a column of the promise needs no figures: only the page's are made."""
    assert {c.name for c in COLUMNS if not c.figures} == {
        "municipality", "county", "police_area", "validity", "days_left", "status",
    }  # fmt: skip
    assert Sort(COLUMNS[0]).value == "municipality"
