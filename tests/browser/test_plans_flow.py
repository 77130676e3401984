"""Issue 13's loop in the browser: polis plans a dog search for tomorrow, sees it in the
follow-up ("1 planerad 2026-11-27"), marks it "Genomförd", saves the log form the plan filled in,
and sees the count go up. The plan pages pass axe.

"Today" is frozen at 2026-11-26, as in the other browser tests: two dog searches are due in
2026 and none is logged, so the page says the same whenever the tests run.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from commitments.enums import PlanStatus
from commitments.models import PlannedActivity
from tests.demo_snapshot import load_demo

from .a11y import assert_no_axe_violations
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROMISE = "/promises/alvsbyn-2024"
HUNDSOK = f"{PROMISE}/commitments/narkotika-hundsok/"
TOMORROW = "2026-11-27"


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0), tick=True)
    return load_demo()


def plans_section(page):
    return page.locator("section[aria-labelledby=plans-heading]")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_polis_plans_a_dog_search_sees_it_then_carries_it_out(
    live_server, new_page, demo, javascript
):
    page = new_page(javascript=javascript)
    sign_in(page, live_server.url, "polis")
    page.goto(live_server.url + HUNDSOK)
    expect(page.locator("main")).to_contain_text("0 av 2")
    expect(plans_section(page)).to_contain_text("Inga öppna planer.")

    plans_section(page).get_by_role("link", name="Planera en aktivitet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Planera en aktivitet")
    page.get_by_label("Planerad till").fill(TOMORROW)
    page.get_by_label("Plats").fill("Högstadieskolan")
    page.get_by_label("Anteckning").fill("Hundsök på högstadieskolan.")
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Planerade aktiviteter")
    expect(page.get_by_role("status")).to_contain_text("Aktiviteten är planerad.")
    row = page.locator("table.plans tbody tr", has_text=TOMORROW)
    expect(row).to_contain_text("Lokalpolisområde Piteå älvdal")
    expect(row).to_contain_text("Högstadieskolan")

    # The follow-up: on the commitment's page, beside what is still needed, and listed.
    page.goto(live_server.url + HUNDSOK)
    expect(page.locator("p.needed")).to_contain_text(f"1 planerad {TOMORROW}")
    expect(plans_section(page)).to_contain_text(TOMORROW)
    expect(plans_section(page)).to_contain_text("Högstadieskolan")

    plans_section(page).get_by_role("link", name="Åtagandets planer").click()
    row = page.locator("table.plans tbody tr", has_text=TOMORROW)
    row.get_by_role("link", name=re.compile("^Genomförd")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Genomförd")
    expect(page.get_by_label("Beskrivning")).to_have_value("Hundsök på högstadieskolan.")
    expect(page.get_by_label("Plats")).to_have_value("Högstadieskolan")
    page.get_by_role("button", name="Spara").click()

    said = page.get_by_role("status")
    expect(said.filter(has_text="Planen är genomförd")).to_have_count(1)
    expect(said.filter(has_text="Registrerat för")).to_contain_text("Nu 1 av 2")
    expect(page.locator("#c-narkotika-hundsok")).to_contain_text("1 av 2")
    page.goto(live_server.url + HUNDSOK)
    expect(page.locator("main")).to_contain_text("1 av 2")
    expect(plans_section(page)).to_contain_text("Inga öppna planer.")
    plan = PlannedActivity.objects.get()
    assert plan.status == PlanStatus.DONE
    assert plan.activity.occurred_on == datetime.date(2026, 11, 26)
    assert page.console_errors == []


@pytest.mark.parametrize(
    "path",
    [
        f"{PROMISE}/plans/",
        f"{PROMISE}/plans/new/",
        f"{PROMISE}/plans/new/?commitment=narkotika-hundsok",
        f"{PROMISE}/plans/{{plan}}/",
        f"{PROMISE}/plans/{{plan}}/cancel/",
        f"{PROMISE}/plans/{{plan}}/done/",
        HUNDSOK,
    ],
    ids=["list", "form", "form-for-a-commitment", "move", "cancel", "done", "commitment"],
)
def test_plan_pages_pass_axe(live_server, new_page, demo, path):
    commitment = demo.commitments.get(key="narkotika-hundsok")
    plan = PlannedActivity.objects.create(
        commitment=commitment,
        organisation=demo.police_area,
        planned_on=datetime.date(2026, 11, 27),
        kind="hundsök",
        place="Högstadieskolan",
        created_by=get_user_model().objects.get(username="polis"),  # so polis may change it
    )
    PlannedActivity.objects.create(  # overdue
        commitment=commitment, organisation=demo.police_area, planned_on=datetime.date(2026, 9, 1)
    )
    page = new_page()
    sign_in(page, live_server.url, "polis")
    page.goto(live_server.url + path.format(plan=plan.pk))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    if "/new/" in path:  # the form with its errors
        page.get_by_role("button", name="Spara").click()
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        assert_no_axe_violations(page)
