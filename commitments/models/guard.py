"""The base of every model of ours: no free text may hold a personal identity number."""

from django.core.exceptions import ValidationError
from django.db import models

from ..validators import holds_personal_identity_number, personal_identity_number_error


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


class GuardedModel(models.Model):
    """A model whose free-text fields are guarded against personal identity numbers.

    The check runs in :meth:`clean_fields`, so every ModelForm (the staff forms, the admin and
    its inlines) and every import that calls ``full_clean()`` refuses such a number, with the
    error on the field that holds it. Every model of ``commitments`` and ``followup`` derives
    from it; a system check (``commitments.E001``) and a test that walks the apps' models
    refuse a model that does not.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in free_text_fields(type(self)):
            if exclude and field.name in exclude:
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
