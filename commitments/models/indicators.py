"""Outcome indicators: what the promise is meant to change, measured over the years.

An indicator (the share who feel unsafe at night, pupils who have tried narcotics, reported
crimes per 1,000 inhabitants) belongs to a promise and, optionally, to one of its focus areas.
It has a baseline and an optional target; its values are dated measurements, each from a
source. Whether it improves is :func:`followup.indicators.trend`.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from ..dates import in_bounds
from ..enums import IndicatorDirection, IndicatorUnit
from .constraints import one_of
from .guard import GuardedModel
from .promises import FocusArea, Promise
from .records import History
from .versions import Versioned

# Values are figures from surveys and statistics: up to 999,999,999.999.
MAX_DIGITS = 12
DECIMAL_PLACES = 3


def measurement_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, **kwargs
    )


class Indicator(Versioned, GuardedModel):
    """An indikator of a promise: its name, unit, direction, source, baseline and target."""

    promise = models.ForeignKey(
        Promise,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("promise"),
        db_index=False,  # first in the unique (promise, key)
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        db_index=False,
        help_text=_("Short, unique within the promise; used when importing values."),
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(
        _("unit"), max_length=20, choices=IndicatorUnit, default=IndicatorUnit.PERCENT
    )
    direction = models.CharField(
        _("direction"),
        max_length=20,
        choices=IndicatorDirection,
        default=IndicatorDirection.LOWER_IS_BETTER,
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("For example: Polisens trygghetsmätning, drogvaneundersökningen."),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("focus area"),
    )
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_value = measurement_field(_("baseline value"), null=True, blank=True)
    target = measurement_field(
        _("target value"), null=True, blank=True, help_text=_("Optional: the value aimed for.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    history = History()
    stale_message = _("Someone else has changed the indicator since you opened it.")
    deleted_message = _("Someone else has deleted the indicator since you opened it.")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["promise", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "key"],
                name="indicator_key_unique_per_promise",
                violation_error_message=_("The promise already has an indicator with this key."),
            ),
            one_of("unit", IndicatorUnit, "indicator_unit_valid"),
            one_of("direction", IndicatorDirection, "indicator_direction_valid"),
            models.CheckConstraint(
                condition=Q(baseline_on__isnull=True, baseline_value__isnull=True)
                | Q(baseline_on__isnull=False, baseline_value__isnull=False),
                name="indicator_baseline_date_and_value",
                violation_error_message=_("A baseline needs both a date and a value."),
                violation_error_code="baseline_incomplete",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.focus_area_id and self.promise_id and self.focus_area.promise_id != self.promise_id:
            errors["focus_area"] = ValidationError(
                _("The focus area belongs to another promise."), code="other_promise"
            )
        if (self.baseline_on is None) != (self.baseline_value is None):
            field = "baseline_value" if self.baseline_value is None else "baseline_on"
            errors[field] = ValidationError(
                _("A baseline needs both a date and a value."), code="baseline_incomplete"
            )
        if errors:
            raise ValidationError(errors)


class IndicatorValue(Versioned, GuardedModel):
    """A measurement of an indicator: its date, its value, where it comes from."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator"),
        db_index=False,  # first in the unique (indicator, measured_on)
    )
    measured_on = models.DateField(
        _("date"), help_text=_("The day the measurement refers to, e.g. the survey's date.")
    )
    value = measurement_field(_("value"))
    note = models.TextField(_("note"), blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = History()
    stale_message = _("Someone else has changed the value since you opened it.")
    deleted_message = _("Someone else has deleted the value since you opened it.")
    date_taken_message = _("The indicator already has a value for this date. Change that one.")

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="indicator_value_unique_per_date",
                violation_error_message=_(
                    "The indicator already has a value for this date. Change that one."
                ),
            )
        ]

    def __str__(self):
        return f"{self.measured_on.isoformat()}: {self.value}"

    def clean(self):
        # A measurement is of a day that has come: a later one is a typo (2062 for 2026). A day
        # outside the years 1900–2100 is refused as such already (GuardedModel).
        day = self.measured_on
        if isinstance(day, datetime.date) and in_bounds(day) and day > localdate():
            raise ValidationError(
                {
                    "measured_on": ValidationError(
                        _("A value is measured on a day that has come: not after %(today)s."),
                        code="future",
                        params={"today": localdate().isoformat()},
                    )
                }
            )
