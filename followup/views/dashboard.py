from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods

from commitments.access import get_promise
from commitments.review import waiting_count
from commitments.views.succession import StartNext

from ..caching import cache_key
from ..dashboard import Dashboard, Standing
from .common import date_param, date_query


@require_GET
def dashboard(request, slug):
    """The follow-up at a glance for the BRÅ chair and the police area chief."""
    promise = get_promise(request, slug)
    as_of = date_param(request, "as_of", timezone.localdate())
    standing = Standing.build(promise, as_of, request.user)
    query = date_query(request, as_of)
    return render(
        request,
        "followup/dashboard.html",
        {
            # Built only where the cached parts are not (the same for everyone who may see it).
            "page": SimpleLazyObject(lambda: Dashboard.build(promise, as_of)),
            "cache_key": cache_key(promise, "dashboard", as_of, query),
            "standing": standing,
            "as_of": as_of,
            "promise": promise,
            "can_report": standing.can_report,
            # Not cached: who waits for review changes without changing what counts.
            "waiting_review": waiting_count(promise),
            "date_query": query,
            "nav": "followup",
        },
    )


@require_http_methods(["GET", "POST"])
def start_next(request, slug):
    """Admins of the promise start the next one from the dashboard: they give its title and
    dates, and the draft opens in the admin. A promise is not started twice."""
    page = StartNext.handle(request, get_promise(request, slug))
    if page.draft is not None:
        messages.success(request, page.created_message())
        return redirect("admin:commitments_promise_change", page.draft.pk)
    return render(
        request,
        "followup/promise_start_next.html",
        {"page": page, "promise": page.promise, "nav": "followup"},
        status=page.status,
    )
