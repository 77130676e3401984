"""Two app servers behind one address, on one PostgreSQL and one Redis: what is done on one is
seen at once on the other, and a session made on one is good on the other.

Each server is gunicorn with production settings over plain HTTP (as `make loadtest` starts it,
bench/loadtest.py), on a free loopback port, serving the test database. One cookie jar for both
stands for a browser behind a load balancer that sends each request to either server (cookies
are not told apart by port). The keys the servers write to Redis carry a prefix of this run's
own, deleted at the end.

Runs where REDIS_URL is set and the tests run on PostgreSQL (SQLite is one file on one
machine); skipped otherwise, failed instead with REQUIRE_REDIS=1.
"""

import datetime
import http.cookiejar
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection
from django.utils import timezone

from bench.harness import production_environment, wait_until_up
from bench.loadtest import free_port
from commitments.enums import Role
from commitments.models import Activity
from tests.factories import (
    CommitmentFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    PromiseFactory,
    UserFactory,
)
from tests.redis_support import delete_prefixed, redis_url, skip_or_fail

pytestmark = pytest.mark.django_db(transaction=True)  # the servers read what the test commits

PASSWORD = "två-servrar-ett-lösenord"
SLUG = "tva-servrar"
KEY = "hundsok"
TIMEOUT = 15  # seconds for one answer


@pytest.fixture
def redis_location():
    """The Redis to share and a key prefix of this run's own; its keys deleted afterwards."""
    url = redis_url()
    if connection.vendor != "postgresql":
        skip_or_fail("the tests run on SQLite; two servers share a PostgreSQL database")
    prefix = f"test-multi-server-{uuid.uuid4().hex[:12]}"
    yield url, prefix
    delete_prefixed(url, prefix)


@pytest.fixture
def reporter(db):
    """A police reporter of a promise in force today (the servers' today: real time), with a
    real password hash: the servers use the production hashers."""
    today = timezone.localdate()
    promise = PromiseFactory(
        slug=SLUG,
        title="Medborgarlöfte på två servrar",
        municipality=OrganisationFactory(name="Serverstads kommun", municipality=True),
        police_area=OrganisationFactory(name="Lokalpolisområde Serverstad", police=True),
        valid_from=today - datetime.timedelta(days=100),
        valid_until=today + datetime.timedelta(days=265),
    )
    CommitmentFactory(
        focus_area=FocusAreaFactory(promise=promise, title="Narkotika"),
        key=KEY,
        text="Hundsök i skolan två gånger per år.",
        responsible=[promise.police_area],
        quota_target=2,
        quota_per="validity",
    )
    user = UserFactory(username="polis")
    user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    user.save()
    MembershipFactory(user=user, organisation=promise.police_area, role=Role.REPORTER)
    return user


def database_url():
    """The test database, as the servers must reach it."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = f":{urllib.parse.quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def start(env, log):
    """gunicorn as the README deploys it (workers restarted after 500 requests), on a free
    port; its base address."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "alvsbyn_promises.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30",
        "--max-requests", "500", "--max-requests-jitter", "50",
    ]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    return server, f"http://127.0.0.1:{port}"


@pytest.fixture
def servers(redis_location, tmp_path):
    """Two servers, A and B, on the test database and the shared Redis."""
    url, prefix = redis_location
    env = {
        **os.environ,
        # Production settings over HTTP; one SECRET_KEY for both.
        **production_environment(
            tmp_path, settings_module="bench.loadtest_settings", allowed_hosts="127.0.0.1"
        ),
        "DATABASE_URL": database_url(),
        "REDIS_URL": url,
        "CACHE_KEY_PREFIX": prefix,
    }
    with ExitStack() as stack:
        started = []
        for name in ("a", "b"):
            log_path = tmp_path / f"gunicorn-{name}.log"
            log = stack.enter_context(open(log_path, "wb"))
            server, base = start(env, log)
            stack.callback(stop, server)
            started.append((server, base, log_path))
        for server, base, log_path in started:
            wait_until_up(base, server, log_path)
        yield [base for _server, base, _log in started]


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class Browser:
    """One person's browser: one cookie jar, whichever server answers."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def get(self, base, path, expected=200):
        return self._send(base, path, None, expected)

    def post(self, base, path, fields, expected=302):
        """A form's fields (a list of pairs) posted as the browser would; the redirect."""
        body = urllib.parse.urlencode([tuple(field) for field in fields]).encode()
        return self._send(base, path, body, expected)

    def _send(self, base, path, body, expected):
        request = urllib.request.Request(base + path, data=body)
        if body is not None:
            request.add_header("Referer", base + path)
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                status, headers, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read()
        text = text.decode("utf-8", "replace")
        assert status == expected, f"{base}{path}: {status}, expected {expected}\n{text[:3000]}"
        return headers["Location"] if status == 302 else text


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Forms(HTMLParser):
    """The forms of a page: each one's action and the fields a browser would send, in order
    (hidden fields, the text typed, the options selected, the boxes ticked)."""

    def __init__(self, page):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        kind = attrs.get("type", "text")
        if tag == "input" and attrs.get("name") and kind not in ("submit", "button"):
            if kind not in ("checkbox", "radio") or "checked" in attrs:
                fields.append([attrs["name"], attrs.get("value") or ""])
        elif tag == "select":
            self._select = [attrs.get("name"), None, None]  # name, first option, selected
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select[1] = value if self._select[1] is None else self._select[1]
            if "selected" in attrs:
                self._select[2] = value
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self.forms[-1]["fields"].append([name, chosen if chosen is not None else first])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append([self._textarea[0], self._textarea[1].lstrip("\n")])
            self._textarea = None

    def form(self, action):
        """The fields of the form posting to ``action``; the page's only such form."""
        (form,) = [f for f in self.forms if f["action"] == action]
        return form["fields"]


def filled(fields, **values):
    """``fields`` with each named one set to its value."""
    fields = [[name, values.pop(name, value)] for name, value in fields]
    assert not values, f"no such fields: {list(values)}"
    return fields


def followup(browser, base):
    """The commitment's entry in the follow-up JSON that ``base`` serves."""
    data = json.loads(browser.get(base, f"/api/promises/{SLUG}/followup.json"))
    (commitment,) = data["commitments"]
    return commitment


def test_what_one_server_does_the_other_shows_at_once(servers, reporter):
    a, b = servers
    browser = Browser()
    today = timezone.localdate().isoformat()
    new, activities = f"/promises/{SLUG}/activities/new/", f"/promises/{SLUG}/activities/"

    # Signed in on A; the session (a row in the database) is good on B.
    login = Forms(browser.get(a, "/accounts/login/")).form("")
    browser.post(a, "/accounts/login/", filled(login, username="polis", password=PASSWORD))
    assert "Serverstads kommun" in browser.get(b, f"/promises/{SLUG}/")
    # Each server has served the pages once before the change (anything either caches is warm).
    for base in (a, b):
        assert followup(browser, base)["last_activity"] is None
        assert "Inga aktiviteter matchar." in browser.get(base, activities)
        browser.get(base, f"/promises/{SLUG}/report/")

    # Logged on A, with the form B served (its CSRF and one-time tokens).
    form = Forms(browser.get(b, f"{new}?commitment={KEY}")).form("")
    fields = filled(form, occurred_on=today, description="Hundsök på högstadieskolan.")
    target = browser.post(a, f"{new}?commitment={KEY}", fields)
    (activity,) = Activity.objects.all()
    # B shows it at once, and A's message ("Registrerat för …") travels with the browser.
    landing = browser.get(b, target.split("#")[0])
    assert "Registrerat för" in landing and "1 av 2" in landing
    assert followup(browser, b)["last_activity"] == today
    assert followup(browser, b)["periods"][0]["count"] == 1
    for path in (f"/promises/{SLUG}/followup/", f"/promises/{SLUG}/commitments/{KEY}/"):
        assert "1 av 2" in browser.get(b, path), path
    assert "Hundsök på högstadieskolan." in browser.get(b, activities)
    assert "Hundsök på högstadieskolan." in browser.get(b, f"/promises/{SLUG}/report/")
    # The same form posted again (a double click reaching the other server) logs nothing.
    assert browser.post(b, f"{new}?commitment={KEY}", fields) == target
    assert Activity.objects.count() == 1

    # Changed on B: A shows the change.
    edit = f"{activities}{activity.pk}/edit/"
    form = Forms(browser.get(b, edit)).form("")
    browser.post(b, edit, filled(form, description="Hundsök på mellanstadieskolan."))
    assert "Hundsök på mellanstadieskolan." in browser.get(a, activities)
    assert "Hundsök på mellanstadieskolan." in browser.get(a, f"/promises/{SLUG}/report/")

    # Deleted on B: gone on A.
    delete = f"{activities}{activity.pk}/delete/"
    browser.post(b, delete, Forms(browser.get(b, delete)).form(""))
    assert "mellanstadieskolan" not in browser.get(a, activities)
    assert followup(browser, a)["last_activity"] is None
    assert "0 av 2" in browser.get(a, f"/promises/{SLUG}/commitments/{KEY}/")

    # Signed out on B: the session is gone on A too.
    logout = Forms(browser.get(a, f"/promises/{SLUG}/")).form("/accounts/logout/")
    browser.post(b, "/accounts/logout/", logout)
    assert browser.get(a, f"/promises/{SLUG}/followup/", expected=302).startswith(
        "/accounts/login/"
    )
