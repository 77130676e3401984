"""Browser tests: Debian's Chromium driven by Playwright, against the live test server.

They are skipped where Chromium is missing, unless REQUIRE_BROWSER=1 (as in CI), where a
missing browser fails instead. Playwright's own browser download is never used.
"""

import os
import shutil

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but chromium is not on the PATH")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh context; collects console errors (CSP violations among them)."""
    contexts = []

    def open_page(width=1280, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            locale="sv-SE",
            java_script_enabled=javascript,
            # Bootstrap then drops its transitions: a colour is checked as it ends, not halfway
            # (a menu item's text fading to white as Bootstrap's stylesheet arrives).
            reduced_motion="reduce",
        )
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page, base_url, username, password="demo"):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("main").get_by_role("button", name="Logga in").click()


def signed_in_as(page, base_url, username):
    """Sign ``page``'s browser in as ``username`` without the sign-in form: a session made on
    the server as signing in makes it, its cookie given to the browser. For tests of what a
    page shows (axe, widths); the journeys sign in through the form (:func:`sign_in`)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base_url}])
