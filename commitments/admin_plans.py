"""The admin of planned activities: scoped like everything of a promise (a local admin sees and
changes only the plans of the promises they administer), with their history read-only."""

from django.contrib import admin

from .admin_lists import promise_filter
from .admin_scoping import HistoryAdmin
from .admin_versions import VersionCheckedAdmin
from .models import PlannedActivity
from .versioning import VersionedForm


class PlannedActivityForm(VersionedForm):
    class Meta:
        model = PlannedActivity
        fields = [
            "commitment", "organisation", "planned_on", "kind", "place", "note", "status",
            "activity", "cancel_reason",
        ]  # fmt: skip


@admin.register(PlannedActivity)
class PlannedActivityAdmin(VersionCheckedAdmin, HistoryAdmin):
    form = PlannedActivityForm
    list_display = ["planned_on", "commitment", "organisation", "status", "created_by"]
    list_filter = ["status", promise_filter(PlannedActivity)]
    list_select_related = ["commitment", "organisation", "created_by"]
    search_fields = ["note", "place", "kind", "commitment__key"]
    # By day, read from the index on (promise, status, day) or the table in order; a sort by
    # another column would sort every plan in Sweden.
    sortable_by = []
    ordering = ["-planned_on", "-pk"]
    autocomplete_fields = ["commitment", "activity"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
