"""The staff pages of planned activities: a promise's plans, planning one, moving or cancelling
it, and "Genomförd", which logs the activity and closes the plan in one step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..access import (
    can_change_plan,
    get_plan,
    get_promise,
    get_promise_to_report,
    reportable_commitments,
    reporting_organisations,
)
from ..enums import PlanStatus
from ..forms import ActivityForm
from ..models import PlannedActivity, StaleVersion
from ..plan_forms import PlanCancelForm, PlanFilterForm, PlanForm, PlanMoveForm, done_initial
from ..versioning import differences
from .activities import LOGGED, _log, _logged_with

# The list shows at most this many plans (a promise plans some dozens a year).
MAX_LISTED = 500


def plan_state(plan, today):
    """A plan's state in words: planned, overdue, carried out or cancelled."""
    if plan.status == PlanStatus.OPEN and plan.planned_on < today:
        return "overdue", _("Overdue")
    return plan.status, PlanStatus(plan.status).label


@require_GET
def plan_list(request, slug):
    """The promise's plans, filtered (open ones by default): overdue first, then by day."""
    promise = get_promise(request, slug)
    today = timezone.localdate()
    form = PlanFilterForm(request.GET or None, promise=promise)
    plans = PlannedActivity.objects.none()
    if not form.is_bound or form.is_valid():
        if not form.is_bound:
            form.cleaned_data = {}
        overdue = Q(status=PlanStatus.OPEN, planned_on__lt=today)
        plans = (
            form.filter(PlannedActivity.objects.filter(promise=promise))
            .select_related("commitment", "organisation", "created_by", "activity")
            .annotate(
                late=Case(When(overdue, then=Value(0)), default=1, output_field=IntegerField())
            )
            .order_by("late", "planned_on", "pk")[:MAX_LISTED]
        )
    rows = [
        (plan, *plan_state(plan, today), can_change_plan(request.user, plan, promise))
        for plan in plans
    ]
    return render(
        request,
        "commitments/plan_list.html",
        {
            "promise": promise,
            "form": form,
            "rows": rows,
            "can_plan": bool(reporting_organisations(request.user, promise)),
            "nav": "activities",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def plan_create(request, slug):
    """Plan an activity on a commitment the user's organisation is responsible for."""
    promise, organisations = get_promise_to_report(request, slug)
    commitments = reportable_commitments(request.user, promise).select_related("promise")
    commitment = None
    if request.GET.get("commitment"):
        commitment = commitments.filter(key=request.GET["commitment"]).first()
        if commitment is None:
            raise Http404
    plan = PlannedActivity(created_by=request.user)
    form = PlanForm(
        request.POST or None,
        instance=plan,
        promise=promise,
        commitments=commitments,
        organisations=organisations,
        commitment=commitment,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The activity was planned."))
        return redirect("plan_list", promise.slug)
    return render(
        request,
        "commitments/plan_form.html",
        {"promise": promise, "form": form, "commitment": commitment, "nav": "activities"},
    )


def _open_plan(request, promise, pk):
    """A plan the user may change that is still open; else 403, 404, or None (with a message
    said) when it was carried out or cancelled already."""
    plan = get_plan(request, promise, pk, change=True)
    if plan.status != PlanStatus.OPEN:
        messages.error(request, _("The plan is carried out or cancelled already."))
        return None
    return plan


@require_http_methods(["GET", "POST"])
def plan_edit(request, slug, pk):
    """Move a plan (day, place, note). A save over a change made since the form was opened is
    refused (409) with what was sent beside what stands now, as for activities."""
    promise = get_promise(request, slug)
    plan = _open_plan(request, promise, pk)
    if plan is None:
        return redirect("plan_list", promise.slug)
    form = PlanMoveForm(request.POST or None, instance=plan, promise=promise)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except StaleVersion as stale:
            conflict = _conflict(stale, promise, PlanMoveForm)
            form = conflict.pop("form")
        else:
            messages.success(request, _("The plan was changed."))
            return redirect("plan_list", promise.slug)
    return _page(request, "commitments/plan_form.html", promise, plan, form, conflict)


@require_http_methods(["GET", "POST"])
def plan_cancel(request, slug, pk):
    """Cancel a plan with a reason; its history keeps both."""
    promise = get_promise(request, slug)
    plan = _open_plan(request, promise, pk)
    if plan is None:
        return redirect("plan_list", promise.slug)
    form = PlanCancelForm(request.POST or None, instance=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except StaleVersion as stale:
            conflict = _conflict(stale, promise, PlanCancelForm)
            form = conflict.pop("form")
        else:
            messages.success(request, _("The plan was cancelled."))
            return redirect("plan_list", promise.slug)
    return _page(request, "commitments/plan_cancel.html", promise, plan, form, conflict)


def _conflict(stale, promise, form_class):
    current = PlannedActivity.objects.filter(pk=stale.instance.pk, promise=promise).first()
    if current is None:
        return {"message": PlannedActivity.deleted_message, "rows": [], "form": None}
    form = None
    if current.status == PlanStatus.OPEN:
        kwargs = {"promise": promise} if form_class is PlanMoveForm else {}
        form = form_class(instance=current, **kwargs)
    return {
        "message": PlannedActivity.stale_message,
        "rows": differences(stale.form, current),
        "form": form,
    }


def _page(request, template, promise, plan, form, conflict):
    return render(
        request,
        template,
        {"promise": promise, "plan": plan, "form": form, "conflict": conflict, "nav": "activities"},
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
def plan_done(request, slug, pk):
    """ "Genomförd": the log form filled in from the plan; its save logs the activity and closes
    the plan (carried out, linked to the activity) in one transaction."""
    promise = get_promise(request, slug, parties=False)
    plan = get_plan(request, promise, pk, change=True)
    if plan.status == PlanStatus.DONE and plan.activity_id:
        return _to_activity(promise, plan.activity)
    if plan.status != PlanStatus.OPEN:
        messages.error(request, _("The plan is carried out or cancelled already."))
        return redirect("plan_list", promise.slug)
    if plan.organisation_id not in {o.pk for o in reporting_organisations(request.user, promise)}:
        raise PermissionDenied  # changes plans of an organisation they do not log for
    commitments = reportable_commitments(request.user, promise).filter(
        responsible=plan.organisation
    )
    form = ActivityForm(
        request.POST or None,
        initial=done_initial(plan, timezone.localdate()),
        promise=promise,
        commitments=commitments,
        organisations=[plan.organisation],
        commitment=plan.commitment,
    )
    if request.method == "POST":
        activity = _carry_out(request, promise, plan, form)
        if activity is not None:
            messages.success(request, _("The plan is carried out and the activity logged."))
            return _to_activity(promise, activity)
    return render(
        request,
        "commitments/plan_done.html",
        {"promise": promise, "plan": plan, "form": form, "nav": "activities"},
    )


def _carry_out(request, promise, plan, form):
    """Log the form's activity and close ``plan`` with it, all or nothing. A second post of the
    same form finds the activity the first one logged."""
    if not form.is_valid():
        return _logged_with(request.user, promise, form.submission)
    with transaction.atomic():
        locked = PlannedActivity.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.OPEN:
            form.add_error(None, _("The plan is carried out or cancelled already."))
            return None
        activity = _log(request.user, promise, form)
        if activity is None:
            return None
        locked.status, locked.activity = PlanStatus.DONE, activity
        locked.save()
    return activity


def _to_activity(promise, activity):
    # The promise page says how the commitment stands now, counting the new activity.
    return redirect(
        f"{promise.get_absolute_url()}?{LOGGED}={activity.pk}#c-{activity.commitment.key}"
    )
