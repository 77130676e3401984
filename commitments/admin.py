"""The Django admin, laid out for a municipal coordinator: promises with their focus areas and
commitments on one page, deeper levels one link away, files in and out, history read-only."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alvsbyn_promises.forms import AdminSignInForm

# Registered there: organisations, memberships and users (focus areas and local problems in
# admin_areas, imported below).
from . import admin_people, admin_plans  # noqa: F401  (admin_plans: planned activities)
from .access import (
    administered_organisations,
    administered_promises,
    can_administer,
    is_national_admin,
    party_ids,
)
from .activity_files import DuplicateRow, import_activities
from .admin_areas import CommitmentInline, FocusAreaInline
from .admin_attachments import AttachmentInline
from .admin_erasure import ActivityErasureAdmin
from .admin_forms import (
    ActivityFileForm,
    CommitmentForm,
    OwnPartyForm,
    PromiseFileForm,
)
from .admin_indicators import IndicatorInline
from .admin_lists import (
    ACTIVITY_PROMISE_PARAMETER,
    ActivityYearFilter,
    PromiseStatusFilter,
    PromiseYearFilter,
    promise_filter,
)
from .admin_scoping import HistoryAdmin
from .admin_versions import VersionCheckedAdmin
from .enums import CommitmentKind, DisplacedActivities, PromiseStatus
from .files import FileImportError
from .forms import QuantityField
from .models import (
    Activity,
    Commitment,
    Organisation,
    Promise,
)
from .promise_files import ActivitiesOutsideRules, export_promise, import_promise
from .services import displaced_activities, existing_successor, settle_displaced
from .views.succession import StartNext

admin.site.site_header = _("Citizen promises: administration")
admin.site.site_title = _("Citizen promises")
admin.site.index_title = _("Administration")
admin.site.login_form = AdminSignInForm


# ---------------------------------------------------------------------------------------------
# Promises


def render_import(request, model_admin, form, errors, title, hint=""):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "errors": errors,
        "hint": hint,
        "title": title,
    }
    return TemplateResponse(request, "admin/commitments/import_file.html", context)


# The confirmation page's answer, posted with the change form's own data.
SETTLE_FIELD = "_displaced_activities"


def successor_exists_message(successor):
    """Refusing a second next promise, with a link to the one there is."""
    url = reverse("admin:commitments_promise_change", args=[successor.pk])
    if successor.published:
        text = _('The promise already has a successor: <a href="{}">{}</a> ({} to {}).')
    else:
        text = _(
            'A draft that replaces the promise exists already: <a href="{}">{}</a> ({} to {}). '
            "Check it and publish it."
        )
    return format_html(text, url, successor.slug, successor.valid_from, successor.valid_until)


@admin.register(Promise)
class PromiseAdmin(VersionCheckedAdmin, HistoryAdmin):
    list_display = [
        "title", "municipality", "police_area", "valid_from", "valid_until", "status_today",
        "published", "public", "activities",
    ]  # fmt: skip
    # Small filters only: a municipality or police area is found with the search.
    list_filter = [PromiseStatusFilter, PromiseYearFilter, "published", "public"]
    search_fields = ["title", "slug", "municipality__name", "police_area__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["replaces"]
    filter_horizontal = ["other_parties", "review_for"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [FocusAreaInline, CommitmentInline, IndicatorInline]
    actions = ["start_next", "export_files"]
    change_list_template = "admin/commitments/promise/change_list.html"
    change_form_template = "admin/commitments/promise/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "municipality", "police_area", "other_parties"]}),
        (
            _("Validity"),
            {"fields": ["signed_on", "valid_from", "valid_until", "until_superseded", "replaces"]},
        ),
        (_("Publication"), {"fields": ["published", "public", "source_url"]}),
        (
            _("Contact for residents"),
            {"fields": ["contact_role", "contact_email", "contact_phone", "contact_url"]},
        ),
        (_("Review"), {"fields": ["review_for"], "classes": ["collapse"]}),
        (_("Texts"), {"fields": ["summary", "basis", "followup"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_parties()

    def get_form(self, request, obj=None, **kwargs):
        if not is_national_admin(request.user):
            kwargs["form"] = type(
                "LocalPromiseForm",
                (OwnPartyForm, self.form),
                {"coordinated": administered_organisations(request.user)},
            )
        form = super().get_form(request, obj, **kwargs)
        if "review_for" in form.base_fields:
            # Only a party's activities can wait for review: the promise's parties, not every
            # organisation in Sweden (none before the promise is saved with its parties).
            field = form.base_fields["review_for"]
            field.queryset = field.queryset.filter(pk__in=party_ids(obj) if obj else [])
        return form

    def get_inlines(self, request, obj):
        # Commitments need the promise's focus areas: add them once the promise is saved.
        return self.inlines if obj is not None else [FocusAreaInline]

    @admin.display(description=_("status today"))
    def status_today(self, promise):
        return PromiseStatus(promise.status_on(timezone.localdate())).label

    @admin.display(description=_("activities"))
    def activities(self, promise):
        """A link to the promise's activities: the activity list has no choice per promise."""
        url = reverse("admin:commitments_activity_changelist")
        return format_html(
            '<a href="{}?{}={}">{}</a>',
            url,
            ACTIVITY_PROMISE_PARAMETER,
            promise.pk,
            _("Activities"),
        )

    def get_urls(self):
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="commitments_promise_import",
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="commitments_promise_export",
            ),
            path(
                "<int:pk>/start-next/",
                self.admin_site.admin_view(self.start_next_view),
                name="commitments_promise_start_next",
            ),
        ]
        return own + super().get_urls()

    @admin.action(description=_("Start the next promise (copy into a new draft)"))
    def start_next(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose one promise to start the next one from."), messages.WARNING
            )
            return None
        promise = queryset.get()
        if not can_administer(request.user, promise):
            raise PermissionDenied
        successor = existing_successor(promise)
        if successor is not None:
            self.message_user(request, successor_exists_message(successor), messages.WARNING)
            return None
        return redirect("admin:commitments_promise_start_next", promise.pk)

    def start_next_view(self, request, pk):
        """Asks for the next promise's title and dates, then copies the promise into a draft."""
        # Another municipality's promise does not exist for a local admin (404).
        page = StartNext.handle(request, self.get_object(request, str(pk)))
        if page.draft is not None:
            self.message_user(request, page.created_message(), messages.SUCCESS)
            return redirect("admin:commitments_promise_change", page.draft.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Start the next promise"),
            "page": page,
        }
        return TemplateResponse(
            request, "admin/commitments/promise/start_next.html", context, status=page.status
        )

    # Publishing a successor: the confirmation page, then what was chosen.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if (
            request.method == "POST"
            and request.POST.get(SETTLE_FIELD) not in DisplacedActivities.values
            and "_saveasnew" not in request.POST
        ):
            confirmation = self.confirm_displaced(request, object_id)
            if confirmation is not None:
                return confirmation
        return super().changeform_view(request, object_id, form_url, extra_context)

    def confirm_displaced(self, request, object_id):
        """A page asking what to do with the activities of the promise this one replaces that
        the save would put outside its days in force; None when there are none (or the form has
        errors the change page will show)."""
        promise = None
        if object_id:
            promise = self.get_object(request, unquote(object_id))
            if promise is None or not self.has_change_permission(request, promise):
                return None
        elif not self.has_add_permission(request):
            return None
        form_class = self.get_form(request, promise, change=promise is not None)
        form = form_class(request.POST, request.FILES, instance=promise)
        if not form.is_valid():
            return None
        displaced = displaced_activities(form.instance)
        if not displaced:
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("What happens to the old promise's activities?"),
            "successor": form.instance,
            "displaced": displaced,
            "choices": DisplacedActivities,
            "settle_field": SETTLE_FIELD,
            "resubmit": [
                (name, value)
                for name, values in request.POST.lists()
                if name not in {"csrfmiddlewaretoken", SETTLE_FIELD}
                for value in values
            ],
            "cancel_url": request.get_full_path(),
        }
        return TemplateResponse(
            request, "admin/commitments/promise/confirm_displaced.html", context
        )

    def save_model(self, request, obj, form, change):
        # Before the save, the database still tells how the old promise ends today.
        request.displaced_activities = displaced_activities(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        displaced = getattr(request, "displaced_activities", None)
        if displaced:
            # After the commitments: activities move to the successor's as saved.
            choice = request.POST.get(SETTLE_FIELD)
            if choice not in DisplacedActivities.values:
                choice = DisplacedActivities.KEEP
            settled = settle_displaced(displaced, form.instance, choice)
            self.message_user(request, str(settled), messages.WARNING)

    @admin.action(description=_("Export as promise file (YAML)"))
    def export_files(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one promise to export."), messages.WARNING)
            return None
        return self.export_view(request, queryset.get().pk)

    def export_view(self, request, pk):
        promise = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, promise):
            raise PermissionDenied
        response = HttpResponse(
            export_promise(promise), content_type="application/yaml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{promise.slug}.yaml"'
        return response

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        errors, hint = [], ""
        form = PromiseFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                promise = import_promise(
                    form.cleaned_data["file"].read(),
                    replace=form.cleaned_data["replace"],
                    for_parties=self._importer_parties(request),
                    activities=form.cleaned_data["activities"],
                    force=form.cleaned_data["force"],
                    user=request.user,
                )
            except FileImportError as error:
                errors = [str(e) for e in error.errors]
                if isinstance(error, ActivitiesOutsideRules):
                    hint = _(
                        "The activities stay logged whatever the file says. To import it anyway, "
                        "tick “%(label)s” and import the file again."
                    ) % {"label": PromiseFileForm.base_fields["force"].label}
            else:
                self.message_user(
                    request,
                    _("Imported %(title)s with %(count)s commitments.")
                    % {"title": promise.title, "count": promise.commitments.count()},
                    messages.SUCCESS,
                )
                if promise.stranded:
                    for _field, message in promise.stranded.messages():
                        self.message_user(
                            request,
                            _("Imported anyway: %(message)s") % {"message": message},
                            messages.WARNING,
                        )
                if promise.settled:
                    self.message_user(request, str(promise.settled), messages.WARNING)
                for message in promise.skipped_convenings:
                    self.message_user(
                        request,
                        _("Not recorded: %(message)s") % {"message": message},
                        messages.WARNING,
                    )
                return redirect("admin:commitments_promise_change", promise.pk)
        return render_import(request, self, form, errors, _("Import a promise file"), hint)

    def _importer_parties(self, request):
        """A local admin imports only promises of the organisations they coordinate."""
        if is_national_admin(request.user):
            return None
        return Organisation.objects.filter(pk__in=administered_organisations(request.user))


@admin.register(Commitment)
class CommitmentAdmin(VersionCheckedAdmin, HistoryAdmin):
    form = CommitmentForm
    list_display = ["key", "short_text", "promise", "focus_area", "kind", "quota"]
    list_filter = ["kind", promise_filter(Commitment)]
    search_fields = ["key", "text"]
    list_select_related = ["promise", "focus_area"]
    # By promise and key, read from the index of that unique pair; a sort by the promise's
    # name sorted every commitment in Sweden for each page.
    ordering = ["promise_id", "key"]
    sortable_by = ["key", "kind"]
    autocomplete_fields = ["promise"]  # its other choices follow the promise (CommitmentForm)
    fieldsets = [
        (
            None,
            {"fields": ["promise", "focus_area", "group", "key", "text", "responsible", "kind"]},
        ),
        (
            _("Quota"),
            {
                "fields": [
                    "quota_target",
                    "quota_per",
                    "quota_unit",
                    "quota_unit_one",
                    "quota_average",
                    "quota_kinds",
                ],  # fmt: skip
                "description": _("Only for commitments of the kind quota."),
            },
        ),
        (_("Milestone"), {"fields": ["due_on"]}),
        (_("Place in the promise"), {"fields": ["local_problem", "parent", "position"]}),
        (_("Follows"), {"fields": ["follows"]}),
        (_("Public page"), {"fields": ["publish_activities"]}),
    ]

    @admin.display(description=_("text"))
    def short_text(self, commitment):
        return commitment.text[:80]

    @admin.display(description=_("quota"))
    def quota(self, commitment):
        if commitment.kind != CommitmentKind.QUOTA:
            return "–"
        return f"{commitment.quota_target} {commitment.get_quota_per_display()}"


@admin.register(Activity)
class ActivityAdmin(VersionCheckedAdmin, ActivityErasureAdmin, HistoryAdmin):
    list_display = ["occurred_on", "commitment", "quantity", "organisation", "reported_by"]
    # Years rather than Django's date drill-down, which read every activity for its years.
    list_filter = [ActivityYearFilter, promise_filter(Activity)]
    list_select_related = ["commitment", "organisation", "reported_by"]
    # Newest first, read from the end of the index on (occurred_on, id): a sort by another
    # column would sort every activity.
    sortable_by = []
    search_fields = ["description", "place", "commitment__key"]
    autocomplete_fields = ["commitment"]
    filter_horizontal = ["participants"]
    readonly_fields = ["reported_by", "created_at", "updated_at"]
    actions = ["erase_personal_data"]
    inlines = [AttachmentInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "quantity":  # typed in the digits 0–9, as on the log form
            kwargs["form_class"] = QuantityField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    change_list_template = "admin/commitments/activity/change_list.html"
    change_form_template = "admin/commitments/activity/change_form.html"
    object_history_template = "admin/commitments/activity/object_history.html"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.reported_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="commitments_activity_import",
            )
        ]
        return own + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors, hint = [], ""
        form = ActivityFileForm(request.POST or None, request.FILES or None)
        form.fields["promise"].queryset = administered_promises(request.user)
        if request.method == "POST" and form.is_valid():
            promise = form.cleaned_data["promise"]
            upload = form.cleaned_data["file"]
            try:
                activities = import_activities(
                    promise,
                    upload.file,
                    user=request.user,
                    file_name=upload.name,
                    allow_duplicates=form.cleaned_data["allow_duplicates"],
                )
            except FileImportError as error:
                errors = [str(e) for e in error.errors]
                if any(isinstance(e, DuplicateRow) for e in error.errors):
                    hint = _(
                        "The rows marked as the same as a logged activity or an earlier row are "
                        "likely imported twice. If they are new activities, tick “%(label)s” and "
                        "import the file again."
                    ) % {"label": ActivityFileForm.base_fields["allow_duplicates"].label}
            else:
                count = activities.count()
                self.message_user(
                    request,
                    ngettext(
                        "Imported %(count)s activity into %(promise)s.",
                        "Imported %(count)s activities into %(promise)s.",
                        count,
                    )
                    % {"count": count, "promise": promise},
                    messages.SUCCESS,
                )
                return redirect("admin:commitments_activity_changelist")
        return render_import(request, self, form, errors, _("Import activities"), hint)
