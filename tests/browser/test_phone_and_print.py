"""On a 360-pixel phone the header stays small and tables stack; printed, a page is its content."""

import pytest

from tests.demo_snapshot import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITIES = "/promises/alvsbyn-2024/activities/"


@pytest.fixture
def demo(db):
    return load_demo()


@pytest.fixture
def phone(live_server, new_page, demo):
    page = new_page(width=360)
    sign_in(page, live_server.url, "admin")  # the most menu items
    return page


def test_the_header_stays_small_with_every_item_reachable(live_server, phone):
    phone.goto(live_server.url + ACTIVITIES)
    header = phone.locator("header.site-header")
    assert header.bounding_box()["height"] <= 200
    items = phone.locator("nav.site-nav li")
    assert items.count() == 9
    for n in range(items.count()):
        box = items.nth(n).bounding_box()
        assert items.nth(n).is_visible() and box["x"] + box["width"] <= 360
    current = phone.locator('nav.site-nav [aria-current="page"]')
    assert current.inner_text() == "Aktiviteter"


def test_the_activities_table_stacks_with_every_cell_labelled(live_server, phone):
    phone.goto(live_server.url + ACTIVITIES)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator(".table-responsive").count() == 0
    cells = phone.locator("table.table-stack tbody tr").first.locator("td")
    labels = [
        cells.nth(n).evaluate("td => getComputedStyle(td, '::before').content")
        for n in range(cells.count())
    ]
    assert labels == ['"Datum: "', '"Åtagande: "', '"Antal: "', '"Utförd av: "',
                      '"Beskrivning: "', '"Registrerad av: "']  # fmt: skip
    assert all(cells.nth(n).is_visible() for n in range(cells.count()))
    # The column headers stay for screen readers, out of sight.
    assert phone.locator("table.table-stack thead").bounding_box()["height"] <= 1


def test_on_a_desktop_the_table_is_a_table(live_server, new_page, demo):
    page = new_page(width=1280)
    sign_in(page, live_server.url, "polis")
    page.goto(live_server.url + ACTIVITIES)
    cell = page.locator("table.table-stack tbody td").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == "none"


def test_printed_the_page_is_its_content_in_black_and_white(live_server, new_page, demo):
    page = new_page(width=1280)
    sign_in(page, live_server.url, "polis")
    page.goto(live_server.url + ACTIVITIES)
    page.emulate_media(media="print")
    for hidden in ["header.site-header", "footer", ".skip-link", "main form", "main .btn"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    badge = page.locator("main .badge").first
    style = badge.evaluate(
        "b => { const s = getComputedStyle(b);"
        " return [s.color, s.backgroundColor, s.borderTopStyle, s.borderTopColor]; }"
    )
    assert style == ["rgb(0, 0, 0)", "rgba(0, 0, 0, 0)", "solid", "rgb(0, 0, 0)"]
    link = page.locator("main table a").first
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    # Nothing around the table clips or scrolls it.
    clipped = page.locator("main table").first.evaluate(
        """t => { for (let e = t.parentElement; e; e = e.parentElement) {
               if (getComputedStyle(e).overflowX !== 'visible') return e.className; }
             return null; }"""
    )
    assert clipped is None
