"""Editing against a version: the forms' side of :mod:`commitments.models.versions`.

A form for an existing row carries the version the row had when the form was opened (a hidden
field) and hands it to the save, which refuses it with :class:`StaleVersion` when the row has
changed since. The page that says so shows, field by field, what the user sent and what stands
now (:func:`differences`); nothing is saved over.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .form_errors import ShowsEveryError
from .models import StaleVersion

OPENED_VERSION = "opened_version"
NO_VERSION_MESSAGE = gettext_lazy(
    "The form does not say which version it was opened at. Open the page again and make your "
    "change there."
)


class OpenedVersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        # Not a change to the object: an inline row nobody touched is neither saved nor checked.
        return False


class VersionedForm(ShowsEveryError, forms.ModelForm):
    """A ModelForm of a :class:`~commitments.models.Versioned` model whose save is refused
    (:class:`StaleVersion`, with ``form`` set) when the row changed after the form was opened.

    A new object has no version yet: the field is then optional and ignored.
    """

    opened_version = OpenedVersionField(
        required=False,
        min_value=1,
        error_messages={"required": NO_VERSION_MESSAGE, "invalid": NO_VERSION_MESSAGE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(OPENED_VERSION)
        if field is not None and self.instance.pk is not None:
            field.initial = self.instance.version
            field.required = True

    def clean(self):
        data = super().clean()
        # A hidden field's error would show nowhere: say it above the form.
        error = self.errors.pop(OPENED_VERSION, None)
        if error is not None:
            self.add_error(None, ValidationError(NO_VERSION_MESSAGE, code="no_version"))
        return data

    def save(self, commit=True):
        if self.instance.pk is not None and self.cleaned_data.get(OPENED_VERSION):
            self.instance.opened_version = self.cleaned_data[OPENED_VERSION]
        try:
            return super().save(commit)
        except StaleVersion as stale:
            stale.form = self
            raise


@dataclass(frozen=True)
class Difference:
    """A field whose value the user sent differs from the one saved meanwhile."""

    label: str
    yours: str
    current: str


def differences(form, current):
    """The fields of ``form`` whose cleaned value differs from ``current``'s (the row as it is
    now), in the form's order, each shown as the form shows it."""
    rows = []
    for name, field in form.fields.items():
        if name == OPENED_VERSION or name not in form.cleaned_data:
            continue
        try:
            model_field = current._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.primary_key:  # an inline row's own id
            continue
        yours, now = form.cleaned_data[name], _value(current, model_field)
        if _comparable(yours) != _comparable(now):
            rows.append(
                Difference(
                    str(form[name].label),
                    _shown(field, model_field, yours),
                    _shown(field, model_field, now),
                )
            )
    return rows


def _value(instance, model_field):
    if model_field.many_to_many:
        return list(getattr(instance, model_field.name).all())
    if model_field.is_relation:
        return getattr(instance, model_field.name)
    return getattr(instance, model_field.attname)


def _is_many(value):
    return isinstance(value, list | tuple | set | frozenset | models.QuerySet)


def _comparable(value):
    if value in (None, ""):
        return None
    if isinstance(value, models.Model):
        return ("pk", value.pk)
    if _is_many(value):
        return frozenset(_comparable(item) for item in value) or None
    return value


def _shown(form_field, model_field, value):
    if value in (None, "") or _is_many(value) and not value:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    label = getattr(form_field, "label_from_instance", str)
    if isinstance(value, models.Model):
        return label(value)
    if _is_many(value):
        return ", ".join(
            sorted(label(item) if isinstance(item, models.Model) else str(item) for item in value)
        )
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
