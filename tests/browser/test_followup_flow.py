"""The council's question, answered in the browser: the BRÅ chair looks at the follow-up after
the promise's end, sees what was met and missed, and opens a missed quota."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.demo_snapshot import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0), tick=True)
    return load_demo()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_bra_sees_the_final_result_and_opens_a_missed_quota(
    live_server, new_page, demo, javascript
):
    page = new_page(javascript=javascript)
    sign_in(page, live_server.url, "bra")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina löften")  # a reviewer
    page.get_by_role("link", name=re.compile(r"^Uppföljning\W+Medborgarlöfte Älvsbyn")).click()

    page.get_by_label("Per datum").fill("2026-03-01")
    page.get_by_role("button", name="Visa").click()
    final = page.locator("section.outcome-final")
    expect(final.get_by_role("heading", level=2)).to_have_text("Slutresultat per 2025-12-31")
    expect(final).to_contain_text("6 av 8 målperioder uppfyllda, 2 missade.")
    missed = final.locator("ul.missed-quotas > li")
    expect(missed).to_have_count(2)
    expect(missed.nth(0)).to_contain_text("Hundsök i skolan två gånger per år.")
    expect(missed.nth(0)).to_contain_text("2025, 1 av 2")
    expect(missed.nth(1)).to_contain_text("utlämningsställe")

    missed.nth(0).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/commitments/narkotika-hundsok/\?as_of=2026-03-01$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hundsök i skolan två gånger per år.")
    row_2025 = page.locator("table.periods tbody tr", has_text="2025-01-01 – 2025-12-31")
    expect(row_2025).to_contain_text("Missat")
    expect(row_2025).to_contain_text("1")
    assert page.console_errors == []
