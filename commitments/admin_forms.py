"""The admin's forms: commitments (alone and inline), promise and activity files."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .enums import CommitmentKind, DisplacedActivities
from .models import (
    Commitment,
    LocalProblem,
    Organisation,
    Promise,
)
from .versioning import VersionedForm


class KindsField(forms.CharField):
    """Activity kinds as one comma-separated line ("trafikkontroll, skolbesök")."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in (value or "").split(",") if part.strip()]


class CommitmentForm(VersionedForm):
    """Used alone and inline: keeps choices to the promise and drops fields of other kinds; each
    carries the version it was opened at (see :mod:`commitments.admin_versions`)."""

    quota_kinds = KindsField(
        label=_("activity kinds that count"),
        required=False,
        help_text=_("Comma-separated. Leave empty to count every activity."),
    )

    class Meta:
        model = Commitment
        fields = [
            "promise", "focus_area", "local_problem", "parent", "group", "key", "position", "text",
            "responsible", "kind", "quota_target", "quota_per", "quota_unit", "quota_unit_one",
            "quota_average", "quota_kinds", "due_on", "follows", "publish_activities",
        ]  # fmt: skip
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "responsible": forms.CheckboxSelectMultiple,
        }

    # Set on the inline's form class to the promise being edited.
    parent_promise = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._meta.fields is not None and "quota_kinds" not in self._meta.fields:
            # Not shown (a promise page's row): kept, it would count the row as changed on
            # every save, and a row counted as changed is saved and has its version checked.
            del self.fields["quota_kinds"]
        promise = self.parent_promise or (
            self.instance.promise if self.instance.promise_id else None
        )
        if promise is not None and promise.pk:
            self.limit_to(promise)

    def limit_to(self, promise):
        limits = {
            "promise": Promise.objects.filter(pk=promise.pk),
            "focus_area": promise.focus_areas.all(),
            "local_problem": LocalProblem.objects.filter(focus_area__promise=promise),
            "parent": promise.commitments.exclude(pk=self.instance.pk),
            "follows": promise.commitments.exclude(pk=self.instance.pk),
            "responsible": Organisation.objects.filter(pk__in=[o.pk for o in promise.parties()]),
        }
        for name, queryset in limits.items():
            if name in self.fields:
                self.fields[name].queryset = queryset

    def clean(self):
        data = super().clean()
        kind = data.get("kind", self.instance.kind)
        # A commitment changed from a quota to another kind keeps no quota (and vice versa for
        # the due date): clear them rather than refuse the change.
        if kind != CommitmentKind.QUOTA:
            empty = {
                "quota_target": None, "quota_per": "", "quota_unit": "", "quota_unit_one": "",
                "quota_average": False, "quota_kinds": [],
            }  # fmt: skip
            for name, value in empty.items():
                setattr(self.instance, name, value)
                if name in self.fields:
                    data[name] = value
        if kind != CommitmentKind.MILESTONE:
            self.instance.due_on = None
            data["due_on"] = None
        promise = data.get("promise") or (
            self.instance.promise if self.instance.promise_id else None
        )
        if promise is not None and "responsible" in data:
            self.instance.promise = promise
            try:
                self.instance.validate_responsible(list(data["responsible"]))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


def refuse_large_file(upload, limit, command):
    """Refuse an upload over ``limit`` bytes, pointing to the command that imports it: a large
    file would keep a web worker past its timeout."""
    if upload.size > limit:
        raise ValidationError(
            _(
                "The file is %(size)s; the admin imports files of at most %(limit)s. Import it "
                "with the command instead: %(command)s"
            ),
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
                "command": command,
            },
        )
    return upload


class PromiseFileForm(forms.Form):
    file = forms.FileField(label=_("Promise file (YAML)"))
    replace = forms.BooleanField(
        label=_("Update the promise with the same short name"),
        required=False,
        help_text=_("Logged activities are kept."),
    )
    activities = forms.TypedChoiceField(
        label=_("If publishing it ends the promise it replaces before some of its activities"),
        choices=[("", _("Stop and tell me")), *DisplacedActivities.choices],
        coerce=DisplacedActivities,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    force = forms.BooleanField(
        label=_("Import anyway"),
        required=False,
        help_text=_(
            "When updating: import even if logged activities would fall outside the new rules "
            "(dates moved, a party no longer responsible, kinds no longer counted). The "
            "promise's history says so."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return refuse_large_file(
            upload,
            settings.ADMIN_PROMISE_FILE_MAX_BYTES,
            f"python manage.py import_promise {upload.name} [--replace]",
        )


class ActivityFileForm(forms.Form):
    promise = forms.ModelChoiceField(label=_("Promise"), queryset=Promise.objects.all())
    file = forms.FileField(
        label=_("Activities (CSV)"),
        help_text=_("Columns: date, commitment, quantity, organisation, kind, description, place."),
    )
    allow_duplicates = forms.BooleanField(
        label=_("Import anyway rows that look like activities already logged"),
        required=False,
        help_text=_(
            "A row with the same commitment, date, organisation, quantity, kind, description and "
            "place as a logged activity, or as an earlier row, is usually a file imported twice."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        promise = self.cleaned_data.get("promise")
        return refuse_large_file(
            upload,
            settings.ADMIN_ACTIVITY_FILE_MAX_BYTES,
            f"python manage.py import_activities {promise.slug if promise else 'SLUG'} "
            f"{upload.name}",
        )


class OwnPartyForm(forms.ModelForm):
    """A local admin's promise names an organisation they coordinate: else it would no longer
    be theirs (nor could they make one for another municipality)."""

    coordinated = ()

    def clean(self):
        data = super().clean()
        named = {data.get("municipality"), data.get("police_area"), *data.get("other_parties", [])}
        if not {o.pk for o in named if o is not None} & set(self.coordinated):
            raise ValidationError(
                _(
                    "Name an organisation you coordinate as municipality, police area or other "
                    "party: you administer only such promises."
                ),
                code="not_own_party",
            )
        return data
