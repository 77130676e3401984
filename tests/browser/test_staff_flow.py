"""What the README promises a new user: sign in as polis, land on "Att göra", log a dog search
from it, see the count go up.

Run without JavaScript (the app needs none) and on a 360-pixel phone. "Today" is frozen at
2026-11-26 (the demo's promise runs on until a new one is given: two dog searches are due in
2026 and none is logged), so that the page says the same whenever the tests run.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from commitments.models import Activity
from tests.demo_snapshot import load_demo
from tests.personal_data import refusal

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0), tick=True)
    return load_demo()


def hundsok_card(page):
    return page.locator("#c-narkotika-hundsok")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_polis_logs_a_dog_search_from_to_do_and_the_count_goes_up(
    live_server, new_page, demo, javascript
):
    page = new_page(javascript=javascript)
    sign_in(page, live_server.url, "polis")

    expect(page.get_by_role("heading", level=1)).to_have_text("Att göra")
    item = page.locator("#todo-alvsbyn-2024-narkotika-hundsok")
    expect(item).to_contain_text("2 hundsök till före 2026-12-31")
    expect(item).to_contain_text("Ligger efter")

    item.get_by_role("link", name=re.compile("Registrera aktivitet")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera aktivitet")
    page.get_by_label("Beskrivning").fill("Hundsök på högstadieskolan. Inga fynd.")
    page.get_by_label("Plats").fill("Högstadieskolan")
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Registrerat för ”Hundsök i skolan två gånger per år.”. Nu 1 av 2"
    )
    expect(hundsok_card(page)).to_contain_text("1 av 2")
    assert page.console_errors == []


def test_a_mistake_is_explained_next_to_the_field(live_server, new_page, demo):
    page = new_page(javascript=False)
    sign_in(page, live_server.url, "polis")
    page.goto(
        f"{live_server.url}/promises/alvsbyn-2024/activities/new/?commitment=narkotika-hundsok"
    )
    page.get_by_label("Beskrivning").fill("Samtal med 850615 1238 på skolan.")
    page.get_by_role("button", name="Spara").click()
    description = page.get_by_label("Beskrivning")
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text(refusal("Beskrivning"))


@pytest.mark.parametrize(
    "path",
    [
        "/promises/alvsbyn-2024/",
        "/promises/alvsbyn-2024/activities/",
        "/promises/alvsbyn-2024/activities/new/?commitment=narkotika-hundsok",
        "/promises/alvsbyn-2024/activities/{activity}/",
        "/promises/alvsbyn-2024/followup/",
        "/promises/alvsbyn-2024/report/",
        "/promises/",
    ],
)
def test_pages_fit_a_360_pixel_phone_and_are_labelled(live_server, new_page, demo, path):
    page = new_page(width=360)
    sign_in(page, live_server.url, "polis")
    page.goto(live_server.url + path.format(activity=Activity.objects.first().pk))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.title()
    assert page.locator("main h1").count() == 1
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input, select, textarea')]
            .filter(e => e.type !== 'hidden' && e.labels.length === 0)
            .map(e => e.name)"""
    )
    assert unlabelled == []
    assert page.console_errors == []
