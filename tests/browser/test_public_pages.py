"""The public promise page and a public commitment page in a browser (issue 14): axe finds no
WCAG 2.1 A or AA violation on a phone or a desktop, nothing is wider than a 360 px screen, the
progress bars keep their numbers in print, and printing leaves out what is about the page
itself."""

import datetime

import pytest

from commitments.models import Activity, Promise
from tests.demo_snapshot import load_demo
from tests.factories import CommitmentFactory

from .a11y import assert_accessible_at_each_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "alvsbyn-2024"
PAGES = [
    f"/promises/{SLUG}/",
    f"/promises/{SLUG}/commitments/narkotika-hundsok/",
    f"/promises/{SLUG}/commitments/dagligen/",  # a daily quota, summed up by year and month
]


@pytest.fixture
def demo(db):
    """The demo, with a daily quota whose activities are published: every day but Sundays."""
    load_demo()
    promise = Promise.objects.get(slug=SLUG)
    area = promise.focus_areas.order_by("position").first()
    daily = CommitmentFactory(
        focus_area=area, key="dagligen", text="Kontroll varje dag i centrum.", quota_target=1,
        quota_per="day", publish_activities=True, responsible=[promise.police_area],
    )  # fmt: skip
    today = datetime.date.today()
    days = (promise.valid_from + datetime.timedelta(n) for n in range(2000))
    Activity.objects.bulk_create(
        Activity(
            commitment=daily,
            occurred_on=day,
            organisation=promise.police_area,
            description="Kontroll i centrum.",
            place="Storgatan",
        )
        for day in days
        if day < today and day.isoweekday() != 7
    )
    return promise


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations_and_nothing_wider_than_the_screen(live_server, new_page, demo, path):
    page = new_page()
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1
    assert_accessible_at_each_width(page)
    assert page.console_errors == []


def test_the_page_works_without_javascript(live_server, new_page, demo):
    page = new_page(width=360, javascript=False)
    page.goto(live_server.url + PAGES[0])
    bars = page.locator(".progress-svg")
    assert bars.count() == 1 + demo.focus_areas.count()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The daily quota: two or three lines, a year each, not a thousand days.
    card = page.locator("li.commitment", has_text="Kontroll varje dag i centrum.")
    lines = card.locator(".period-lines li")
    assert 1 <= lines.count() <= 4
    assert "dagar uppfyllda" in lines.first.inner_text()


def test_printed_the_bars_keep_their_numbers_and_colours(live_server, new_page, demo):
    page = new_page(width=1280)
    page.goto(live_server.url + PAGES[0])
    page.emulate_media(media="print")
    for hidden in ["header.site-header", "footer", ".page-contents", ".public-links"]:
        assert page.locator(hidden).first.is_hidden(), hidden
    bar = page.locator(".progress-svg").first
    assert bar.is_visible()
    assert bar.evaluate("s => getComputedStyle(s).printColorAdjust") == "exact"
    numbers = bar.locator("text")
    assert numbers.count() >= 1 and numbers.first.text_content().strip().isdigit()
    assert page.locator(".progress-counts").first.is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
