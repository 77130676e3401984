"""Who sent a request when the app stands behind reverse proxies.

Every proxy appends the address it received the request from to ``X-Forwarded-For``, and a
client may send that header with anything in it. So only the right-most ``TRUSTED_PROXIES``
entries were written by proxies we trust: the client is the N-th entry from the right, and
everything to its left is whatever the client claimed. With no trusted proxy (the default) the
header is not read at all and the client is ``REMOTE_ADDR``.

The sign-in lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``) and the log lines of requests
use :func:`client_address`, so behind a proxy one person's wrong passwords lock out that person
and not everyone who comes through the proxy.
"""

import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest


def client_address(request):
    """The client's IP address as the trusted proxies saw it, or ``None`` when unknown.

    ``REMOTE_ADDR`` with ``TRUSTED_PROXIES = 0``. With N proxies, the N-th address from the
    right of ``X-Forwarded-For``; when the header holds fewer (the request came in by a
    shorter way) its left-most, which a trusted proxy wrote too; when it is missing or that
    entry is not an IP address, ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXIES
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [entry.strip() for entry in header.split(",")] if header.strip() else []
    if not forwarded:
        return remote
    return _ip_address(forwarded[-min(count, len(forwarded))]) or remote


def _ip_address(text):
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


class ClientAddressFilter(logging.Filter):
    """Gives every log record a ``client``: the address of the request it is about, or "-".

    Django passes the request with its records of refused and failed requests
    (``django.request``, ``django.security``); the log line then names the client rather
    than the proxy in front of the app.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        address = client_address(request) if isinstance(request, HttpRequest) else None
        record.client = address or "-"
        return True
