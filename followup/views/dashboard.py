from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commitments.access import get_promise, is_staff, reporting_organisations
from commitments.services import start_next_promise

from ..dashboard import (
    activity_chart,
    completion_chart,
    needs_attention,
    recent_activities,
    tiles,
    timing,
    year_table,
)
from ..engine import followup_for
from ..presentation import sections
from .common import date_param


@require_GET
def dashboard(request, slug):
    """The follow-up at a glance for the BRÅ chair and the police area chief."""
    promise = get_promise(request, slug)
    as_of = date_param(request, "as_of", timezone.localdate())
    followup = followup_for(promise, as_of)
    years, year_rows = year_table(followup)
    context = {
        "promise": promise,
        "followup": followup,
        "timing": timing(followup),
        "tiles": tiles(followup),
        "sections": sections(followup, promise.focus_areas.prefetch_related("local_problems")),
        "attention": needs_attention(followup),
        "years": years,
        "year_rows": year_rows,
        "recent": recent_activities(promise, as_of),
        "activity_chart": activity_chart(promise, as_of),
        "completion_chart": completion_chart(followup),
        "can_report": bool(reporting_organisations(request.user, promise)),
        "is_admin": is_staff(request.user),
        "nav": "followup",
    }
    return render(request, "followup/dashboard.html", context)


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
