from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from followup.caching import cache_key, cached, digest
from followup.presentation import status_label

from ..access import (
    can_administer,
    can_change,
    get_activity,
    get_promise,
    get_promise_to_report,
    reportable_commitments,
    reporting_organisations,
)
from ..activity_export import csv_chunks
from ..converters import is_id
from ..enums import ReviewStatus
from ..filters import ActivityFilter
from ..forms import ActivityForm
from ..history import activity_history
from ..models import Activity, ActivityImport, Erasure, StaleVersion
from ..params import page_number
from ..review import can_review, submit_if_needed
from ..versioning import differences
from .attachments import AttachmentSection, attachment_count
from .review import ReviewForm

PAGE_SIZE = 25
LOGGED = "logged"  # the promise page's parameter: the activity just logged


@require_GET
def activity_list(request, slug):
    """Activities of the promise, newest first, filtered; ``?format=csv`` exports the filtered
    rows in the import format."""
    promise = get_promise(request, slug)
    activities = (
        Activity.objects.for_promise(promise)
        .select_related("commitment__promise", "organisation", "reported_by")
        .annotate(attachment_count=attachment_count())
    )
    filters = ActivityFilter(
        request.GET or None, queryset=activities, promise=promise, user=request.user
    )
    context = {
        "promise": promise,
        "filter": filters,
        "page": None,
        "can_report": bool(reporting_organisations(request.user, promise)),
        "nav": "activities",
    }
    if filters.is_bound and not filters.is_valid():
        # django-filter would drop the field it cannot read and list (or export) more than was
        # asked for; list nothing and show the form's errors instead.
        return render(request, "commitments/activity_list.html", context, status=400)
    rows = filters.qs.order_by("-occurred_on", "-pk")
    if request.GET.get("format") == "csv":
        # Streamed, a thousand rows at a time: the largest promise's file is megabytes.
        chunks = csv_chunks(rows.order_by("occurred_on", "pk"), promise.parties())
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="aktiviteter-{promise.slug}.csv"'
        return response
    page = Paginator(rows, PAGE_SIZE).get_page(page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page=page,
        query=query.urlencode(),
        changeable={a.pk for a in page if can_change(request.user, a, promise)},
        outside={a.pk for a in page if not promise.is_in_force_on(a.occurred_on)},
        outside_count=Activity.objects.outside_days_in_force(promise).count(),
    )
    return render(request, "commitments/activity_list.html", context)


@require_http_methods(["GET", "POST"])
def activity_create(request, slug):
    promise, organisations = get_promise_to_report(request, slug)
    commitments = reportable_commitments(request.user, promise)
    commitment = None
    if request.GET.get("commitment"):
        commitment = _named_commitment(promise, organisations, commitments, request.GET)
    form = ActivityForm(
        request.POST or None,
        promise=promise,
        commitments=commitments,
        organisations=organisations,
        commitment=commitment,
    )
    if request.method == "POST":
        # The same form posted again (a double click, a retry) answers as the first post did:
        # its insert finds the token taken (see _log), or, should the form no longer pass, the
        # activity it logged is looked for.
        if form.is_valid():
            activity = _log(request.user, promise, form)
        else:
            activity = _logged_with(request.user, promise, form.submission)
        if activity is not None:
            # The promise page says how the commitment stands now (logged_message): it follows
            # up the promise anyway, so the post does not.
            return redirect(
                f"{promise.get_absolute_url()}?{LOGGED}={activity.pk}#c-{activity.commitment.key}"
            )
    return render(
        request,
        "commitments/activity_form.html",
        {
            "promise": promise,
            "form": form,
            "commitment": commitment,
            "can_report": True,
            "nav": "log",
        },
    )


def _named_commitment(promise, organisations, commitments, query):
    """The commitment the address names (``?commitment=<key>``), if the user may log on it, else
    404. Kept in the cache by the promise's change stamp and the organisations the user logs
    for (what decides it): the form and its post ask for it one after the other."""
    named = query["commitment"]
    key = cache_key(promise, "reportable", digest(o.pk for o in organisations), digest([named]))
    commitment = cached(key, lambda: commitments.with_key(named).first())
    if commitment is None:
        raise Http404
    return commitment


def _logged_with(user, promise, submission):
    """The activity ``user`` logged in ``promise`` with the form whose token is ``submission``."""
    if submission is None:
        return None
    return (
        Activity.objects.for_promise(promise)
        .select_related("commitment")
        .filter(submission=submission, reported_by=user)
        .first()
    )


def _log(user, promise, form):
    """Save the form's new activity, once per token.

    Of two posts of one form racing past :func:`_logged_with`, the token's unique constraint
    lets one insert win; the other returns the winner. None, with the reason on the form, when
    the token is another's (a crafted post).
    """
    activity = form.save(commit=False)
    activity.reported_by = user
    submit_if_needed(activity, user, promise)
    try:
        with transaction.atomic():
            activity.save()
            if form.cleaned_data.get("participants"):  # else nothing to add, nor to read
                form.save_m2m()
    except IntegrityError:
        first = _logged_with(user, promise, form.submission)
        if first is None:
            if not Activity.objects.filter(submission=form.submission).exists():
                raise
            form.add_error(
                None,
                ValidationError(
                    _("This form has been used already. Open a new one to log an activity."),
                    code="submission_used",
                ),
            )
        return first
    return activity


def logged_message(request, promise, followup):
    """ "Logged for …" after the log form's post (``?logged=<id>`` on the promise page): the
    commitment's text and how it stands now, counting the new activity. Only of an activity the
    user logged in this promise; None for any other address."""
    pk = request.GET.get(LOGGED, "")
    if not is_id(pk):
        return None
    commitment_id, review_status = (
        Activity.objects.for_promise(promise)
        .filter(pk=pk, reported_by=request.user)
        .values_list("commitment_id", "review_status")
        .first()
    ) or (None, None)
    result = next((r for r in followup.commitments if r.facts.id == commitment_id), None)
    if result is None:
        return None
    params = {"text": result.facts.text}
    if review_status == ReviewStatus.SUBMITTED:
        return (
            _(
                "Logged for “%(text)s” and submitted for review: it counts once a coordinator "
                "has approved it."
            )
            % params
        )
    if result.current is not None:
        params.update(
            count=result.current.count,
            target=result.current.target,
            start=result.current.start.isoformat(),
            end=result.current.end.isoformat(),
        )
        return (
            _("Logged for “%(text)s”. Now %(count)s of %(target)s for %(start)s – %(end)s.")
            % params
        )
    params["status"] = status_label(result.status)
    return _("Logged for “%(text)s”. Status: %(status)s.") % params


@require_GET
def activity_detail(request, slug, pk):
    """An activity and its history; a deleted one's page shows what it was and who deleted it."""
    promise = get_promise(request, slug)
    try:
        activity = get_activity(request, promise, pk)
    except Http404:
        activity = None
    history = activity_history(promise, pk)
    if activity is None and not history:
        raise Http404
    shown = activity or history[0].record.instance
    return render(
        request,
        "commitments/activity_detail.html",
        {
            "promise": promise,
            "activity": shown,
            "deleted": activity is None,
            "counts": activity is None or promise.is_in_force_on(activity.occurred_on),
            "history": history,
            "imported_from": ActivityImport.objects.select_related("imported_by")
            .filter(pk=shown.imported_from_id)
            .first(),
            "erasures": Erasure.objects.filter(activity_id=pk).select_related("erased_by"),
            "can_change": activity is not None and can_change(request.user, activity, promise),
            "review_form": (
                ReviewForm()
                if activity is not None
                and activity.review_status == ReviewStatus.SUBMITTED
                and can_review(request.user, activity, promise)
                else None
            ),
            "attachments": AttachmentSection.of(activity, request.user),
            "can_erase": can_administer(request.user, promise),
            "can_report": bool(reporting_organisations(request.user, promise)),
            "nav": "activities",
        },
    )


@require_http_methods(["GET", "POST"])
def activity_edit(request, slug, pk):
    """Change an activity. The form carries the version it was opened at: a save over a change
    made since is refused (409) with what the user sent beside what stands now, and a form of
    the current version to start again from."""
    promise = get_promise(request, slug)
    activity = get_activity(request, promise, pk, change=True)
    form = _edit_form(request, promise, activity, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        submit_if_needed(form.instance, request.user, promise)
        try:
            with transaction.atomic():
                form.save()
        except StaleVersion as stale:
            conflict = _conflict(request, promise, stale)
            form = conflict.pop("form")
        else:
            messages.success(request, _("The activity was changed."))
            return redirect("activity_detail", promise.slug, activity.pk)
    return render(
        request,
        "commitments/activity_form.html",
        {
            "promise": promise,
            "form": form,
            "commitment": activity.commitment,
            "activity": activity,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _edit_form(request, promise, activity, data=None):
    commitments = (
        reportable_commitments(request.user, promise)
        .filter(responsible=activity.organisation)
        .select_related("promise")
    )
    return ActivityForm(
        data,
        instance=activity,
        promise=promise,
        commitments=commitments,
        organisations=[activity.organisation],
        commitment=activity.commitment,
    )


def _conflict(request, promise, stale):
    """What a refused save shows: the message, the fields that differ (what the user sent, what
    stands now) and, when the user may still change it, a form of the current version."""
    current = (
        Activity.objects.select_related("commitment", "organisation", "reported_by")
        .filter(pk=stale.instance.pk, promise=promise)
        .first()
    )
    if current is None:
        return {"message": Activity.deleted_message, "rows": [], "current": None, "form": None}
    form = None
    if can_change(request.user, current, promise):
        form = _edit_form(request, promise, current)
    return {
        "message": Activity.stale_message,
        "rows": differences(stale.form, current),
        "current": current,
        "form": form,
    }


@require_http_methods(["GET", "POST"])
def activity_delete(request, slug, pk):
    """Asks first (GET); deletes on POST. The history keeps what was deleted, and by whom."""
    promise = get_promise(request, slug)
    activity = get_activity(request, promise, pk, change=True)
    if request.method == "POST":
        activity.delete()
        messages.success(request, _("The activity was deleted. Its history is kept."))
        return redirect(reverse("activity_list", args=[promise.slug]))
    return render(
        request,
        "commitments/activity_confirm_delete.html",
        {"promise": promise, "activity": activity},
    )
