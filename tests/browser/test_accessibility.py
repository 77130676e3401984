"""axe finds no WCAG 2.1 A or AA violation on these pages, on a desktop and on a phone, and
none of them is wider than the screen."""

import pytest

from commitments.demo import load_demo
from commitments.models import Activity

from .a11y import assert_no_axe_violations
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "alvsbyn-2024"
PAGES = [
    # name, user (None: a visitor), path
    ("sign-in", None, "/accounts/login/"),
    ("password-change", "polis", "/accounts/password_change/"),
    ("activities", "polis", f"/promises/{SLUG}/activities/"),
    ("activities-bad-filter", "polis", f"/promises/{SLUG}/activities/?date_from=9999-12-31"),
    ("log-form", "polis", f"/promises/{SLUG}/activities/new/?commitment=narkotika-hundsok"),
    ("activity", "polis", f"/promises/{SLUG}/activities/{{activity}}/"),
    ("public-promises", None, "/promises/"),
    ("accessibility", None, "/accessibility/"),
    ("404", "polis", "/no/such/page/"),
    ("400", "polis", f"/promises/{SLUG}/followup/?as_of=9999-12-31"),
    ("400-long-value", "polis", f"/promises/{SLUG}/report/?from={'x' * 300}"),
    # The follow-up: before, at and after the promise's end.
    ("dashboard-mid", "bra", f"/promises/{SLUG}/followup/?as_of=2025-06-30"),
    ("dashboard-end", "bra", f"/promises/{SLUG}/followup/?as_of=2025-12-31"),
    ("dashboard-after", "bra", f"/promises/{SLUG}/followup/?as_of=2026-03-01"),
    ("report", "bra", f"/promises/{SLUG}/report/?as_of=2026-03-01"),
    ("commitment", "bra", f"/promises/{SLUG}/commitments/narkotika-hundsok/?as_of=2026-03-01"),
    ("commitment-follows", "kommun", f"/promises/{SLUG}/commitments/arbetsliv-deltagande/"),
    ("commitment-public", None, f"/promises/{SLUG}/commitments/trafik-kontroller/"),
    ("to-do", "polis", "/todo/"),
    ("home", "bra", "/"),
    ("promise", "polis", f"/promises/{SLUG}/"),
    ("promise-public", None, f"/promises/{SLUG}/"),
]


@pytest.fixture
def demo(db):
    return load_demo()


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("name, username, path", PAGES, ids=[p[0] for p in PAGES])
def test_no_axe_violations(live_server, new_page, demo, name, username, path, width):
    page = new_page(width=width)
    if username:
        sign_in(page, live_server.url, username)
    page.goto(live_server.url + path.format(activity=Activity.objects.first().pk))
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_helper_lists_each_violation_with_its_impact_and_elements(new_page):
    page = new_page()
    page.set_content('<html lang="sv"><title>T</title><img src="x.png"><input id="q"></html>')
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "label (critical)" in message
    assert "    #q" in message
