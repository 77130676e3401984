"""The admin's scope: what a local admin does not administer does not exist for them (404),
and history is shown, never reverted."""

from collections import Counter

from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_access import administered, administers_record
from .admin_bounds import IdAutocompleteSelect
from .admin_forms import ChoicesReadOnce
from .admin_lists import BoundedList
from .form_errors import showing_every_error
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

    # Every form of the admin, alone or inline, shows the errors of the fields it leaves out.
    def get_form(self, request, obj=None, **kwargs):
        return showing_every_error(super().get_form(request, obj, **kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = showing_every_error(formset.form)
        return formset


class ScopedInline(ScopedChoices):
    """An inline of ours: scoped choices, read once for all its rows (ChoicesReadOnce)."""

    formset = ChoicesReadOnce


# A delete confirmation names this many objects of each kind; its summary counts them all.
NAMED_ON_DELETE = 20


def bounded_deleted_objects(objs, request, admin_site):
    """Django's ``get_deleted_objects``, naming at most NAMED_ON_DELETE objects of each kind
    (what will be deleted, and what prevents it): a municipality's organisation holds thousands
    of activities, and naming each one read its commitment, thousands of queries for one page.
    Whether the user may delete is still asked of every object."""
    objs = list(objs)
    if not objs:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed, named = set(), Counter()

    def format_callback(obj):
        opts = obj._meta
        model_admin = (
            admin_site.get_model_admin(obj.__class__)
            if admin_site.is_registered(obj.__class__)
            else None
        )
        if model_admin is not None and not model_admin.has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        named[opts.label] += 1
        if named[opts.label] > NAMED_ON_DELETE:
            return None
        if model_admin is None:
            return f"{capfirst(opts.verbose_name)}: {obj}"
        url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    to_delete = _named(collector.nested(format_callback))
    protected = _named([format_callback(obj) for obj in collector.protected])
    model_count = {
        model._meta.verbose_name_plural: len(found) for model, found in collector.model_objs.items()
    }
    if any(count > NAMED_ON_DELETE for count in named.values()):
        more = _("Only the first %(count)s of each kind are named.") % {"count": NAMED_ON_DELETE}
        (protected if protected else to_delete).append(more)
    return to_delete, model_count, perms_needed, protected


def _named(nested):
    """``nested`` without the objects not named (None), nor lists left empty by them."""
    kept = []
    for item in nested:
        if isinstance(item, list):
            item = _named(item)
            if item:
                kept.append(item)
        elif item is not None:
            kept.append(item)
    return kept


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

    def get_deleted_objects(self, objs, request):
        return bounded_deleted_objects(objs, request, self.admin_site)


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
