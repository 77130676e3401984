"""A resident's way through the public side in the browser: find Älvsbyn's promise by searching
the public list, open it, follow a commitment's link to its own page, and subscribe to the
promise's feed (the page names it for feed readers and links to it; what the link gives is an
Atom feed a reader takes)."""

import datetime

import feedparser
import pytest
from playwright.sync_api import expect

from tests.demo_snapshot import load_demo
from tests.factories import PromiseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0), tick=True)
    promise = load_demo()
    # Another municipality's promise, which the search must leave out.
    PromiseFactory(title="Medborgarlöfte Arvidsjaur", public=True, published=True)
    return promise


@pytest.mark.parametrize("width", [1280, 360])
def test_a_resident_finds_the_promise_reads_a_commitment_and_subscribes(
    live_server, new_page, demo, width
):
    page = new_page(width=width)
    page.goto(live_server.url + "/promises/")
    page.get_by_role("searchbox").fill("Älvsbyn")
    page.get_by_role("button", name="Sök").click()

    results = page.locator("main")
    expect(results).to_contain_text("1 kommun")
    expect(results).not_to_contain_text("Arvidsjaur")
    results.get_by_role("link", name="Medborgarlöfte Älvsbyn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medborgarlöfte Älvsbyn")

    # Subscribing: the page tells feed readers where the feed is, and links to it.
    alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(alternate).to_have_count(1)
    feed_address = alternate.get_attribute("href")

    page.get_by_role("link", name="Hundsök i skolan två gånger per år.").first.click()
    expect(page).to_have_url(
        f"{live_server.url}/promises/alvsbyn-2024/commitments/narkotika-hundsok/"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hundsök")
    page.go_back()

    feed_link = page.get_by_role("link", name="Atom")
    expect(feed_link).to_be_visible()
    assert feed_link.get_attribute("href") == feed_address
    response = page.request.get(live_server.url + feed_address)
    assert response.ok
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title.startswith("Medborgarlöfte Älvsbyn")
    assert feed.entries, "the demo's published activities and met periods are in the feed"
