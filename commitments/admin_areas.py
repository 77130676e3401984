"""The admin of a promise's focus areas and local problems, and the inlines of its focus areas
and commitments that the promise's own page shows (commitments.admin)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .admin_bounds import IdAutocompleteSelect
from .admin_forms import CommitmentForm
from .admin_lists import promise_filter
from .admin_scoping import HistoryAdmin, ScopedInline
from .convening import sync_convened_activities
from .models import Commitment, FocusArea, LocalProblem, Organisation
from .models.problems import STEPS
from .versioning import OPENED_VERSION


class FocusAreaInline(ScopedInline, admin.TabularInline):
    model = FocusArea
    fields = ["position", "title", "description"]
    extra = 0
    show_change_link = True
    formfield_overrides = {
        FocusArea._meta.get_field("description"): {"widget": forms.Textarea(attrs={"rows": 2})}
    }


class CommitmentInline(ScopedInline, admin.TabularInline):
    model = Commitment
    form = CommitmentForm
    fields = [
        "position", "focus_area", "group", "key", "text", "responsible", "kind", "quota_target",
        "quota_per", OPENED_VERSION,
    ]  # fmt: skip
    extra = 0
    show_change_link = True
    verbose_name_plural = _("commitments (sub-commitments, quota details and due dates: open one)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type("PromiseCommitmentForm", (formset.form,), {"parent_promise": obj})
        return formset

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("focus_area")
            .prefetch_related("responsible")
        )


class LocalProblemInline(ScopedInline, admin.StackedInline):
    model = LocalProblem
    fields = ["position", "title", "status", "raised_on", "description", "action_plan"]
    extra = 0
    show_change_link = True


@admin.register(FocusArea)
class FocusAreaAdmin(HistoryAdmin):
    list_display = ["title", "promise", "position"]
    list_filter = [promise_filter(FocusArea)]
    search_fields = ["title", "description"]
    autocomplete_fields = ["promise"]  # a list of choices would hold every promise in Sweden
    inlines = [LocalProblemInline]


@admin.register(LocalProblem)
class LocalProblemAdmin(HistoryAdmin):
    list_display = ["title", "focus_area", "status", "raised_on", "convened_on", "closed_on"]
    list_filter = ["status", promise_filter(LocalProblem)]
    search_fields = ["title", "description", "action_plan", "outcome"]
    list_select_related = ["focus_area"]
    fieldsets = [
        (None, {"fields": ["focus_area", "position", "title", "description", "place", "status"]}),
        (
            _("Steps"),
            {
                "fields": [
                    ("raised_on", "raised_by"),
                    ("convened_on", "convened_by"),
                    "participants",
                    "meeting_note",
                    ("plan_adopted_on", "plan_adopted_by"),
                    "action_plan",
                    ("closed_on", "closed_by"),
                    "outcome",
                ]
            },
        ),
    ]
    readonly_fields = ["raised_by", "convened_by", "plan_adopted_by", "closed_by"]

    def save_model(self, request, obj, form, change):
        """A step's day given here is recorded as the admin's step (who, beside when); a day
        taken away takes who with it."""
        for day, _status in STEPS:
            by = day.replace("_on", "_by")
            if getattr(obj, day) is None:
                setattr(obj, by, None)
            elif day in form.changed_data:
                setattr(obj, by, request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Then the rule: a convening day set, changed or taken away here gives, moves or
        removes the activities of the commitments triggered by local problems, as the staff
        pages' steps do (commitments.convening); one the checks of every activity refuse is
        not recorded, and the admin is told why."""
        super().save_related(request, form, formsets, change)
        synced = sync_convened_activities(form.instance, request.user)
        for message in synced.skipped:
            self.message_user(
                request, _("Not recorded: %(message)s") % {"message": message}, messages.WARNING
            )

    def get_queryset(self, request):
        # Its promise names the parties offered as participants.
        return super().get_queryset(request).select_related("focus_area__promise")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "focus_area" in form.base_fields:
            # A list of every promise's focus areas would hold Sweden's (6,000 of them): its own
            # promise's when changing one, a search when adding.
            field = form.base_fields["focus_area"]
            if obj is not None:
                field.queryset = field.queryset.filter(promise__focus_areas=obj.focus_area_id)
            else:
                field.widget = IdAutocompleteSelect(
                    LocalProblem._meta.get_field("focus_area"), self.admin_site
                )
        if "participants" in form.base_fields:
            # The promise's parties, not every organisation in Sweden.
            field = form.base_fields["participants"]
            promise = obj.focus_area.promise if obj is not None else None
            field.queryset = (
                Organisation.objects.filter(
                    Q(pk__in=[promise.police_area_id, promise.municipality_id])
                    | Q(promises_as_other_party=promise)
                ).distinct()
                if obj is not None
                else field.queryset.none()
            )
        return form
