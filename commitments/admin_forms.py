"""The admin's forms: commitments (alone and inline), promise and activity files, and the
formset of every inline (its rows' choices read once)."""

from django import forms
from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .admin_bounds import IdAutocompleteSelect
from .converters import is_id
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
    carries the version it was opened at (see :mod:`commitments.admin_versions`).

    A new commitment's page offers the focus areas, parties and commitments of the promise
    chosen (sent, or named in the address: ``?promise=5``), and none before one is: a list of
    every promise's would hold Sweden's.
    """

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
        promise = (
            self.parent_promise
            or (self.instance.promise if self.instance.promise_id else None)
            or self.chosen_promise()
        )
        if promise is not None and promise.pk:
            self.limit_to(promise)
        else:
            self.limit_to_none()

    def chosen_promise(self):
        """A new commitment's promise, as sent or given in the address, if the field offers it."""
        field = self.fields.get("promise")
        if field is None:
            return None
        if self.is_bound:
            value = self.data.get(self.add_prefix("promise"))
        else:
            value = self.get_initial_for_field(field, "promise")
            value = getattr(value, "pk", value)  # an object or its id
        if value is None or not is_id(value):
            return None
        return field.queryset.filter(pk=value).first()

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

    def limit_to_none(self):
        for name in ["focus_area", "local_problem", "parent", "follows", "responsible"]:
            if name in self.fields:
                self.fields[name].queryset = self.fields[name].queryset.none()
        if "focus_area" in self.fields:
            self.fields["focus_area"].help_text = _(
                "Choose the promise and save: its focus areas, parties and commitments are then "
                "offered here."
            )

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


# ---------------------------------------------------------------------------------------------
# Inline rows


class ReadRows(ModelChoiceIterator):
    """The choices of a model choice field from rows read already."""

    def __init__(self, field, rows):
        super().__init__(field)
        self.rows = rows

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows:
            yield self.choice(obj)

    def __len__(self):
        return len(self.rows) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.rows)


class ChoicesReadOnce(BaseInlineFormSet):
    """An inline's formset whose rows share what their related fields offer: each list of
    choices is read once for the page, not once a row (a promise's thirty commitments cost
    ninety queries), and an autocomplete names the object its row holds without asking for it.

    Rows share a list only when they offer the same query; shown again after a refused save,
    a changed autocomplete looks its choice up, as Django does. Saving still checks each row's
    values in the database.
    """

    def add_fields(self, form, index):
        # Called for every row and for the empty row that "Add another" copies.
        super().add_fields(form, index)
        read = self.__dict__.setdefault("_read_choices", {})
        for name, field in form.fields.items():
            if not isinstance(field, forms.ModelChoiceField) or field.widget.is_hidden:
                continue  # a row's hidden id offers no choices
            widget = getattr(field.widget, "widget", field.widget)  # the admin's wrapper
            if isinstance(widget, IdAutocompleteSelect):
                widget.held = _held(form.instance, name)
                continue
            try:
                key = (name, str(field.queryset.query))
            except EmptyResultSet:
                continue
            if key not in read:
                read[key] = list(field.queryset)
            field.iterator = lambda field, rows=read[key]: ReadRows(field, rows)
            field.widget.choices = field.choices


def _held(instance, name):
    """{id: object} of the object ``instance`` holds in the foreign key ``name``, if read."""
    field = instance._meta.get_field(name)
    if not field.many_to_one or not field.is_cached(instance):
        return {}
    if field.target_field != field.related_model._meta.pk:
        return {}
    obj = getattr(instance, name)
    return {} if obj is None else {str(obj.pk): obj}
