"""The form of an indicator's value, typed by a coordinator in the staff pages and by an admin
in the Django admin alike, and the upload of a file of values."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .admin_forms import refuse_large_file
from .forms import DateField
from .indicator_files import read_number
from .models import IndicatorValue
from .versioning import VersionedForm

VALUE_MESSAGE = _("Write the value as a number, e.g. 17,2.")


class MeasuredValueField(forms.DecimalField):
    """A figure as a Swede types it (17,2; 17.2; 1 234,5), read as the CSV import reads it: in
    ASCII digits only. Python's Decimal also reads other scripts' digits (٣), exponents (1e3) and
    NaN, none of which anyone means by a survey's figure."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            number = read_number(value)
            if number is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = str(number)
        return super().to_python(value)

    def prepare_value(self, value):
        # As stored, 17.2 is 17.200: shown as typed, in the page's language (17,2 in Swedish).
        if isinstance(value, Decimal):
            return formats.localize_input(Decimal(format(value.normalize(), "f")))
        return value


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
        field_classes = {
            "measured_on": DateField,
            "value": MeasuredValueField,
            "source_url": HttpsURLField,
        }
        widgets = {
            "measured_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "value": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
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


class IndicatorValuesFileForm(forms.Form):
    """A CSV file of values (commitments.indicator_files), as small as the admin's activity
    files: a larger one is imported with the command."""

    file = forms.FileField(
        label=_("Values (CSV)"),
        help_text=_(
            "Columns: indicator, date, value, note, source_url (or in Swedish: indikator, datum, "
            "värde, anteckning, källa). A value replaces the one its indicator has on that date."
        ),
    )

    def __init__(self, *args, promise, **kwargs):
        super().__init__(*args, **kwargs)
        self.promise = promise

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return refuse_large_file(
            upload,
            settings.ADMIN_ACTIVITY_FILE_MAX_BYTES,
            f"python manage.py import_indicator_values {self.promise.slug} {upload.name}",
        )
