"""Issue 15's workflow in the browser: the BRÅ chair (`bra`, a reviewer of the municipality)
raises a local problem from the promise's page, records that BRÅ was convened, adopts an
action plan with one measure (a quota), and sees the problem and its measure on its page and
on the dashboard. Every page of the workflow passes axe at 360 and 1280 px.

"Today" is frozen at 2026-11-26, as in the other browser tests: the Älvsbyn promise is then in
force until a new one is given.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from commitments import problems
from commitments.enums import Trigger
from commitments.models import Activity, Commitment, LocalProblem
from tests.demo_snapshot import load_demo

from .a11y import assert_no_axe_violations
from .conftest import sign_in, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROMISE = "/promises/alvsbyn-2024"
TODAY = datetime.date(2026, 11, 26)
TITLE = "Snatterier i butikerna"
MEASURE = "Butiksvandringar med handlarna i centrum."


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0), tick=True)
    promise = load_demo()
    # "BRÅ sammankallas vid uppkomna lokala problembilder": triggered by local problems.
    Commitment.objects.filter(promise=promise, key="lokala-bra-sammankallas").update(
        triggered_by=Trigger.LOCAL_PROBLEMS
    )
    return promise


def test_the_bra_chair_raises_convenes_and_adopts_a_plan(live_server, new_page, demo):
    page = new_page()
    sign_in(page, live_server.url, "bra")
    page.goto(f"{live_server.url}{PROMISE}/")
    page.locator("main").get_by_role("link", name="Lokala problembilder", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokala problembilder")

    page.get_by_role("link", name="Ny lokal problembild").click()
    page.get_by_label("Rubrik").fill(TITLE)
    page.get_by_label("Inriktning").select_option(label="Lokala problembilder")
    page.get_by_label("Beskrivning").fill("Fler anmälda snatterier i butikerna i centrum i höst.")
    page.get_by_label("Plats").fill("Älvsbyn")
    expect(page.get_by_label("Uppmärksammad den")).to_have_value(TODAY.isoformat())
    page.get_by_role("button", name="Uppmärksamma problembilden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Lokal problembild: {TITLE}")
    expect(page.get_by_role("status")).to_contain_text("Den lokala problembilden är uppmärksammad")

    page.get_by_role("link", name="Registrera att BRÅ sammankallats").click()
    page.get_by_label("Lokalpolisområde Piteå älvdal").check()
    page.get_by_label("Anteckning från mötet").fill("Polis och kommun tar fram en plan.")
    page.get_by_role("button", name="Registrera sammankallandet").click()
    expect(page.get_by_role("status")).to_contain_text("BRÅ är registrerat som sammankallat")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Britt Bråordförande")  # who recorded it
    expect(timeline.get_by_role("link", name="Bifoga protokollet")).to_be_visible()

    page.get_by_role("link", name="Anta handlingsplanen").click()
    page.get_by_label("Handlingsplan").fill(
        "Butiksvandringar och information till handlarna under vintern."
    )
    first = page.locator("fieldset.measure").first
    first.get_by_label("Åtgärd", exact=True).fill(MEASURE)
    first.get_by_label("Älvsbyns kommun").check()
    first.get_by_label("Mål").fill("2")
    first.get_by_label("Per").select_option(label="per år")
    first.get_by_label("Enhet").fill("vandringar")
    page.get_by_role("button", name="Anta planen").click()
    expect(page.get_by_role("status")).to_contain_text("Handlingsplanen är antagen")
    expect(timeline).to_contain_text(MEASURE)
    expect(timeline).to_contain_text("0 av 2")

    page.goto(f"{live_server.url}{PROMISE}/followup/")
    main = page.locator("main")
    expect(main).to_contain_text(TITLE)
    expect(main).to_contain_text(MEASURE)
    expect(main).to_contain_text("2 vandringar per år")

    problem = LocalProblem.objects.get(title=TITLE)
    assert problem.status == "plan_adopted"
    assert problem.convened_by.username == "bra"
    (activity,) = Activity.objects.filter(local_problem=problem)
    assert (activity.occurred_on, activity.commitment.key) == (TODAY, "lokala-bra-sammankallas")
    assert page.console_errors == []


@pytest.fixture
def steps(demo):
    """A problem at each step of the workflow, recorded by the BRÅ chair."""
    bra = get_user_model().objects.get(username="bra")
    area = demo.focus_areas.order_by("position").first()
    made = {}
    for n, step in enumerate(["raised", "convened", "plan_adopted", "closed"]):
        problem = problems.raise_problem(
            area, title=f"Problem {n}", raised_on=datetime.date(2026, 11, 2), user=bra
        )
        if step != "raised":
            problems.convene(problem, datetime.date(2026, 11, 3), [demo.municipality], "", bra)
        if step in {"plan_adopted", "closed"}:
            measure = problems.Measure("Kontroller.", [demo.police_area], "quota", 2, "year")
            problems.adopt_plan(problem, datetime.date(2026, 11, 4), "Plan.", [measure], bra)
        if step == "closed":
            problems.close(problem, datetime.date(2026, 11, 5), "Bättre.", bra)
        made[step] = problem.pk
    return made


PAGES = {
    "list": ("problems/", None),
    "new": ("problems/new/", None),
    "detail": ("problems/{pk}/", "closed"),
    "convene": ("problems/{pk}/convene/", "raised"),
    "adopt": ("problems/{pk}/adopt/", "convened"),
    "take-back": ("problems/{pk}/take-back/", "convened"),
    "close": ("problems/{pk}/close/", "plan_adopted"),
    "reopen": ("problems/{pk}/reopen/", "closed"),
}
SUBMIT = {
    "new": "Uppmärksamma problembilden",
    "convene": "Registrera sammankallandet",
    "adopt": "Anta planen",
    "close": "Avsluta problembilden",
    "reopen": "Öppna igen",
}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_the_problem_pages_pass_axe(live_server, new_page, steps, name, width):
    path, step = PAGES[name]
    page = new_page(width=width)
    signed_in_as(page, live_server.url, "bra")
    page.goto(f"{live_server.url}{PROMISE}/{path.format(pk=steps.get(step))}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    if name in SUBMIT:  # the form with its errors
        if name == "adopt":
            page.locator("fieldset.measure").first.get_by_label("Mål").fill("2")
        elif name == "new":
            page.get_by_label("Uppmärksammad den").fill("")
        else:
            date = page.locator("input[type=date]")
            if date.count():
                date.first.fill("")
        page.get_by_role("button", name=SUBMIT[name]).click()
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        assert_no_axe_violations(page)
