"""The summary in a frame on another site, as Chromium enforces it: a page served from another
origin (a second HTTP server on another port of this machine) frames /promises/<slug>/embed/.
Listed in EMBED_ALLOWED_ORIGINS, the frame shows the promise; not listed (or none listed), the
browser refuses to show it. And the summary itself: axe-clean, and small enough for a frame."""

import html
import http.server
import threading

import pytest

from commitments.demo import SLUG
from tests.demo_snapshot import load_demo

from .a11y import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMBED = f"/promises/{SLUG}/embed/"


@pytest.fixture
def demo(db):
    return load_demo()


class OtherSite:
    """A web server on another port of this machine (so another origin than the live server's
    localhost) serving one page: a municipality's page with the summary in a frame."""

    def __init__(self):
        self.page = b""
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(site.page)))
                self.end_headers()
                self.wfile.write(site.page)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def framing(self, address):
        """Serve a page that frames ``address``."""
        self.page = (
            '<!doctype html><html lang="sv"><head><meta charset="utf-8">'
            "<title>Älvsbyns kommun</title></head><body><h1>Trygghet i Älvsbyn</h1>"
            f'<iframe id="summary" src="{html.escape(address)}" title="Medborgarlöftet" '
            'width="480" height="400"></iframe></body></html>'
        ).encode()
        return self.origin + "/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def other_site():
    site = OtherSite()
    yield site
    site.close()


def test_a_listed_origin_shows_the_summary_in_its_frame(
    live_server, new_page, demo, other_site, settings
):
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.alvsbyn.se", other_site.origin]
    page = new_page()
    page.goto(other_site.framing(live_server.url + EMBED))
    frame = page.frame_locator("#summary")
    frame.locator("h1").wait_for()
    assert frame.locator("h1").inner_text() == demo.title
    assert "Läs hela löftet" in frame.locator("main").inner_text()
    assert not [e for e in page.console_errors if "frame-ancestors" in e]


@pytest.mark.parametrize(
    "origins", [["https://www.alvsbyn.se"], []], ids=["another-origin-listed", "none-listed"]
)
def test_an_origin_not_listed_gets_no_summary(
    live_server, new_page, demo, other_site, settings, origins
):
    settings.EMBED_ALLOWED_ORIGINS = origins
    page = new_page()
    page.goto(other_site.framing(live_server.url + EMBED))  # waits for the frame to load
    assert page.locator("h1").inner_text() == "Trygghet i Älvsbyn"
    (frame,) = [f for f in page.frames if f != page.main_frame]
    assert frame.url != live_server.url + EMBED  # Chromium's error page, not the summary
    assert demo.title not in frame.content()
    refused = [e for e in page.console_errors if "frame-ancestors" in e or "X-Frame-Options" in e]
    assert refused, page.console_errors


@pytest.mark.parametrize("width", [1280, 360])
def test_no_axe_violations(live_server, new_page, demo, width):
    page = new_page(width=width)
    page.goto(live_server.url + EMBED)
    assert page.locator("h1").inner_text() == demo.title
    assert_no_axe_violations(page)
    assert page.console_errors == []  # nothing the CSP refused (no inline style or script)


@pytest.mark.parametrize("width", [300, 360, 480, 600])
def test_it_fits_a_small_frame(live_server, new_page, demo, width):
    """As wide as the frame and no higher than 400 px, from 300 px wide up."""
    page = new_page(width=width)
    page.set_viewport_size({"width": width, "height": 400})
    page.goto(live_server.url + EMBED)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.documentElement.scrollHeight") <= 400
