"""The admin's scope: what a local admin does not administer does not exist for them (404),
and history is shown, never reverted."""

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from simple_history.admin import SimpleHistoryAdmin

from .access import (
    administered,
    administers_record,
)
from .admin_bounds import IdAutocompleteSelect
from .admin_forms import ChoicesReadOnce
from .admin_lists import BoundedList
from .forms import IdsField

# ---------------------------------------------------------------------------------------------
# Local admins: what they do not administer does not exist for them (commitments.access).


def _scoped(field, request):
    if field is not None and hasattr(field, "queryset"):
        field.queryset = administered(request.user, field.queryset)
    return field


class ScopedChoices:
    """Rows, and the choices of every related field, narrowed to what the user administers.

    Related fields read only values that can be ids (commitments.admin_bounds): a form sent
    back with anything else is shown again with its error.
    """

    def get_queryset(self, request):
        return administered(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                IdAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return _scoped(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdsField)
        return _scoped(super().formfield_for_manytomany(db_field, request, **kwargs), request)


class ScopedInline(ScopedChoices):
    """An inline of ours: scoped choices, read once for all its rows (ChoicesReadOnce)."""

    formset = ChoicesReadOnce


class AdministeredOnly(BoundedList, ScopedChoices):
    """A model's admin for national and local admins alike; lists, autocomplete and popups
    read ``get_queryset``, and an object outside it is 404 (not the admin's redirect with a
    message), so that another municipality's object and one that never existed look alike.
    Its list is never counted whole (:class:`~commitments.admin_lists.BoundedList`)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" redirect, which names the object's address (a promise's short
    name): for objects the user administers only."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    try:
        administers = model is not None and (
            administered(request.user, model._default_manager.filter(pk=object_id)).exists()
        )
    except (ValueError, ValidationError):
        administers = False
    if not administers:
        raise Http404
    return shortcut(request, content_type_id, object_id)


class HistoryAdmin(AdministeredOnly, SimpleHistoryAdmin):
    """History is evidence: old versions are shown, never reverted (a POST to one is refused).
    A deleted object's history is its admins' (the promise it belonged to tells whose)."""

    def history_view(self, request, object_id, extra_context=None):
        self._check_record(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        self._check_record(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _check_record(self, request, object_id):
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        if not administers_record(request.user, self.model, pk):
            raise Http404
