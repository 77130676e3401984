from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commitments.access import get_promise, is_staff
from commitments.services import start_next_promise

from ..dashboard import Dashboard
from .common import date_param, date_query


@require_GET
def dashboard(request, slug):
    """The follow-up at a glance for the BRÅ chair and the police area chief."""
    promise = get_promise(request, slug)
    as_of = date_param(request, "as_of", timezone.localdate())
    page = Dashboard.build(promise, as_of, request.user)
    return render(
        request,
        "followup/dashboard.html",
        {
            "page": page,
            "promise": promise,
            "can_report": page.can_report,
            "date_query": date_query(request, as_of),
            "nav": "followup",
        },
    )


@require_POST
def start_next(request, slug):
    """Admins start the next promise from the dashboard; the draft opens in the admin."""
    promise = get_promise(request, slug)
    if not is_staff(request.user):
        raise PermissionDenied
    draft = start_next_promise(promise)
    messages.success(
        request,
        _("Draft %(slug)s created, %(start)s to %(end)s. Check it and publish it.")
        % {"slug": draft.slug, "start": draft.valid_from, "end": draft.valid_until},
    )
    return redirect("admin:commitments_promise_change", draft.pk)
