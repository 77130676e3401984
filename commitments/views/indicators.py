"""The staff pages of a promise's outcome indicators: each with its values, and the forms in
which a coordinator or the BRÅ chair enters a new survey figure, corrects one or removes it.

The indicators themselves (name, unit, direction, baseline, target) are set in the admin and in
promise files; their figures come year by year and are entered here, or imported from CSV.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from followup.indicator_display import IndicatorView, decimals_of, format_value
from followup.loading import followup_for

from ..access import can_enter_indicator_values, get_promise, get_promise_for_indicators
from ..files import FileImportError
from ..indicator_files import import_indicator_values
from ..indicator_forms import IndicatorValueForm, IndicatorValuesFileForm
from ..models import Indicator, IndicatorValue, StaleVersion
from ..versioning import differences


@require_GET
def indicator_list(request, slug):
    """Every indicator of the promise with its values, newest first; the forms' links for
    those who may enter values."""
    promise = get_promise(request, slug)
    indicators = list(
        promise.indicators.select_related("focus_area").prefetch_related(
            Prefetch(
                "values",
                IndicatorValue.objects.select_related("entered_by").order_by("-measured_on"),
            )
        )
    )
    results = {r.key: r for r in followup_for(promise, timezone.localdate()).indicators}
    rows = []
    for indicator in indicators:
        result = results[indicator.key]  # the follow-up is of the same change stamp
        places = decimals_of(result.facts)
        for value in indicator.values.all():
            # Written as the charts and tables of the follow-up write it: 16,1 %, not 16,100.
            value.shown = format_value(value.value, indicator.unit, places)
        rows.append((indicator, IndicatorView.of(result)))
    return render(
        request,
        "commitments/indicator_list.html",
        {
            "promise": promise,
            "rows": rows,
            "may_enter": can_enter_indicator_values(request.user, promise),
            "nav": "followup",
        },
    )


def _indicator(promise, key):
    return get_object_or_404(Indicator, promise=promise, key=key)


@require_http_methods(["GET", "POST"])
def indicator_value_create(request, slug, key):
    """A new value of an indicator (a date that has one already is refused, with a link to
    change it)."""
    promise = get_promise_for_indicators(request, slug)
    indicator = _indicator(promise, key)
    value = IndicatorValue(indicator=indicator, entered_by=request.user)
    form = IndicatorValueForm(request.POST or None, instance=value)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except IntegrityError:  # the same date saved by someone else a moment ago
            form.add_error("measured_on", IndicatorValue.date_taken_message)
        else:
            messages.success(request, _("The value was saved."))
            return redirect("indicator_list", promise.slug)
    return _form_page(request, promise, indicator, form)


@require_http_methods(["GET", "POST"])
def indicator_value_edit(request, slug, key, pk):
    """Correct a value. As for activities, a save over a change made since the form was opened
    is refused (409), with what was sent beside what stands now."""
    promise = get_promise_for_indicators(request, slug)
    indicator = _indicator(promise, key)
    value = get_object_or_404(IndicatorValue, pk=pk, indicator=indicator)
    form = IndicatorValueForm(request.POST or None, instance=value)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except StaleVersion as stale:
            conflict = _conflict(stale, indicator)
            form = conflict.pop("form")
        except IntegrityError:
            form.add_error("measured_on", IndicatorValue.date_taken_message)
        else:
            messages.success(request, _("The value was changed."))
            return redirect("indicator_list", promise.slug)
    return _form_page(request, promise, indicator, form, value=value, conflict=conflict)


def _conflict(stale, indicator):
    current = IndicatorValue.objects.filter(pk=stale.instance.pk, indicator=indicator).first()
    if current is None:
        return {"message": IndicatorValue.deleted_message, "rows": [], "form": None}
    return {
        "message": IndicatorValue.stale_message,
        "rows": differences(stale.form, current),
        "form": IndicatorValueForm(instance=current),
    }


def _form_page(request, promise, indicator, form, value=None, conflict=None):
    return render(
        request,
        "commitments/indicator_value_form.html",
        {
            "promise": promise,
            "indicator": indicator,
            "form": form,
            "value": value,
            "conflict": conflict,
            "nav": "followup",
        },
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
def indicator_value_delete(request, slug, key, pk):
    """Asks first (GET); deletes on POST. The history keeps what was deleted, and by whom."""
    promise = get_promise_for_indicators(request, slug)
    indicator = _indicator(promise, key)
    value = get_object_or_404(IndicatorValue, pk=pk, indicator=indicator)
    if request.method == "POST":
        value.delete()
        messages.success(request, _("The value was deleted. Its history is kept."))
        return redirect("indicator_list", promise.slug)
    return render(
        request,
        "commitments/indicator_value_confirm_delete.html",
        {"promise": promise, "indicator": indicator, "value": value, "nav": "followup"},
    )


@require_http_methods(["GET", "POST"])
def indicator_import(request, slug):
    """Upload a CSV file of values: all or nothing, every bad row named by its line."""
    promise = get_promise_for_indicators(request, slug)
    form = IndicatorValuesFileForm(request.POST or None, request.FILES or None, promise=promise)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with upload.open("rb") as data:
                result = import_indicator_values(promise, data, user=request.user)
        except FileImportError as error:
            errors = [str(e) for e in error.errors]
        else:
            messages.success(
                request,
                _(
                    "Values imported: %(added)s added, %(replaced)s replaced, %(unchanged)s "
                    "unchanged."
                )
                % {
                    "added": result.added,
                    "replaced": result.replaced,
                    "unchanged": result.unchanged,
                },
            )
            return redirect("indicator_list", promise.slug)
    keys = list(promise.indicators.values_list("key", flat=True))
    return render(
        request,
        "commitments/indicator_import.html",
        {"promise": promise, "form": form, "errors": errors, "keys": keys, "nav": "followup"},
        status=400 if errors else 200,
    )
