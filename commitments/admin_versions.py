"""Change pages that check the version they were opened at (promises, commitments, activities).

The change form, and each inline row of a versioned model, carries the version its object had
when the page was opened (:class:`~commitments.versioning.VersionedForm`). A save over a change
made since is refused: the whole save is rolled back (the admin saves in one transaction) and a
page shows what the user sent beside what stands now, with a link to open the current version.
"""

from django.contrib.admin.utils import flatten_fieldsets
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .admin_access import administered
from .models import StaleVersion
from .versioning import OPENED_VERSION, VersionedForm, differences


class VersionCheckedAdmin:
    """Mixed into the ModelAdmin of a versioned model, before the admin class."""

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if OPENED_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        # The hidden field rides in the first fieldset, where the form's template renders it.
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], OPENED_VERSION]}), *rest]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion as stale:
            return self.stale_view(request, stale)

    def save_model(self, request, obj, form, change):
        try:
            super().save_model(request, obj, form, change)
        except StaleVersion as stale:
            stale.form = form
            raise

    def stale_view(self, request, stale):
        """409: the save was refused; what the user sent and what stands now, for the fields
        that differ (none are shown of an object the user no longer administers)."""
        model = type(stale.instance)
        current = administered(request.user, model._default_manager.filter(pk=stale.instance.pk))
        current = current.first()
        if current is None:
            message = model.deleted_message
            rows = []
        else:
            message = model.stale_message
            rows = differences(stale.form, current) if stale.form is not None else []
        reopen = request.get_full_path()
        if current is None and model is self.model:
            reopen = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Not saved"),
            "conflict": {"message": message, "rows": rows},
            "object": current,
            "reopen_url": reopen,
        }
        return TemplateResponse(
            request, "admin/commitments/version_conflict.html", context, status=409
        )
