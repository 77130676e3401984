"""The activity admin's erasure: remove a text (personal data) from activities and their history.

Reached three ways: the action on the activity list (chosen activities), the "Remove a text" link
on an activity's admin page and history page, and the list of deleted activities (whose history
is all that is left; its address is ``deleted/``). Each asks for the text and the reason first.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import administered_promises, can_administer, is_national_admin
from .erasure import ErasureError, erase_text_in
from .models import MAX_DESCRIPTION, Activity, Commitment, Erasure

DELETED_PAGE_SIZE = 100


class ErasureForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text to remove"),
        max_length=MAX_DESCRIPTION,
        help_text=gettext_lazy(
            "Every occurrence, in any case, in the description, place and kind of the activity "
            "and of every version in its history, is replaced by “[borttaget]”."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=Erasure._meta.get_field("reason").max_length,
        help_text=gettext_lazy(
            "Kept with the erasure and shown on the activity's page. Do not repeat the text."
        ),
    )


@dataclass
class Target:
    """An activity to erase from, as the page lists it; a deleted one as it last was."""

    pk: int
    occurred_on: date
    commitment: Commitment | None  # None once a deleted activity's commitment is gone too
    deleted: bool

    def administered_by(self, user):
        if self.commitment is None:
            return is_national_admin(user)
        return can_administer(user, self.commitment.promise)


def targets(ids):
    """The activities ``ids`` (a deleted one as its history last has it), in the order given."""
    found = {
        a.pk: Target(a.pk, a.occurred_on, a.commitment, False)
        for a in Activity.objects.filter(pk__in=ids).select_related("commitment__promise")
    }
    gone = [pk for pk in ids if pk not in found]
    if gone:
        records = list(
            Activity.history.filter(id__in=gone).order_by("id", "history_date", "history_id")
        )
        commitments = Commitment.objects.select_related("promise").in_bulk(
            {r.commitment_id for r in records}
        )
        for record in records:  # the latest version of each is the one kept
            found[record.id] = Target(
                record.id, record.occurred_on, commitments.get(record.commitment_id), True
            )
    return [found[pk] for pk in ids if pk in found]


class ActivityErasureAdmin:
    """Mixed into the activity admin (before its ModelAdmin base)."""

    erasure_template = "admin/commitments/activity/erase.html"
    deleted_template = "admin/commitments/activity/deleted.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        own = [
            path("deleted/", view(self.deleted_view), name="commitments_activity_deleted"),
            path(
                "<id:activity_id>/erase/", view(self.erase_view), name="commitments_activity_erase"
            ),
        ]
        return own + super().get_urls()

    @admin.action(
        description=gettext_lazy("Remove a text (personal data) from the activities and history"),
        permissions=["change"],
    )
    def erase_personal_data(self, request, queryset):
        return self.erase_page(request, list(queryset.values_list("pk", flat=True)), action=True)

    def erase_view(self, request, activity_id):
        """The same page for one activity, deleted or not, by its id."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        return self.erase_page(request, [activity_id], action=False)

    def erase_page(self, request, ids, *, action):
        chosen = targets(ids)
        if not chosen:
            raise Http404
        if not all(target.administered_by(request.user) for target in chosen):
            raise Http404  # another municipality's activity does not exist for a local admin
        form = ErasureForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                erasures, missing = erase_text_in(
                    [t.pk for t in chosen],
                    form.cleaned_data["text"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
            except ErasureError as error:
                form.add_error("text", str(error))
            else:
                self._report(request, erasures, missing)
                if action:
                    return redirect("admin:commitments_activity_changelist")
                return redirect("admin:commitments_activity_history", chosen[0].pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Remove a text from activities and their history"),
            "form": form,
            "targets": chosen,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.erasure_template, context)

    def _report(self, request, erasures, missing):
        for erasure in erasures:
            self.message_user(
                request,
                _("Removed the text from %(fields)s of activity %(id)s and its history.")
                % {"fields": erasure.field_labels(), "id": erasure.activity_id},
                messages.SUCCESS,
            )
        if missing:
            self.message_user(
                request,
                _("The text was not in activity %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in missing)},
                messages.WARNING,
            )

    def deleted_view(self, request):
        """Deleted activities of the promises the user administers, newest deletion first."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        records = (
            Activity.history.filter(
                history_type="-", commitment__promise__in=administered_promises(request.user)
            )
            # Not deleted again after a restore: an anti-join (NOT IN a subquery of a million
            # ids was costed so high that PostgreSQL compiled it, 0.4 s of JIT).
            .exclude(Exists(Activity.objects.filter(pk=OuterRef("id"))))
            .select_related("commitment__promise", "history_user")
            .order_by("-history_date", "-history_id")
        )
        page = Paginator(records, DELETED_PAGE_SIZE).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Deleted activities"),
            "page": page,
        }
        return TemplateResponse(request, self.deleted_template, context)
