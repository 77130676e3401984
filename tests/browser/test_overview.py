"""The overview in a browser: axe finds no WCAG 2.1 A or AA violation on a desktop and on a
360-pixel phone (the page with its rows, and the filter shown with an error); on the phone the
page is no wider than the screen, the table scrolling sideways inside a labelled region that a
keyboard reaches; the column headers sort without JavaScript."""

import datetime

import pytest

from commitments.enums import Role
from tests.demo_snapshot import load_demo
from tests.factories import MembershipFactory, OrganisationFactory, PromiseFactory, UserFactory

from .a11y import assert_no_axe_violations
from .conftest import sign_in, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def world(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 15, 10, 0), tick=True)
    demo = load_demo()
    PromiseFactory(
        slug="pitea-2025",
        title="Medborgarlöfte Piteå",
        municipality=OrganisationFactory(name="Piteå kommun", municipality=True, county="25"),
        police_area=demo.police_area,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
    )
    chief = UserFactory(username="chef", password="demo")
    MembershipFactory(user=chief, organisation=demo.police_area, role=Role.REVIEWER)
    return demo


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("username", ["chef", "admin"])
def test_the_overview_has_no_axe_violations(live_server, new_page, username, width):
    page = new_page(width=width)
    signed_in_as(page, live_server.url, username)
    page.goto(f"{live_server.url}/overview/")
    assert page.get_by_role("heading", name="Översikt", level=1).is_visible()
    table = page.get_by_role("table", name="Löften sida vid sida, sorterade efter Kommun")
    assert table.locator("tbody tr").count() == 2
    region = page.get_by_role("region", name="Löften sida vid sida, sorterade efter Kommun")
    assert region.get_attribute("tabindex") == "0"
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 360:
        # The table scrolls inside its region, which takes the keyboard's focus.
        assert region.evaluate("r => r.scrollWidth > r.clientWidth")
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('[role=region]').scrollLeft > 0", timeout=2000
        )
    page.get_by_role("link", name="Röd").click()
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.console_errors == []


def test_the_headers_sort_without_javascript(live_server, new_page):
    page = new_page(width=360, javascript=False)
    sign_in(page, live_server.url, "chef")
    page.goto(f"{live_server.url}/overview/")
    names = page.locator("tbody th[scope=row]")
    assert names.nth(0).inner_text().startswith("Piteå kommun")  # Ä after P
    page.get_by_role("link", name="Kommun").click()
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "descending"
    assert "sort=-municipality" in page.url
    assert names.nth(0).inner_text().startswith("Älvsbyns kommun")
    page.get_by_role("link", name="Röd").click()
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    assert "Röd" in page.locator("th[aria-sort]").inner_text()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_filter_error_has_no_axe_violations(live_server, new_page, width):
    page = new_page(width=width)
    signed_in_as(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/overview/?county=99")
    assert page.get_by_text("Filtret gick inte att läsa").is_visible()
    assert page.get_by_label("Län").is_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The form, filled in by a person: Norrbotten's promises of the police area.
    page.get_by_label("Län").select_option(label="Norrbottens län")
    page.get_by_label("Lokalpolisområde").select_option(label="Lokalpolisområde Piteå älvdal")
    page.get_by_role("button", name="Visa").click()
    assert page.locator("table tbody tr").count() == 2
    assert_no_axe_violations(page)
