"""The form of an indicator's value: typed by a coordinator in the staff pages and by an admin
in the Django admin alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DateField
from .models import IndicatorValue
from .versioning import VersionedForm

VALUE_MESSAGE = _("Write the value as a number, e.g. 17,2.")


class HttpsURLField(forms.URLField):
    """A source's address; one typed without a scheme is taken as https."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class IndicatorValueForm(VersionedForm):
    """A measurement: its date, its value (a decimal comma or point), a note and its source.

    A change carries the version it was opened at (:class:`VersionedForm`). A new value for a
    date that already has one is refused here and named; the CSV import replaces it instead.
    """

    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value", "note", "source_url"]
        field_classes = {"measured_on": DateField, "source_url": HttpsURLField}
        widgets = {
            "measured_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "value": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        localized_fields = ["value"]
        error_messages = {
            "value": {
                "invalid": VALUE_MESSAGE,
                "max_digits": VALUE_MESSAGE,
                "max_decimal_places": _("Write the value with at most three decimals."),
                "max_whole_digits": VALUE_MESSAGE,
            },
            "measured_on": {"invalid": _("Write the date as YYYY-MM-DD.")},
        }

    def clean(self):
        data = super().clean()
        # The indicator is not a field of the form, so Django does not check (indicator, date).
        day = data.get("measured_on")
        instance = self.instance
        if day is not None and instance.indicator_id is not None:
            taken = IndicatorValue.objects.filter(indicator=instance.indicator_id, measured_on=day)
            if taken.exclude(pk=instance.pk).exists():
                self.add_error("measured_on", IndicatorValue.date_taken_message)
        return data
