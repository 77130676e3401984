"""Every error a form's model finds, said where its user reads it.

A model's rules (its ``clean()``) may name a field a form does not show: an admin inline shows
a few of a local problem's fields, not its later steps' days; a plan's move form shows its day,
place and note, not its organisation, which the commitment's responsible parties may no longer
include. Django then fails with a ValueError ("has no field named"): a server error where the
user should be told. :class:`ShowsEveryError` says such an error above the form instead, after
its field's name; a form whose change those rules do not concern (cancelling a plan) leaves them
out (``errors_of_fields_not_shown = IGNORE``).
"""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils.text import capfirst

SHOW, IGNORE = "show", "ignore"


class ShowsEveryError:
    """For a ModelForm: the errors of the fields it does not show, above the form (or none)."""

    errors_of_fields_not_shown = SHOW

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            kept = {}
            for name, errors in error.error_dict.items():
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    if self.errors_of_fields_not_shown == IGNORE:
                        continue
                    label = capfirst(_field_label(self._meta.model, name))
                    errors = [ValidationError(f"{label}: {text}") for e in errors for text in e]
                    name = NON_FIELD_ERRORS
                kept.setdefault(name, []).extend(errors)
            if not kept:
                return
            error = ValidationError(kept)
        super().add_error(field, error)


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def showing_every_error(form_class):
    """``form_class`` with :class:`ShowsEveryError` (once)."""
    if issubclass(form_class, ShowsEveryError):
        return form_class
    return type(form_class.__name__, (ShowsEveryError, form_class), {})
