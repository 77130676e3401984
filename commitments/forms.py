"""Forms of the staff pages."""

import datetime
import re
import uuid
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .converters import is_id
from .dates import EARLIEST, LATEST, InvalidDate, parse_date
from .enums import CommitmentKind, County, PromiseStatus
from .form_errors import ShowsEveryError
from .models import (
    DESCRIPTION_EMPTY_MESSAGE,
    DESCRIPTION_LENGTH_MESSAGE,
    MAX_DESCRIPTION,
    MAX_QUANTITY,
    QUANTITY_MESSAGE,
    Activity,
    Organisation,
    Promise,
)
from .services import next_promise_dates
from .versioning import OPENED_VERSION, VersionedForm

SUBMISSION = "submission"


class DateField(forms.DateField):
    """A date typed YYYY-MM-DD in the years 1900–2100, read by the one parser of typed dates."""

    def widget_attrs(self, widget):
        # A browser's date picker then offers only what the parser takes.
        return {
            **super().widget_attrs(widget),
            "min": EARLIEST.isoformat(),
            "max": LATEST.isoformat(),
        }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(value, name=self.label)
        except InvalidDate as error:
            raise ValidationError(str(error), code="invalid") from None


class QuantityField(forms.IntegerField):
    """A whole number written in ASCII digits. Python's ``int()`` also reads other scripts'
    digits (٢, ２) and Django's field "1.0"; a quantity is typed as 0–9 only."""

    _DIGITS = re.compile(r"\s*[0-9]+\s*")

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not self._DIGITS.fullmatch(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IdsField(forms.ModelMultipleChoiceField):
    """Choices of several rows (participants, responsible parties) that refuses a value that is
    no id before it reaches the database, whose SQLite driver fails on a number past 64 bits
    (Django guards a single id, not a list)."""

    def _check_values(self, value):
        for pk in value:
            if not self.to_field_name and not is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class KnownChoiceField(forms.ModelChoiceField):
    """A choice among ``queryset`` where some rows, ``known``, were read by the view already
    (the organisations one may log for, the commitment named in the address): a posted id of
    one of them is taken from them, not asked of the database again. They must be rows of
    ``queryset``."""

    def __init__(self, queryset, known=(), **kwargs):
        self.known = {str(row.pk): row for row in known}
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        key = str(value.pk if isinstance(value, models.Model) else value)
        if value not in self.empty_values and key in self.known:
            return self.known[key]
        return super().to_python(value)


class ActivityForm(VersionedForm):
    """Log or change an activity.

    ``commitments`` are those the user may report on; ``organisations`` the parties the user may
    report for (the organisation is fixed when there is only one). With a known ``commitment``
    the form asks only what applies to it: a kind from the quota's list, completion for a
    milestone.

    A change carries the version it was opened at (see :class:`VersionedForm`). A new activity
    carries a one-time token, ``submission``, stored with it: the same form posted twice logs
    one activity (the view returns the first). A post without a readable token gets a new one
    and is asked to be saved again.
    """

    class Meta:
        model = Activity
        fields = [
            "commitment", "occurred_on", "quantity", "kind", "completes", "description", "place",
            "participants", "organisation",
        ]  # fmt: skip
        field_classes = {"quantity": QuantityField, "participants": IdsField}
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "quantity": forms.NumberInput(attrs={"min": 1, "max": MAX_QUANTITY}),
            "description": forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DESCRIPTION}),
            "participants": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "quantity": {
                "invalid": QUANTITY_MESSAGE,
                "min_value": QUANTITY_MESSAGE,
                "max_value": QUANTITY_MESSAGE,
            },
            "description": {
                "required": DESCRIPTION_EMPTY_MESSAGE,
                "max_length": DESCRIPTION_LENGTH_MESSAGE,
            },
            "occurred_on": {"invalid": _("Write the date as YYYY-MM-DD.")},
        }

    def __init__(self, *args, promise, commitments, organisations, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        fields = self.fields
        fields["commitment"] = KnownChoiceField(
            commitments,
            # The one the address names, read from ``commitments`` (a change may move an
            # activity only to what the user may log in now: asked anew).
            [commitment] if commitment is not None and not self.instance.pk else [],
            label=fields["commitment"].label,
            help_text=fields["commitment"].help_text,
        )
        fields["commitment"].label_from_instance = lambda c: c.text
        fields["commitment"].empty_label = None if commitment else "—"
        if commitment is not None and not self.instance.pk:
            fields["commitment"].initial = commitment.pk
        fields["occurred_on"].widget.attrs["max"] = today.isoformat()
        if not self.instance.pk:
            fields["occurred_on"].initial = today

        self.promise, self.organisations = promise, list(organisations)
        fields["organisation"] = KnownChoiceField(
            Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
            organisations,
            label=fields["organisation"].label,
            help_text=fields["organisation"].help_text,
            empty_label=None,
        )
        if len(organisations) == 1:
            # Shown, so the user sees whom the activity is logged for, but not changeable.
            fields["organisation"].disabled = True
            fields["organisation"].initial = organisations[0].pk
        # Read only when shown or when some are posted.
        parties = Organisation.objects.filter(
            Q(pk__in=[promise.police_area_id, promise.municipality_id])
            | Q(promises_as_other_party=promise)
        ).distinct()
        if len(organisations) == 1:  # the one carrying it out does not also take part
            parties = parties.exclude(pk=organisations[0].pk)
        fields["participants"].queryset = parties
        fields["participants"].help_text = _("Other organisations that took part.")

        kinds = commitment.quota_kinds if commitment is not None else []
        if kinds:
            fields["kind"] = forms.ChoiceField(
                label=fields["kind"].label,
                choices=[(kind, kind.capitalize()) for kind in kinds],
                error_messages={
                    "invalid_choice": _("This commitment counts only: %(kinds)s.")
                    % {"kinds": ", ".join(kinds)}
                },
            )
        else:
            fields["kind"].help_text = _("For example: traffic check, school visit (optional).")
        if commitment is not None and commitment.kind != CommitmentKind.MILESTONE:
            del fields["completes"]

        self.expired = False
        if not self.instance.pk:
            del fields[OPENED_VERSION]
            fields[SUBMISSION] = forms.UUIDField(
                widget=forms.HiddenInput, required=False, initial=uuid.uuid4
            )
            if self.is_bound and self.submission is None:
                # Not from this form as we serve it (a page from before tokens, a crafted post):
                # give it a token and ask once more, rather than save without one.
                self.expired = True
                self.data = self.data.copy()
                self.data[self.add_prefix(SUBMISSION)] = str(uuid.uuid4())

    @property
    def submission(self):
        """The posted one-time token, or None when there is none or it is not a token."""
        if SUBMISSION not in self.fields or not self.is_bound:
            return None
        try:
            return uuid.UUID(str(self.data.get(self.add_prefix(SUBMISSION), "")))
        except ValueError:
            return None

    def clean_commitment(self):
        commitment = self.cleaned_data["commitment"]
        if commitment is not None:
            # The view's promise, already read (with its successor's start), not another copy.
            commitment.promise = self.promise
            if len(self.organisations) == 1:
                # The choices are the commitments the one organisation is responsible for.
                commitment.known_responsible = frozenset({self.organisations[0].pk})
        return commitment

    def clean(self):
        data = super().clean()
        if self.expired:
            raise ValidationError(
                _("The form had expired. Check what you entered and save again."),
                code="no_submission",
            )
        return data

    def save(self, commit=True):
        if SUBMISSION in self.fields:
            self.instance.submission = self.submission
        return super().save(commit)


class NextPromiseForm(ShowsEveryError, forms.ModelForm):
    """The title and dates of the promise that will replace ``promise`` (the copy made by
    :func:`~commitments.services.start_next_promise`).

    It offers the day after the old promise's end, or today if that is later, and the old
    promise's length. The model's rules check the dates: the end not before the start (a
    constraint), the successor starting after the promise it replaces.
    """

    valid_from = DateField(label=_("valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = DateField(label=_("valid until"), widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Promise
        fields = ["title", "valid_from", "valid_until"]

    def __init__(self, *args, promise, today, **kwargs):
        self.promise = promise
        start, end = next_promise_dates(promise, today)
        kwargs.setdefault(
            "initial", {"title": promise.title, "valid_from": start, "valid_until": end}
        )
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_until"):
            self.fields[name].widget.format = "%Y-%m-%d"

    def clean(self):
        data = super().clean()
        if data.get("valid_from"):
            error = Promise(valid_from=data["valid_from"]).replaces_error(self.promise)
            if error:
                self.add_error("valid_from", error)
        return data


class PromiseSearchForm(forms.Form):
    """The search of the public list: words to find in a municipality's name or its promises'
    titles and police areas, and filters by the status of the municipality's current promise,
    by county and by police area (``police_areas``: the (id, name) offered).

    A search longer than anyone types, or holding NUL (which PostgreSQL cannot take), a status,
    county or police area not offered, is an error on the form rather than a query.
    """

    # A draft is never public: the statuses a public promise can have.
    STATUSES = [status for status in PromiseStatus if status != PromiseStatus.DRAFT]

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Municipality, police area or words of the title."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *[(s.value, s.label) for s in STATUSES]],
        required=False,
        help_text=_("Of the municipality's current promise."),
    )
    county = forms.ChoiceField(
        label=_("County"), choices=[("", _("All counties")), *County.choices], required=False
    )
    police_area = forms.TypedChoiceField(
        label=_("Police area"), coerce=int, empty_value=None, required=False
    )

    FILTERS = ("status", "county", "police_area")  # rendered as they are (the search by hand)

    def __init__(self, *args, police_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["police_area"].choices = [("", _("All police areas")), *police_areas]
        for name in self.FILTERS:
            self.fields[name].widget.attrs["class"] = "form-select"

    def full_clean(self):
        super().full_clean()
        for name in self.FILTERS:
            if name in self.errors:  # Bootstrap marks the field and shows its error
                self.fields[name].widget.attrs["class"] = "form-select is-invalid"

    def filters(self):
        """What the valid form asks for, as :func:`commitments.public_list.current_promises`
        takes it."""
        data = self.cleaned_data
        return {
            "query": data["q"],
            "status": data["status"],
            "county": data["county"],
            "police_area": data["police_area"],
        }

    def query(self):
        """The search as a query string for the other pages of the list ("" when none)."""
        return urlencode({name: value for name, value in self.cleaned_data.items() if value})
