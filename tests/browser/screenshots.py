"""The README's screenshots, taken anew with `make screenshots`.

Not a test (the name keeps pytest from collecting it with the suite): run it by its path.
"Today" is 2026-11-26, so that the pictures show the same whenever they are retaken.
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from commitments.demo import load_demo

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FOLDER = Path(settings.BASE_DIR) / "docs" / "screenshots"
SLUG = "alvsbyn-2024"

SHOTS = [
    # file, user, path, width, height (None: the whole page)
    ("promise-page.png", "polis", f"/promises/{SLUG}/", 1100, 900),
    ("todo-phone.png", "polis", "/todo/", 360, None),
    ("log-activity-phone.png", "polis",
     f"/promises/{SLUG}/activities/new/?commitment=narkotika-hundsok", 360, None),
    ("activities.png", "bra", f"/promises/{SLUG}/activities/", 1100, 900),
    ("admin-promise.png", "admin", "/admin/commitments/promise/", 1100, 900),
    ("dashboard.png", "bra", f"/promises/{SLUG}/followup/?as_of=2026-03-01", 1100, 1900),
    ("commitment.png", "bra",
     f"/promises/{SLUG}/commitments/narkotika-hundsok/?as_of=2026-03-01", 1100, 1500),
]  # fmt: skip


@pytest.fixture(autouse=True)
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0), tick=True)
    load_demo()
    FOLDER.mkdir(parents=True, exist_ok=True)


@pytest.mark.parametrize("name, username, path, width, height", SHOTS)
def test_screenshot(live_server, new_page, name, username, path, width, height):
    page = new_page(width=width)
    page.set_viewport_size({"width": width, "height": height or 900})
    sign_in(page, live_server.url, username)
    page.goto(live_server.url + path)
    page.screenshot(path=FOLDER / name, full_page=height is None)


def test_pdf_pages(live_server, new_page):
    """The report's title page and its final result, rendered from the PDF the app serves."""
    import pypdfium2

    page = new_page()
    sign_in(page, live_server.url, "bra")
    response = page.request.get(f"{live_server.url}/promises/{SLUG}/report.pdf?as_of=2026-03-01")
    assert response.headers["content-type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.body())
    for number in (0, 1):
        pdf[number].render(scale=1.3).to_pil().save(FOLDER / f"report-pdf-page-{number + 1}.png")


ELEMENT_SHOTS = [
    # file, user, path, width, the element shown
    ("dashboard-utfall.png", "bra", f"/promises/{SLUG}/followup/", 1100, "section.indicators"),
    ("dashboard-utfall-phone.png", "bra", f"/promises/{SLUG}/followup/", 360,
     "section.indicators .indicator-group:nth-of-type(2)"),
    ("indicators.png", "bra", f"/promises/{SLUG}/indicators/", 1100, "main"),
]  # fmt: skip


@pytest.mark.parametrize("name, username, path, width, selector", ELEMENT_SHOTS)
def test_element_screenshot(live_server, new_page, name, username, path, width, selector):
    """A part of a page: the dashboard's "Utfall" (outcome indicators), whole and on a phone."""
    page = new_page(width=width)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, username)
    page.goto(live_server.url + path)
    page.locator(selector).first.screenshot(path=FOLDER / name)


def test_plans_screenshot(live_server, new_page):
    """The plan list with the police's plans of the coming weeks, one of them overdue."""
    from commitments.models import PlannedActivity, Promise

    promise = Promise.objects.get(slug=SLUG)
    commitments = {c.key: c for c in promise.commitments.all()}
    today = datetime.date(2026, 11, 26)
    for key, days, kind, place, note in [
        ("trafik-kontroller", -4, "trafikkontroll", "Storgatan", "Nykterhetskontroller."),
        ("narkotika-hundsok", 7, "hundsök", "Högstadieskolan", "Med narkotikahund från Luleå."),
        ("narkotika-utlamningsstalle", 14, "", "Ombudet på Storgatan", "Besök med tullen."),
    ]:
        PlannedActivity.objects.create(
            commitment=commitments[key],
            organisation=promise.police_area,
            planned_on=today + datetime.timedelta(days=days),
            kind=kind,
            place=place,
            note=note,
        )
    page = new_page(width=1100)
    page.set_viewport_size({"width": 1100, "height": 700})
    sign_in(page, live_server.url, "polis")
    page.goto(f"{live_server.url}/promises/{SLUG}/plans/")
    page.screenshot(path=FOLDER / "plans.png")


PUBLIC_SHOTS = [
    # file, path, width, height (None: the whole page), as a visitor sees it
    ("public-promise.png", f"/promises/{SLUG}/", 1100, 1500),
    ("public-promise-phone.png", f"/promises/{SLUG}/", 360, 1400),
    ("public-list.png", "/promises/", 1100, 800),
    ("embed.png", f"/promises/{SLUG}/embed/", 420, 380),
]  # fmt: skip


@pytest.mark.parametrize("name, path, width, height", PUBLIC_SHOTS)
def test_public_screenshot(live_server, new_page, name, path, width, height):
    """The residents' side: the public promise page, the list of promises, the embed."""
    page = new_page(width=width)
    page.set_viewport_size({"width": width, "height": height or 900})
    page.goto(live_server.url + path)
    page.screenshot(path=FOLDER / name, full_page=height is None)
