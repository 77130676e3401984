"""axe finds no WCAG 2.1 A or AA violation on these pages, on a desktop and on a phone, and
none of them is wider than the screen."""

import datetime

import pytest

from commitments.models import Activity
from commitments.services import start_next_promise
from tests.demo_snapshot import load_demo

from .a11y import assert_accessible_at_each_width, assert_no_axe_violations
from .conftest import signed_in_as

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
    ("start-next", "admin", f"/promises/{SLUG}/start-next/"),
]
# After a successor starting 2026-06-01 was published and the old promise's later activities
# kept: the links between the two, the marks on what no longer counts, the refused start-next;
# and while the successor is a draft, the extended promise's dashboard linking to it.
SUCCESSION_PAGES = [
    # name, user, path, whether the successor is published
    ("activities-not-counted", "polis", f"/promises/{SLUG}/activities/", True),
    ("commitment-not-counted", "bra", f"/promises/{SLUG}/commitments/trafik-kontroller/", True),
    ("dashboard-replaced", "admin", f"/promises/{SLUG}/followup/", True),
    ("promise-replaced", "polis", f"/promises/{SLUG}/", True),
    ("promise-replacing", "polis", "/promises/alvsbyn-2026/", True),
    ("start-next-refused", "admin", f"/promises/{SLUG}/start-next/", False),
    ("dashboard-draft-exists", "admin", f"/promises/{SLUG}/followup/", False),
]


@pytest.fixture
def demo(db):
    return load_demo()


@pytest.mark.parametrize("name, username, path", PAGES, ids=[p[0] for p in PAGES])
def test_no_axe_violations(live_server, new_page, demo, name, username, path):
    page = new_page()
    if username:
        signed_in_as(page, live_server.url, username)
    page.goto(live_server.url + path.format(activity=Activity.objects.first().pk))
    assert_accessible_at_each_width(page)


@pytest.mark.parametrize(
    "name, username, path, published", SUCCESSION_PAGES, ids=[p[0] for p in SUCCESSION_PAGES]
)
def test_no_axe_violations_with_a_successor(
    live_server, new_page, demo, name, username, path, published
):
    successor = start_next_promise(
        demo,
        title="Medborgarlöfte Älvsbyn 2026",
        valid_from=datetime.date(2026, 6, 1),
        valid_until=datetime.date(2028, 5, 31),
    )
    successor.published = published
    successor.save()
    assert Activity.objects.outside_days_in_force(demo).exists() == published
    page = new_page()
    signed_in_as(page, live_server.url, username)
    page.goto(live_server.url + path)
    assert_accessible_at_each_width(page)


def test_the_helper_lists_each_violation_with_its_impact_and_elements(new_page):
    page = new_page()
    page.set_content('<html lang="sv"><title>T</title><img src="x.png"><input id="q"></html>')
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "label (critical)" in message
    assert "    #q" in message
