"""Helpers for the models' database constraints."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def one_of(field, choices, name, blank=False):
    """A check constraint that keeps a choices field to its choices (or empty, when ``blank``)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [*choices.values, *([""] if blank else [])]}),
        name=name,
        violation_error_message=_("Unknown value."),
        violation_error_code="invalid_choice",
    )
