"""Cross-origin reading (CORS) of the open data: anyone's web page may read it, nothing else.

Only the read-only public endpoints carry ``Access-Control-Allow-Origin: *`` (the list of public
promises, their CSV files and feeds, and the follow-up JSON of a public promise); every other
page carries no CORS header, so a browser keeps other sites' scripts from reading it. No
credentials are allowed: a script on another site reads what a visitor who is not signed in
would, and the browser sends it no cookies with ``*``.

Only GET and HEAD are answered. These are "simple" requests that a browser sends without asking
first; an OPTIONS preflight (which a script asks for only when it adds headers of its own) gets
405 with ``Allow: GET, HEAD``, like any other method.
"""

import functools

from django.core.exceptions import BadRequest
from django.http import Http404
from django.views.decorators.http import require_safe

from . import errors

ALLOW_ORIGIN = "Access-Control-Allow-Origin"


def allow_any_origin(response):
    """Let scripts on any site read ``response`` (without credentials); returns it."""
    response[ALLOW_ORIGIN] = "*"
    return response


def open_data(view):
    """For a read-only public endpoint: GET and HEAD only, readable from any origin, its errors
    (404 for what is not public, 400 for a bad parameter) too, so a script can read why."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404 as error:
            response = errors.page_not_found(request, error)
        except BadRequest as error:
            response = errors.bad_request(request, error)
        return allow_any_origin(response)

    return require_safe(wrapper)
