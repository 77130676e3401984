"""Error pages: Swedish, in the site's layout, with a way back; ``{"error": ...}`` under /api/.

Django calls the handlers named in ``urls.py`` (``handler400`` ... ``handler500``) when
``DEBUG`` is off, and ``csrf_failure`` (``CSRF_FAILURE_VIEW``) whenever a form's CSRF check
fails. A view that cannot use a query parameter raises ``BadParameter`` with a message for the
person; ``BadParameterMiddleware`` turns it into the 400 page whether ``DEBUG`` is on or off.

The 500 and CSRF pages render without the request and without the database (a failing
database is a common reason for a 500), so they extend the plain ``layout.html``; the others
extend ``base.html`` with its menu.
"""

from django.core.exceptions import BadRequest
from django.http import HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


class BadParameter(BadRequest):
    """A query parameter a view cannot use (a date outside 1900–2100, a malformed number).

    Raise it with a message for the person who sent it, in the active language, e.g.
    ``raise BadParameter(_("page must be a whole number."))``. The answer is a 400: the site's
    page with the message, or ``{"error": message}`` under /api/. Being a ``BadRequest``, it is
    a 400 even where the middleware does not run.
    """


def shown(value, limit=40):
    """``value`` as a message may quote it back: control characters (a NUL) as U+FFFD, which
    HTML cannot carry, and no more than ``limit`` characters, which a phone's line can."""
    value = "".join("\ufffd" if ord(c) < 32 or ord(c) == 127 else c for c in value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def is_api(request):
    return request.path_info.startswith(API_PREFIX)


def _json(message, status):
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@requires_csrf_token
def bad_request(request, exception):
    """400: the message of a BadParameter; Django's own reasons (a forged host, too many
    fields) are for the log, not for the page."""
    if isinstance(exception, BadParameter):
        message = str(exception)
    else:
        message = _("The address or the form could not be read.")
    if is_api(request):
        return _json(message, 400)
    return render(request, "400.html", {"message": message}, status=400)


@requires_csrf_token
def permission_denied(request, exception):
    if is_api(request):
        return _json(_("You may not do this."), 403)
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception):
    if is_api(request):
        return _json(_("Not found."), 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if is_api(request):
        return _json(_("Something went wrong on our side. Try again later."), 500)
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """403 for a form whose CSRF token is missing or stale (Django logs the ``reason``)."""
    if is_api(request):
        return _json(_("The form had expired. Load the page again and send it anew."), 403)
    return HttpResponseForbidden(loader.get_template("403_csrf.html").render())
