"""The summary a municipality's website frames: /promises/<slug>/embed/ (issue 14, part 5).

Framing: only this page may be framed, only by the origins of EMBED_ALLOWED_ORIGINS, and with
none listed not even this one; every other page of the site, walked from the URL patterns with
the demo's data as a visitor and as signed-in staff, keeps X-Frame-Options: DENY and
frame-ancestors 'none'. Content: what the public page may show, in brief, and nothing of a
promise that is not public and published. The origins' setting refuses a bad value.
"""

import datetime
import html
import re
import subprocess
import sys
import zoneinfo
from html.parser import HTMLParser

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from alvsbyn_promises.settings import parse_origins
from commitments.attachment_files import add_attachments
from commitments.demo import SLUG, load_demo
from commitments.enums import PromiseStatus
from commitments.models import (
    Activity,
    CalendarFeed,
    Indicator,
    IndicatorValue,
    LocalProblem,
    PlannedActivity,
    Promise,
)
from followup.loading import followup_for
from followup.presentation import status_label
from followup.results import LIGHTS
from tests.attachments_support import attachment_store, pdf  # noqa: F401  (a fixture)

NOW = datetime.datetime(2025, 10, 15, 12, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))
ORIGINS = ["https://www.alvsbyn.se", "https://alvsbyn.se"]
EMBED = f"/promises/{SLUG}/embed/"


# ---------------------------------------------------------------------------------------------
# The demo, built once for the module; each test runs in a transaction rolled back after it.


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    md5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(PASSWORD_HASHERS=md5),
        transaction.atomic(),
    ):
        yield load_demo(NOW.date())
        transaction.set_rollback(True)


@pytest.fixture
def promise(demo, db, time_machine):
    time_machine.move_to(NOW, tick=False)
    return Promise.objects.get(pk=demo.pk)


def user(username):
    return get_user_model().objects.get(username=username)


def policy(response):
    """The response's CSP as {directive: [sources]}."""
    parts = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {part[0]: part[1:] for part in parts if part}


class Links(HTMLParser):
    """Every <a>'s attributes."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def links(response):
    parser = Links()
    parser.feed(response.content.decode())
    return parser.links


def text(response):
    """The page's text: tags left out, runs of white space made one space."""
    content = re.sub(r"<[^>]+>", "", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(content))


# ---------------------------------------------------------------------------------------------
# Headers


@override_settings(EMBED_ALLOWED_ORIGINS=ORIGINS)
def test_with_origins_listed_only_they_may_frame_the_summary(client, promise):
    response = client.get(EMBED)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = policy(response)
    assert csp["frame-ancestors"] == ORIGINS
    # The rest of the site's policy holds in the frame too.
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]


def test_with_no_origins_listed_nobody_may_frame_it_and_it_still_opens(client, promise):
    assert django_settings.EMBED_ALLOWED_ORIGINS == []
    response = client.get(EMBED)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert promise.title in text(response)


@override_settings(EMBED_ALLOWED_ORIGINS=ORIGINS)
def test_a_missing_summary_is_not_framable(client, promise):
    response = client.get("/promises/finns-inte/embed/")
    assert response.status_code == 404
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]


@override_settings(EMBED_ALLOWED_ORIGINS=ORIGINS)
def test_the_public_page_itself_stays_unframable(client, promise):
    response = client.get(reverse("promise_detail", args=[SLUG]))
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("username", [None, "polis", "admin"])
def test_it_sets_no_cookie(client, promise, username):
    if username:
        client.force_login(user(username))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(EMBED)
    assert response.status_code == 200
    assert response.cookies == {}
    assert "Set-Cookie" not in response
    assert "Read the whole promise" in text(response)  # the chosen language is read, not set


def test_its_links_say_no_more_than_the_sites_referrer_policy(client, promise):
    response = client.get(EMBED)
    assert response["Referrer-Policy"] == "same-origin"
    found = links(response)
    assert found, "the summary links to the full page"
    for link in found:
        assert link["href"].startswith("/"), "a link to another site would carry the address"
        assert "referrerpolicy" not in link
        assert "opener" not in link.get("rel", "").replace("noopener", "")


# ---------------------------------------------------------------------------------------------
# Content


def test_it_says_status_dates_progress_year_and_update_in_words(client, promise):
    response = client.get(EMBED)
    page = text(response)
    followup = followup_for(promise, NOW.date())
    assert f"<title>{promise.title} – Medborgarlöften</title>" in response.content.decode()
    assert '<html lang="sv">' in response.content.decode()
    assert followup.promise.status == PromiseStatus.ACTIVE
    assert "Status: Aktiv." in page
    assert "Gäller 2024-01-01 – 2025-12-31 eller tills nytt löfte ges." in page
    # The numbers are the follow-up's summary: the total, each light's, each status's.
    summary = {status: n for status, n in followup.summary.items() if n}
    assert f"{sum(summary.values())} åtaganden:" in page
    for light in ("green", "amber", "red", "grey"):
        count = sum(n for status, n in summary.items() if LIGHTS[status] == light)
        if count:
            assert re.search(rf"(^| ){count} [a-zåäö]", page), light
    statuses = re.findall(r"\(([^()]*)\)", page)
    shown = {}
    for group in statuses:
        for part in group.split(", "):
            label, _, number = part.rpartition(" ")
            if number.isdigit():
                shown[label] = int(number)
    assert shown == {status_label(s).lower(): n for s, n in summary.items()}
    # The latest year that has begun, in one line.
    year = [y for y in followup.years if y.year <= NOW.year][-1]
    assert year.year == 2025
    line = f"Målperioder 2025: {year.met} av {year.periods} målperioder uppfyllda, "
    assert line + f"{year.missed} missade." in page
    assert f"{year.open} pågår fortfarande." in page
    latest = max(c.last_activity for c in followup.commitments if c.last_activity)
    updated = max(latest, promise.updated_at.astimezone(NOW.tzinfo).date())
    assert f"Senast uppdaterad: {updated:%Y-%m-%d}" in page


def test_it_links_to_the_full_public_page_in_a_new_window_and_says_so(client, promise):
    response = client.get(EMBED)
    (link,) = links(response)
    assert link["href"] == reverse("promise_detail", args=[SLUG])
    assert link["target"] == "_blank"
    assert link["rel"] == "noopener"
    assert "Läs hela löftet (öppnas i ett nytt fönster)" in text(response)


def test_it_shows_no_staff_names_and_no_activity_text(client, promise):
    # An admin has made one commitment's activities public: the summary shows none either way.
    promise.commitments.filter(key="narkotika-hundsok").update(publish_activities=True)
    response = client.get(EMBED)
    page = text(response)
    for person in get_user_model().objects.all():
        assert person.get_full_name() not in page
        assert person.last_name not in page
    descriptions = Activity.objects.for_promise(promise).exclude(description="")
    assert descriptions.count() > 10
    for activity in descriptions:
        assert activity.description not in page
        assert activity.place == "" or activity.place not in page


@pytest.mark.parametrize("username", [None, "polis", "bra", "admin"])
@pytest.mark.parametrize("change", ["not public", "not published", "unknown"])
def test_only_a_public_published_promise_has_one_for_anyone(client, promise, change, username):
    if change == "not public":
        Promise.objects.filter(pk=promise.pk).update(public=False)
    elif change == "not published":
        Promise.objects.filter(pk=promise.pk).update(published=False)
    slug = "finns-inte" if change == "unknown" else SLUG
    if username:
        client.force_login(user(username))
    response = client.get(f"/promises/{slug}/embed/")
    assert response.status_code == 404
    assert "Sidan finns inte" in text(response)
    assert promise.title not in text(response)


def test_it_is_built_once_and_a_change_is_seen_at_once(
    client, promise, django_assert_max_num_queries
):
    client.get(EMBED)
    with django_assert_max_num_queries(1):  # the promise with its stamp; the rest is cached
        cached = client.get(EMBED)
    assert promise.title in text(cached)
    promise.title = "Medborgarlöfte Älvsbyn, reviderat"
    promise.save()
    assert "Medborgarlöfte Älvsbyn, reviderat" in text(client.get(EMBED))


def test_post_is_not_allowed(client, promise):
    assert client.post(EMBED).status_code == 405


# ---------------------------------------------------------------------------------------------
# The staff's code to copy


def test_staff_page_of_a_public_promise_offers_the_code(client, promise):
    client.force_login(user("polis"))
    response = client.get(reverse("promise_detail", args=[SLUG]))
    content = response.content.decode()
    assert "Bädda in på kommunens webbplats" in content
    assert '<label class="form-label" for="embed-code">' in content
    box = re.search(r'<textarea id="embed-code"[^>]*readonly>(.*?)</textarea>', content, re.S)
    code = html.unescape(box.group(1))
    assert code == (
        f'<iframe src="http://testserver{EMBED}" title="{promise.title} – Medborgarlöften" '
        'width="100%" height="400" loading="lazy"></iframe>'
    )
    assert "EMBED_ALLOWED_ORIGINS" in content
    assert "Ingen står där nu" in content
    with override_settings(EMBED_ALLOWED_ORIGINS=ORIGINS):
        response = client.get(reverse("promise_detail", args=[SLUG]))
    assert "Står där nu: https://www.alvsbyn.se, https://alvsbyn.se." in text(response)


def test_the_code_of_a_title_with_quotes_stays_one_attribute(client, promise):
    Promise.objects.filter(pk=promise.pk).update(title='Löftet "Trygg" <Älvsbyn>')
    client.force_login(user("polis"))
    content = client.get(reverse("promise_detail", args=[SLUG])).content.decode()
    box = re.search(r'<textarea id="embed-code"[^>]*readonly>(.*?)</textarea>', content, re.S)
    assert "<" not in box.group(1)
    assert 'title="Löftet &quot;Trygg&quot; &lt;Älvsbyn&gt; – Medborgarlöften"' in html.unescape(
        box.group(1)
    )


def test_staff_page_of_a_promise_not_public_offers_none(client, promise):
    Promise.objects.filter(pk=promise.pk).update(public=False)
    client.force_login(user("polis"))
    response = client.get(reverse("promise_detail", args=[SLUG]))
    assert response.status_code == 200
    assert "embed-code" not in response.content.decode()
    assert "/embed/" not in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Every other page keeps DENY: the site's URL patterns, walked


def routes(resolver=None, prefix=(), namespace=None):
    """(patterns from the root, name with namespaces or None) of every URL of the site."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        chain = (*prefix, entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from routes(entry, chain, inner)
        else:
            name = entry.name and ":".join(filter(None, [namespace, entry.name]))
            yield chain, name


def parameters(chain):
    """The names of the parameters of a route, in order."""
    names = []
    for pattern in chain:
        if isinstance(pattern, RoutePattern):
            names += re.findall(r"<(?:\w+:)?(\w+)>", str(pattern))
        else:
            names += list(pattern.regex.groupindex)
    return names


class Objects:
    """One of each thing a URL names, from the demo (and the few it has none of)."""

    def __init__(self, promise, attachment):
        self.promise = promise
        self.activity = attachment.activity
        self.attachment = attachment
        self.commitment = self.activity.commitment
        self.indicator = Indicator.objects.filter(promise=promise).first()
        self.indicator_value = IndicatorValue.objects.filter(indicator=self.indicator).first()
        self.plan = PlannedActivity.objects.filter(promise=promise).first()
        self.problem = LocalProblem.objects.filter(focus_area__promise=promise).first()
        self.feed = CalendarFeed.objects.first()

    def value(self, parameter, route):
        """The value of ``parameter`` in ``route`` (its text), or None: cannot be built."""
        before = route[: route.index(f"{parameter}>")]
        segment = before[: before.rindex("<")].rstrip("/").rsplit("/", 1)[-1]
        if parameter == "app_label":  # the admin's list of an app's models
            return "commitments"
        by_segment = {
            ("slug", "promises"): self.promise.slug,
            ("key", "commitments"): self.commitment.key,
            ("key", "indicators"): self.indicator.key,
            ("pk", "activities"): self.activity.pk,
            ("pk", "plans"): self.plan.pk,
            ("pk", "values"): self.indicator_value.pk,
            ("pk", "problems"): self.problem and self.problem.pk,
            ("attachment_id", "attachments"): self.attachment.pk,
            ("token", "calendar"): self.feed.token,
            ("content_type_id", "r"): ContentType.objects.get_for_model(Promise).pk,
        }
        if (parameter, segment) in by_segment:
            return by_segment[parameter, segment]
        if parameter == "object_id" and "content_type_id" in route:
            return self.promise.pk
        admin = re.fullmatch(r"admin/(\w+)/(\w+)/", before[: before.rindex("<")])
        if admin:  # the admin's pages of one object: app/model/<object_id>/...
            model = apps.get_model(*admin.groups())
            first = model._default_manager.order_by("pk").first()
            return first and first.pk
        return None

    def positional(self, chain, route):
        """The values of a route's unnamed groups ([] when it has none), or None. Only
        django-simple-history's admin page of one record has any: the object and a record of
        its history."""
        unnamed = sum(
            p.regex.groups - len(p.regex.groupindex)
            for p in chain
            if not isinstance(p, RoutePattern)
        )
        if not unnamed:
            return []
        match = re.fullmatch(r"admin/(\w+)/(\w+)/\^\(\[\^/\]\+\)/history/\(\[\^/\]\+\)/\$", route)
        if match is None:
            return None
        model = apps.get_model(*match.groups())
        record = model.history.order_by("history_id").first()
        return record and [record.pk, record.history_id]


# Routes that cannot be built from data: the admin's catch-all (any address under /admin/).
UNBUILDABLE = {"admin/(?P<url>.*)$"}


def addresses(objects):
    """Every address of the site (one per URL pattern), and the routes that cannot be built."""
    found, skipped = {}, set()
    for chain, name in routes():
        route = "".join(str(pattern) for pattern in chain)
        kwargs = {p: objects.value(p, route) for p in parameters(chain)}
        if None in kwargs.values():
            skipped.add(route)
            continue
        args = objects.positional(chain, route)
        if args is None:
            skipped.add(route)
        elif name:
            found[route] = reverse(name, args=args, kwargs=kwargs)
        elif all(isinstance(p, RoutePattern) for p in chain):
            address = route
            for parameter, value in kwargs.items():
                address = re.sub(rf"<(?:\w+:)?{parameter}>", str(value), address)
            found[route] = "/" + address
        else:
            skipped.add(route)
    return found, skipped


@override_settings(EMBED_ALLOWED_ORIGINS=ORIGINS)
@pytest.mark.usefixtures("attachment_store")
def test_every_other_page_keeps_deny_for_visitors_and_staff(client, promise):
    polis = user("polis")
    activity = Activity.objects.for_promise(promise).filter(reported_by=polis).latest("pk")
    (attachment,) = add_attachments(activity, [pdf()], polis)
    PlannedActivity.objects.create(
        promise=promise,
        commitment=activity.commitment,
        organisation=activity.organisation,
        planned_on=NOW.date() + datetime.timedelta(days=7),
        created_by=polis,
    )
    CalendarFeed.objects.create(user=polis)
    # The sign-in lockout's records (django-axes), each with an admin page.
    access = {"user_agent": "Firefox", "ip_address": "192.0.2.1", "username": "polis"}
    access |= {"http_accept": "text/html", "path_info": reverse("login")}
    AccessLog.objects.create(**access)
    AccessFailureLog.objects.create(**access)
    AccessAttempt.objects.create(**access, get_data="", post_data="", failures_since_start=1)
    found, skipped = addresses(Objects(promise, attachment))
    assert skipped == UNBUILDABLE, f"routes to give a value: {sorted(skipped ^ UNBUILDABLE)}"
    assert len(found) > 100  # the site's own pages and the admin's
    embed_route = "promises/<slug:slug>/embed/"
    assert found[embed_route] == EMBED

    wrong, checked = [], 0
    for username in [None, "polis", "admin"]:
        client.logout()
        if username:
            client.force_login(user(username))
        for route, address in found.items():
            response = client.get(address)
            if response.streaming:  # a download: read to its end, which closes its file
                b"".join(response.streaming_content)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            checked += 1
            frame = response.get("X-Frame-Options")
            ancestors = policy(response).get("frame-ancestors")
            expected = (None, ORIGINS) if route == embed_route else ("DENY", ["'none'"])
            if (frame, ancestors) != expected:
                wrong.append(f"{username or 'visitor'} {address} {response.status_code}: {frame}")
    assert wrong == []
    assert checked > 300


# ---------------------------------------------------------------------------------------------
# The setting


@pytest.mark.parametrize(
    ("value", "origins"),
    [
        ("", []),
        ("  ", []),
        ("https://www.alvsbyn.se", ["https://www.alvsbyn.se"]),
        (
            "https://www.alvsbyn.se https://alvsbyn.se",
            ["https://www.alvsbyn.se", "https://alvsbyn.se"],
        ),
        (
            "https://www.alvsbyn.se,https://alvsbyn.se, https://x.se\n",
            ["https://www.alvsbyn.se", "https://alvsbyn.se", "https://x.se"],
        ),
        ("HTTPS://WWW.Alvsbyn.SE", ["https://www.alvsbyn.se"]),
        ("https://a.se https://a.se", ["https://a.se"]),
        ("https://intranet.alvsbyn.se:8443", ["https://intranet.alvsbyn.se:8443"]),
        ("https://xn--lvsbyn-bua.se", ["https://xn--lvsbyn-bua.se"]),
        ("http://localhost:8001", ["http://localhost:8001"]),
        ("http://127.0.0.1:8001", ["http://127.0.0.1:8001"]),
        ("http://[::1]:8001", ["http://[::1]:8001"]),
        ("https://[2001:db8::1]", ["https://[2001:db8::1]"]),
    ],
)
def test_origins_are_read_from_commas_or_spaces(value, origins):
    assert parse_origins("EMBED_ALLOWED_ORIGINS", value) == origins


@pytest.mark.parametrize(
    "value",
    [
        "https://www.alvsbyn.se/",  # a path, however short
        "https://www.alvsbyn.se/kommun/trygghet",
        "https://www.alvsbyn.se?x=1",
        "https://www.alvsbyn.se#top",
        "www.alvsbyn.se",  # no scheme
        "//www.alvsbyn.se",
        "ftp://www.alvsbyn.se",
        "https://*.alvsbyn.se",  # CSP's wildcards are not taken
        "*",
        "'self'",
        "'none'",
        "https://user@www.alvsbyn.se",
        "https://www.alvsbyn.se:0",
        "https://www.alvsbyn.se:65536",
        "https://www.alvsbyn.se:port",
        "https://älvsbyn.se",  # to be written in its xn-- form
        "https://-alvsbyn.se",
        "https://alvsbyn..se",
        "https://[::g]",
        "https://www.alvsbyn.se;script-src",
        "https://www.alvsbyn.se https://www.alvsbyn.se/",  # one bad of several
    ],
)
def test_a_value_that_is_not_an_origin_is_refused_naming_it(value):
    with pytest.raises(ImproperlyConfigured) as refused:
        parse_origins("EMBED_ALLOWED_ORIGINS", value)
    message = str(refused.value)
    assert message.startswith("EMBED_ALLOWED_ORIGINS: ")
    bad = [item for item in re.split(r"[\s,]+", value) if item][-1]
    assert repr(bad) in message
    assert "https://www.alvsbyn.se" in message  # the form to write


@pytest.mark.parametrize("value", ["http://www.alvsbyn.se", "http://alvsbyn.se:8080"])
def test_plain_http_is_refused_except_for_this_machine(value):
    with pytest.raises(ImproperlyConfigured, match="is not https"):
        parse_origins("EMBED_ALLOWED_ORIGINS", value)


def test_the_app_refuses_to_start_with_a_bad_value():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "alvsbyn_promises.settings",
        "EMBED_ALLOWED_ORIGINS": "https://www.alvsbyn.se/",
    }
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: EMBED_ALLOWED_ORIGINS: 'https://www.alvsbyn.se/' is not an origin"
        in result.stderr
    )
