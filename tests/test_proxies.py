"""Behind reverse proxies: the client is who the trusted proxies say, and nobody else's word."""

import io
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from alvsbyn_promises.proxies import ClientAddressFilter, client_address
from tests.factories import UserFactory

PROXY = "10.0.0.1"  # the reverse proxy: every request reaches the app from it
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "proxies, forwarded, client",
    [
        (0, None, PROXY),
        (0, CLIENT_A, PROXY),  # nobody vouches for the header: ignored
        (1, None, PROXY),  # not through the proxy (a check from the same host)
        (1, CLIENT_A, CLIENT_A),
        (1, f"{CLIENT_B}, {CLIENT_A}", CLIENT_A),  # the client wrote CLIENT_B itself
        (2, f"{CLIENT_B}, {CLIENT_A}, 10.0.0.2", CLIENT_A),
        (2, CLIENT_A, CLIENT_A),  # a shorter way in: the left-most is still a proxy's
        (1, "not-an-address", PROXY),
        (1, f"{CLIENT_A}, ", PROXY),  # an empty right-most entry is no address
        (1, "2001:DB8:0:0::1", "2001:db8::1"),
    ],
)
def test_client_address_is_the_nth_forwarded_from_the_right(settings, proxies, forwarded, client):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(request_from(PROXY, forwarded)) == client


@pytest.fixture
def user(db):
    return UserFactory(username="polis", password="rätt-lösenord-123")


def sign_in(client, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": "polis", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, user, settings):
    settings.TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "fel", forwarded=CLIENT_A)
    assert sign_in(client, "rätt-lösenord-123", forwarded=CLIENT_A).status_code == 429
    response = sign_in(client, "rätt-lösenord-123", forwarded=CLIENT_B)
    assert response.status_code == 302
    assert response["Location"] == reverse("todo")


def test_without_trusted_proxies_a_forged_header_does_not_dodge_the_lockout(client, user, settings):
    settings.TRUSTED_PROXIES = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "fel", forwarded=f"192.0.2.{n}")  # a new "address" every time
    response = sign_in(client, "rätt-lösenord-123", forwarded="192.0.2.99")
    assert response.status_code == 429
    assert "För många försök" in response.text


@pytest.fixture
def log_lines():
    """What the console log writes while the test runs."""
    (handler,) = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientAddressFilter) for f in h.filters)
    ]
    stream = io.StringIO()
    # Swapped without setStream(), which flushes the stream it replaces: the console handler's
    # is the stderr of when logging was set up, which pytest may have closed since.
    previous, handler.stream = handler.stream, stream
    yield stream
    handler.stream = previous


def test_the_log_names_the_forwarded_client(client, db, settings, log_lines):
    settings.TRUSTED_PROXIES = 1
    client.get("/no-such-page/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{CLIENT_B}, {CLIENT_A}")
    assert log_lines.getvalue().splitlines() == [
        f"WARNING django.request [{CLIENT_A}] Not Found: /no-such-page/"
    ]


def test_the_log_names_the_connection_without_trusted_proxies(client, db, settings, log_lines):
    settings.TRUSTED_PROXIES = 0
    client.get("/no-such-page/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)
    assert log_lines.getvalue().splitlines() == [
        f"WARNING django.request [{PROXY}] Not Found: /no-such-page/"
    ]
