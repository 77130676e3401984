"""Forms of a promise's local problems: raise one, and each of its steps.

The forms read what is typed (days, choices, texts); the steps' rules (order, days, who) are
:mod:`commitments.problems`', whose refusals the views put on these forms' fields. Each step's
form carries the version of the problem it was opened at: a step taken since makes its post
stale (409), never a second step over the first.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import CommitmentKind, QuotaPer
from .form_errors import ShowsEveryError
from .forms import DateField, IdsField, QuantityField
from .models import Commitment, FocusArea, LocalProblem
from .problems import REASON_LENGTH, Measure
from .versioning import NO_VERSION_MESSAGE, OPENED_VERSION, OpenedVersionField

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_MESSAGES = {"invalid": _("Write the date as YYYY-MM-DD.")}
# How many empty measures the plan's form offers (more can be added once it is adopted, in the
# admin); no JavaScript adds rows.
MEASURE_ROWS = 3


def step_date(label):
    field = DateField(label=label, widget=DATE_WIDGET, error_messages=DATE_MESSAGES)
    field.widget.attrs["max"] = timezone.localdate().isoformat()
    field.initial = timezone.localdate
    return field


def put_refusal(form, error):
    """Put a step's refusal (a ValidationError, by field or not) on ``form``: on the field it
    names where the form has it, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ProblemForm(ShowsEveryError, forms.ModelForm):
    """A new local problem: its title, focus area (one of the promise's), description, place
    and the day it was raised (today by default). The personal-data guard reads every text in
    the model's ``full_clean``, and says so on the field."""

    raised_on = step_date(_("Day raised"))

    class Meta:
        model = LocalProblem
        fields = ["title", "focus_area", "description", "place", "raised_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, promise, **kwargs):
        super().__init__(*args, **kwargs)
        areas = FocusArea.objects.filter(promise=promise).order_by("position", "pk")
        self.fields["focus_area"].queryset = areas
        self.fields["focus_area"].empty_label = None
        self.fields["raised_on"].required = True
        self.fields["description"].help_text = _("What the problem is. Never personal data.")


class StepForm(forms.Form):
    """A step of a local problem, opened at the problem's ``version``."""

    opened_version = OpenedVersionField(
        min_value=1,
        error_messages={"required": NO_VERSION_MESSAGE, "invalid": NO_VERSION_MESSAGE},
    )

    def __init__(self, *args, problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.problem = problem
        self.fields[OPENED_VERSION].initial = problem.version

    def clean(self):
        data = super().clean()
        # A hidden field's error would show nowhere: say it above the form.
        if self.errors.pop(OPENED_VERSION, None) is not None:
            self.add_error(None, ValidationError(NO_VERSION_MESSAGE, code="no_version"))
        return data

    @property
    def version(self):
        return self.cleaned_data.get(OPENED_VERSION)

    def refused(self, error):
        put_refusal(self, error)


class ConveneForm(StepForm):
    convened_on = step_date(_("Day of the meeting"))
    participants = IdsField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Participating organisations"),
        help_text=_("The parties of the promise that took part in the meeting."),
    )
    meeting_note = forms.CharField(
        label=_("Note from the meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was decided. Never personal data."),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = parties


class AdoptForm(StepForm):
    plan_adopted_on = step_date(_("Day adopted"))
    action_plan = forms.CharField(
        label=_("Action plan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The plan as BRÅ adopted it; its measures are listed below."),
        error_messages={"required": _("Write the action plan.")},
    )


class CloseForm(StepForm):
    closed_on = step_date(_("Day closed"))
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What changed."),
        error_messages={"required": _("Say what changed.")},
    )


class ReopenForm(StepForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_LENGTH,
        help_text=_("Why the problem is opened again. Kept in its history."),
        error_messages={"required": _("Say why the problem is reopened.")},
    )


class TakeBackForm(StepForm):
    """Take the convening back: nothing to fill in but the version."""


MEASURE_KINDS = [
    (CommitmentKind.QUOTA, _("Quota: a number of activities per period")),
    (CommitmentKind.MILESTONE, _("Milestone: done once")),
    (CommitmentKind.ONGOING, _("Ongoing: active while activities are logged")),
]


class MeasureForm(forms.Form):
    """A measure of the action plan, to become a commitment of the problem. A row left as it
    was offered is no measure."""

    text = forms.CharField(
        label=_("Measure of the plan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible = IdsField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Responsible"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MEASURE_KINDS, initial=CommitmentKind.QUOTA)
    target = QuantityField(
        label=_("Target"),
        required=False,
        min_value=1,
        help_text=_("For a quota: how many per period."),
    )
    per = forms.ChoiceField(label=_("Per"), choices=[("", "—"), *QuotaPer.choices], required=False)
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=100,
        help_text=_("For a quota, e.g. checks."),
    )
    due_on = DateField(
        label=_("Due on"),
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_MESSAGES,
        help_text=_("For a milestone (optional)."),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = parties

    def has_changed(self):
        # The choices always send a value: a row is filled in by what is typed or ticked.
        return bool(set(self.changed_data) - {"kind", "per"})

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip():
            self.add_error("text", ValidationError(_("Describe the measure."), code="required"))
        if not data.get("responsible"):
            self.add_error(
                "responsible", ValidationError(_("Choose at least one party."), code="no_party")
            )
        if data.get("kind") == CommitmentKind.QUOTA:
            if not data.get("target"):
                self.add_error(
                    "target", ValidationError(_("A quota needs a target."), code="required")
                )
            if not data.get("per"):
                self.add_error(
                    "per", ValidationError(_("A quota needs a period."), code="required")
                )
        self._guard(data)
        return data

    def _guard(self, data):
        """The texts pass the guard of every text (a personal identity number, NUL), with the
        model's message on this form's field."""
        fields = {"text": "text", "quota_unit": "unit"}
        probe = Commitment(text=data.get("text", ""), quota_unit=data.get("unit", ""))
        others = [f.name for f in Commitment._meta.fields if f.name not in fields]
        try:
            probe.clean_fields(exclude=others)
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                if fields[name] not in self.errors:
                    self.add_error(fields[name], errors)

    def measure(self):
        data = self.cleaned_data
        return Measure(
            text=data["text"],
            responsible=list(data["responsible"]),
            kind=data["kind"],
            target=data.get("target"),
            per=data.get("per") or "",
            unit=data.get("unit") or "",
            due_on=data.get("due_on"),
        )


MeasureFormSet = formset_factory(MeasureForm, extra=MEASURE_ROWS, max_num=20, absolute_max=20)


def measure_formset(data, parties):
    return MeasureFormSet(data, prefix="measures", form_kwargs={"parties": parties})


def measures_of(formset):
    """The measures of the rows filled in."""
    return [form.measure() for form in formset if form.has_changed() and form.cleaned_data]
