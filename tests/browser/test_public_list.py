"""The public list and the accessibility statement in a browser: axe finds no WCAG 2.1 A or AA
violation at 1280 and 360 pixels (with results, a filter applied, a later page, an error and a
municipality's older promises opened), none is wider than the screen, and the list is used with
the keyboard alone, without JavaScript."""

import datetime

import pytest

from commitments.enums import County
from tests.demo_snapshot import load_demo
from tests.factories import OrganisationFactory, PromiseFactory

from .a11y import assert_accessible_at_each_width, assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = datetime.date
PAGES = [
    # name, path
    ("list", "/promises/"),
    ("list-filtered", "/promises/?county=25&status=active"),
    ("list-searched", "/promises/?q=kalix"),
    ("list-page-2", "/promises/?page=2"),  # the groups continue from page 1
    ("list-nothing-found", "/promises/?q=stockholm"),
    ("list-bad-filter", "/promises/?status=draft&county=99"),
    ("accessibility", "/accessibility/"),
]


@pytest.fixture
def nation(db):
    """The demo (Älvsbyn, Norrbotten) and 30 more municipalities in three counties and one not
    given, each with a public promise in force and an older one: two pages of the list."""
    load_demo()
    counties = [County.NORRBOTTEN, County.VASTERBOTTEN, County.STOCKHOLM, ""]
    for n in range(30):
        county = counties[n % 4]
        municipality = OrganisationFactory(
            name="Kalix kommun" if n == 0 else f"Kommun {n:02}", municipality=True, county=county
        )
        police = OrganisationFactory(name=f"Lokalpolisområde {n % 5}", police=True)
        old = PromiseFactory(
            municipality=municipality, police_area=police, title=f"Löfte {n:02} 2022",
            valid_from=D(2022, 1, 1), valid_until=D(2023, 12, 31), public=True,
        )  # fmt: skip
        PromiseFactory(
            municipality=municipality, police_area=police, title=f"Löfte {n:02}",
            valid_from=D(2024, 1, 1), valid_until=D(2026, 12, 31), public=True, replaces=old,
        )  # fmt: skip


@pytest.mark.parametrize("name, path", PAGES, ids=[p[0] for p in PAGES])
def test_no_axe_violations(live_server, new_page, nation, name, path):
    page = new_page()
    page.goto(live_server.url + path)
    assert_accessible_at_each_width(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_no_axe_violations_with_the_older_promises_open(live_server, new_page, nation, width):
    page = new_page(width=width)
    page.goto(live_server.url + "/promises/")
    page.locator("details summary").first.click()
    assert page.locator("details[open] a.other").first.is_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 360])
def test_no_axe_violations_on_a_statement_with_a_contact(
    live_server, new_page, db, settings, width
):
    settings.ACCESSIBILITY_PUBLISHER = "Älvsbyns kommun"
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@example.se"
    settings.ACCESSIBILITY_CONTACT_PHONE = "0929-170 00"
    settings.ACCESSIBILITY_CONTACT_URL = "https://www.example.se/tillganglighet"
    page = new_page(width=width)
    page.goto(live_server.url + "/accessibility/")
    assert page.get_by_role("link", name="tillganglighet@example.se").count() == 2
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def tab_to(page, selector, presses=60):
    """Press Tab until the element ``selector`` names has the focus (failing after
    ``presses``)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_list_with_the_keyboard_alone_and_no_javascript(live_server, new_page, nation):
    page = new_page(width=1280, javascript=False)
    page.goto(live_server.url + "/promises/")
    tab_to(page, "#id_q")
    page.keyboard.type("kommun")
    tab_to(page, "#id_county")
    page.keyboard.type("Norr")  # a closed select takes the letters of an option's label
    assert page.locator("#id_county").input_value() == County.NORRBOTTEN
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/promises/?q=kommun*")
    assert "county=25" in page.url
    heading = page.get_by_role("heading", level=2)
    assert heading.all_inner_texts() == ["Norrbottens län"]
    # A municipality's older promises open from the keyboard, and their links take the focus.
    tab_to(page, "details summary")
    page.keyboard.press("Enter")
    assert page.locator("details[open]").count() == 1
    tab_to(page, "details[open] a.other", presses=3)
    page.keyboard.press("Enter")
    page.wait_for_url("**/promises/*-*/")
    assert "2022" in page.title()
