"""The local problems in the follow-up (issue 15), as a browser shows them: the dashboard's
"Behöver uppmärksamhet" with a problem past its limit, each problem's stage, steps' days and
measures, on the dashboard, the report, "Att göra" and the public page; axe finds nothing at
360 and 1280 px, nothing is wider than the screen, and it all reads without JavaScript."""

import datetime

import pytest

from commitments.enums import Role
from commitments.models import Membership
from tests.demo_snapshot import load_demo
from tests.factories import UserFactory

from .a11y import assert_accessible_at_each_width
from .conftest import sign_in, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "alvsbyn-2024"
# On 2026-11-26 the demo's thefts, raised on 2026-09-01, wait for BRÅ.
PAGES = [
    ("dashboard", "bra", f"/promises/{SLUG}/followup/?as_of=2026-11-26"),
    ("report", "bra", f"/promises/{SLUG}/report/?as_of=2026-11-26"),
    ("to-do", "samordnare", "/todo/"),
    ("public", None, f"/promises/{SLUG}/"),
]


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 12), tick=True)
    promise = load_demo()
    coordinator = UserFactory(username="samordnare")
    coordinator.set_password("demo")
    coordinator.save()
    Membership.objects.create(
        user=coordinator, organisation=promise.municipality, role=Role.COORDINATOR
    )
    return promise


@pytest.mark.parametrize("name, username, path", PAGES, ids=[p[0] for p in PAGES])
def test_no_axe_violations(live_server, new_page, demo, name, username, path):
    page = new_page()
    if username:
        signed_in_as(page, live_server.url, username)
    page.goto(live_server.url + path)
    assert_accessible_at_each_width(page, check=problem_shown)


def problem_shown(page):
    assert page.get_by_text("Stölder ur förråd och garage").first.is_visible()


def test_the_dashboard_reads_without_javascript(live_server, new_page, demo):
    page = new_page(javascript=False)
    sign_in(page, live_server.url, "bra")
    page.goto(live_server.url + PAGES[0][2])
    attention = page.locator(".problem-attention-list")
    assert "Uppmärksammad för 86 dagar sedan (2026-09-01)" in attention.inner_text()
    attention.get_by_role("link", name="Stölder ur förråd och garage").click()
    assert (
        page.get_by_role("heading", level=1).inner_text().endswith("Stölder ur förråd och garage")
    )
    page.go_back()
    steps = page.locator(".problem-steps").filter(has_text="2024-11-19")
    assert "Skede: Avslutad" in steps.inner_text()
    assert "Åtgärder: 3 åtaganden (3 uppfyllda eller i fas)" in steps.inner_text()
