"""The admin of a promise's outcome indicators: listed on the promise's page, each with its
dated values on its own page (commitments.admin registers the promise's page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_lists import promise_filter
from .admin_scoping import HistoryAdmin, ScopedInline
from .admin_versions import VersionCheckedAdmin
from .indicator_forms import IndicatorValueForm
from .models import FocusArea, Indicator, IndicatorValue
from .versioning import OPENED_VERSION, VersionedForm


class IndicatorForm(VersionedForm):
    """An indicator's form, alone and inline: its focus area is one of its promise's."""

    class Meta:
        model = Indicator
        fields = [
            "promise", "position", "key", "name", "unit", "direction", "source", "focus_area",
            "baseline_on", "baseline_value", "target",
        ]  # fmt: skip

    # Set on the inline's form class to the promise being edited.
    parent_promise = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("focus_area")
        if field is None:
            return
        promise_id = (
            self.parent_promise.pk if self.parent_promise is not None else self.instance.promise_id
        )
        # A list of every promise's focus areas would hold Sweden's: its own promise's only.
        field.queryset = (
            field.queryset.filter(promise=promise_id) if promise_id else FocusArea.objects.none()
        )


class IndicatorInline(ScopedInline, admin.TabularInline):
    model = Indicator
    form = IndicatorForm
    fields = [
        "position", "key", "name", "unit", "direction", "source", "focus_area", "baseline_on",
        "baseline_value", "target", OPENED_VERSION,
    ]  # fmt: skip
    extra = 0
    show_change_link = True
    verbose_name_plural = _("outcome indicators (their values: open one)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("PromiseIndicatorForm", (formset.form,), {"parent_promise": obj})
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("focus_area")


class IndicatorValueInline(ScopedInline, admin.TabularInline):
    model = IndicatorValue
    form = IndicatorValueForm
    fields = ["measured_on", "value", "note", "source_url", "entered_by", OPENED_VERSION]
    readonly_fields = ["entered_by"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entered_by")


@admin.register(Indicator)
class IndicatorAdmin(VersionCheckedAdmin, HistoryAdmin):
    form = IndicatorForm
    list_display = ["name", "promise", "unit", "direction", "focus_area"]
    list_filter = ["unit", "direction", promise_filter(Indicator)]
    search_fields = ["name", "key", "source"]
    list_select_related = ["promise", "focus_area"]
    autocomplete_fields = ["promise"]  # a list of choices would hold every promise in Sweden
    inlines = [IndicatorValueInline]
    fieldsets = [
        (None, {"fields": ["promise", "key", "name", "position"]}),
        (_("Measure"), {"fields": ["unit", "direction", "source", "focus_area"]}),
        (_("Baseline and target"), {"fields": ["baseline_on", "baseline_value", "target"]}),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is IndicatorValue:
            for value_form in formset.forms:
                if value_form.instance.pk is None and value_form.has_changed():
                    value_form.instance.entered_by = request.user
        super().save_formset(request, form, formset, change)
