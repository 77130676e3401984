"""Forms of planned activities: plan one, move it, cancel it, and the filter of the plan list."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import InvalidDate, parse_date
from .enums import PlanStatus
from .form_errors import IGNORE
from .forms import KnownChoiceField
from .models import Organisation, PlannedActivity
from .models.commitments import normalise_kind
from .versioning import OPENED_VERSION, VersionedForm

PAST_MESSAGE = _("A plan cannot be dated before today.")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_day(form, promise, day):
    """A plan's day in a staff form: from today on (within the days the promise is in force
    is the model's rule, PlannedActivity.clean)."""
    if day is not None and day < timezone.localdate():
        form.add_error("planned_on", ValidationError(PAST_MESSAGE, code="past"))


class PlanForm(VersionedForm):
    """Plan an activity: a day from today on, one of the commitments the user may log on, the
    organisation that will carry it out (one of the commitment's responsible parties among
    those the user logs for), and optionally the kind, the place and a note.

    The personal-data guard reads every text in the model's ``full_clean``.
    """

    class Meta:
        model = PlannedActivity
        fields = ["commitment", "planned_on", "organisation", "kind", "place", "note"]
        widgets = {"planned_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"planned_on": {"invalid": _("Write the date as YYYY-MM-DD.")}}

    def __init__(self, *args, promise, commitments, organisations, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.promise, self.organisations = promise, list(organisations)
        fields = self.fields
        fields["commitment"] = KnownChoiceField(
            commitments,
            [commitment] if commitment is not None else [],
            label=fields["commitment"].label,
            empty_label=None if commitment else "—",
        )
        fields["commitment"].label_from_instance = lambda c: c.text
        if commitment is not None:
            # The form's initial (the new plan's, without a commitment) outweighs the field's.
            fields["commitment"].initial = self.initial["commitment"] = commitment.pk
        fields["planned_on"].widget.attrs["min"] = timezone.localdate().isoformat()
        fields["organisation"] = KnownChoiceField(
            Organisation.objects.filter(pk__in=[o.pk for o in self.organisations]),
            self.organisations,
            label=fields["organisation"].label,
            empty_label=None,
        )
        if len(self.organisations) == 1:
            fields["organisation"].disabled = True
            fields["organisation"].initial = self.organisations[0].pk
            self.initial["organisation"] = self.organisations[0].pk
        kinds = commitment.quota_kinds if commitment is not None else []
        if kinds:
            fields["kind"] = forms.ChoiceField(
                label=fields["kind"].label,
                choices=[(kind, kind.capitalize()) for kind in kinds],
            )
        else:
            fields["kind"].help_text = _("For example: traffic check, school visit (optional).")
        if self.instance.pk is None:
            del fields[OPENED_VERSION]

    def clean_kind(self):
        return self.cleaned_data["kind"].strip()

    def clean(self):
        # The organisation, the kind and the days in force are the model's to check
        # (PlannedActivity.clean, for the admin too); the form adds: from today on.
        data = super().clean()
        commitment = data.get("commitment")
        check_day(self, self.promise, data.get("planned_on"))
        if commitment is not None:
            commitment.promise = self.promise  # the view's, already read
            kind = data.get("kind")
            if kind and commitment.quota_kinds and commitment.allows_kind(kind):
                data["kind"] = normalise_kind(kind)
        return data


class PlanMoveForm(VersionedForm):
    """Move a plan: another day (from today on), place or note."""

    class Meta:
        model = PlannedActivity
        fields = ["planned_on", "place", "note"]
        widgets = PlanForm.Meta.widgets
        error_messages = PlanForm.Meta.error_messages

    def __init__(self, *args, promise, **kwargs):
        super().__init__(*args, **kwargs)
        self.promise = promise
        self.fields["planned_on"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean(self):
        data = super().clean()
        if "planned_on" in self.changed_data:  # an overdue plan keeps its day when not moved
            check_day(self, self.promise, data.get("planned_on"))
        return data


class PlanCancelForm(VersionedForm):
    """Cancel a plan, saying why (kept in its history). A plan whose organisation is no longer
    responsible for its commitment, or whose day is no longer in force, is cancelled all the
    same: the rules of a plan to carry out do not concern one given up."""

    errors_of_fields_not_shown = IGNORE

    class Meta:
        model = PlannedActivity
        fields = ["cancel_reason"]
        widgets = {"cancel_reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cancel_reason"].required = True
        self.fields["cancel_reason"].error_messages["required"] = _(
            "Say why the plan is cancelled."
        )

    def save(self, commit=True):
        self.instance.status = PlanStatus.CANCELLED
        return super().save(commit)


class PlanFilterForm(forms.Form):
    """The plan list's filter: what state, whose, on which commitment, in which month."""

    OPEN, ALL = "open", "all"

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (OPEN, _("Open plans")),
            (PlanStatus.DONE, _("Carried out")),
            (PlanStatus.CANCELLED, _("Cancelled")),
            (ALL, _("All plans")),
        ],
    )
    organisation = forms.ModelChoiceField(
        label=_("Carried out by"), queryset=Organisation.objects.none(), required=False
    )
    commitment = forms.ModelChoiceField(
        label=_("Commitment"), queryset=None, required=False, empty_label="—"
    )
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )

    def __init__(self, *args, promise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in promise.parties()]
        ).order_by("name")
        self.fields["commitment"].queryset = promise.commitments.order_by(
            "focus_area__position", "local_problem__position", "position", "pk"
        )
        self.fields["commitment"].label_from_instance = lambda c: c.text

    def clean_month(self):
        """The first day of the month typed as YYYY-MM (years 1900–2100), or None."""
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            return parse_date(f"{value}-01", name=self.fields["month"].label)
        except InvalidDate:
            raise ValidationError(_("Write the month as YYYY-MM."), code="invalid") from None

    def filter(self, plans):
        data = self.cleaned_data
        show = data.get("show") or self.OPEN
        if show == self.OPEN:
            plans = plans.filter(status=PlanStatus.OPEN)
        elif show != self.ALL:
            plans = plans.filter(status=show)
        if data.get("organisation"):
            plans = plans.filter(organisation=data["organisation"])
        if data.get("commitment"):
            plans = plans.filter(commitment=data["commitment"])
        if data.get("month"):
            first = data["month"]
            following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            plans = plans.filter(planned_on__gte=first, planned_on__lt=following)
        return plans


def done_initial(plan, today):
    """The activity form's first values for a plan carried out: the plan's day if it has
    passed, else today; its kind, place, and note as the description's start."""
    return {
        "occurred_on": min(plan.planned_on, today),
        "kind": plan.kind,
        "place": plan.place,
        "description": plan.note,
        "organisation": plan.organisation_id,
        "commitment": plan.commitment_id,
    }
