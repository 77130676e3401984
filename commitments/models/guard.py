"""The base of every model of ours: no free text may hold a personal identity number or a
character no text may hold, and no date lies outside the years 1900–2100."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..dates import FIRST_YEAR, LAST_YEAR, in_bounds
from ..texts import clean_value, damage, damage_error
from ..validators import holds_personal_identity_number, personal_identity_number_error

DATE_BOUNDS_MESSAGE = _("%(field)s must be a date in the years %(first)s–%(last)s.")


def is_free_text(field):
    """Whether a model field holds text someone typed or imported.

    Every CharField and TextField (slugs, URLs, names, titles, kinds included) that is not a
    choices field, every JSONField (the texts inside it: Commitment.quota_kinds) and every
    FileField (the file's name: an attachment named after a person).
    """
    if isinstance(field, models.JSONField | models.FileField):
        return True
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def free_text_fields(model):
    """The concrete free-text fields of ``model``, in their order."""
    return [field for field in model._meta.concrete_fields if is_free_text(field)]


def date_fields(model):
    """The concrete fields of ``model`` that hold a day (not a moment: no DateTimeField)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    ]


class GuardedModel(models.Model):
    """A model whose free texts and dates are guarded.

    The checks run in :meth:`clean_fields`, so every ModelForm (the staff forms, the admin and
    its inlines) and every import that calls ``full_clean()`` gets them, with the error on the
    field concerned:

    - every free text is cleaned as :mod:`commitments.texts` says (line breaks made newlines,
      other control characters stripped) and refused when it holds NUL or a lone surrogate;
    - every free text is refused when it holds a personal identity number;
    - every date must lie in the years 1900–2100 (:mod:`commitments.dates`), as every date
      typed into an address must.

    Every model of ``commitments`` and ``followup`` derives from it; a system check
    (``commitments.E001``) and a test that walks the apps' models refuse a model that does not.
    """

    class Meta:
        abstract = True

    def _rows_held(self):
        """Foreign keys whose row the instance holds as read from the database: that row exists,
        and Django would ask the database again to be sure (a query each)."""
        held = set()
        for field in type(self)._meta.concrete_fields:
            if not field.many_to_one or field.remote_field.limit_choices_to:
                continue
            row = field.get_cached_value(self, default=None) if field.is_cached(self) else None
            if row is not None and not row._state.adding and row.pk == getattr(self, field.attname):
                held.add(field.name)
        return held

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        texts = [f for f in free_text_fields(type(self)) if f.name not in exclude]
        for field in texts:
            if isinstance(field, models.FileField):
                stored = getattr(self, field.attname)
                if stored.name:  # a file's name is a text too
                    stored.name = clean_value(stored.name)
                value = stored.name
            else:
                value = clean_value(getattr(self, field.attname))
                setattr(self, field.attname, value)
            character = damage(value)
            if character:
                # Nothing else is said of a damaged text, nor is it looked for in the database.
                errors[field.name] = [damage_error(character, field.verbose_name)]
        damaged = set(errors)
        try:
            super().clean_fields(exclude=exclude | damaged | self._rows_held())
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in date_fields(type(self)):
            value = getattr(self, field.attname)
            if field.name in exclude | errors.keys() or not isinstance(value, datetime.date):
                continue
            if not in_bounds(value):
                errors[field.name] = [
                    ValidationError(
                        DATE_BOUNDS_MESSAGE,
                        code="date_out_of_bounds",
                        params={
                            "field": capfirst(field.verbose_name),
                            "first": FIRST_YEAR,
                            "last": LAST_YEAR,
                        },
                    )
                ]
        for field in texts:
            if field.name in damaged:
                continue
            value = getattr(self, field.attname)
            if isinstance(field, models.FileField):
                value = value.name
            if holds_personal_identity_number(value):
                errors.setdefault(field.name, []).append(
                    personal_identity_number_error(field.verbose_name)
                )
        if errors:
            raise ValidationError(errors)
