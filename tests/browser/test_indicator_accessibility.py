"""The "Utfall" section in a browser: axe finds no WCAG 2.1 A or AA violation on the dashboard,
the report and the public page of a promise whose indicators show every trend, on a desktop and
on a phone; nothing is wider than the screen, and the charts print.

The demo's indicators give every trend as of 2026-01-15 ("today" here), each value noted as
made up.
"""

import datetime

import pytest

from commitments.demo import DEMO_NOTE
from tests.demo_snapshot import load_demo

from .a11y import assert_accessible_at_each_width
from .conftest import sign_in, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "alvsbyn-2024"
PAGES = [
    # name, user (None: a visitor), path
    ("dashboard", "bra", f"/promises/{SLUG}/followup/"),
    ("report", "bra", f"/promises/{SLUG}/report/"),
    ("public", None, f"/promises/{SLUG}/"),
]
TRENDS = ["Förbättring", "Försämring", "Oförändrat", "Inga mätvärden"]


@pytest.fixture(autouse=True)
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 15, 10, 0), tick=True)
    return load_demo()


@pytest.mark.parametrize("name, username, path", PAGES, ids=[p[0] for p in PAGES])
def test_outcomes_have_no_axe_violations(live_server, new_page, name, username, path):
    page = new_page()
    if username:
        signed_in_as(page, live_server.url, username)
    page.goto(live_server.url + path)
    assert_accessible_at_each_width(page, check=outcomes_shown)
    assert page.console_errors == []


def outcomes_shown(page):
    section = page.locator("section.indicators")
    assert section.get_by_role("heading", name="Utfall", level=2).is_visible()
    badges = section.locator(".indicator-summary .badge").all_inner_texts()
    assert sorted(badges) == sorted(TRENDS)
    assert section.get_by_role("img").count() == 3  # the fourth has no values
    assert section.get_by_role("cell", name=DEMO_NOTE).count() == 6


def test_charts_and_tables_print(live_server, new_page):
    page = new_page()
    sign_in(page, live_server.url, "bra")
    page.goto(f"{live_server.url}/promises/{SLUG}/report/")
    page.emulate_media(media="print")
    charts = page.locator("section.indicators svg[role=img]")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 300 and box["height"] > 80
    assert page.locator("section.indicators table").first.is_visible()
