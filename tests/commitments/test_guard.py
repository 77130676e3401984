"""Every free text of every model of ours refuses a personal identity number, is cleaned of
control characters and refuses NUL and lone surrogates; every date lies in the years 1900–2100.

The models are found by walking the apps, so that a model added later fails here (and in the
system check) until it derives from GuardedModel.
"""

import contextlib
import datetime

import pytest
from django.apps.registry import Apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from commitments import checks
from commitments.checks import check_every_model_is_guarded, guarded_models
from commitments.models import GuardedModel, free_text_fields
from commitments.models.guard import date_fields
from commitments.validators import PERSONAL_IDENTITY_NUMBER_CODE
from tests.personal_data import NUMBER, refusal

FREE_TEXTS = [(model, field) for model in guarded_models() for field in free_text_fields(model)]
DATES = [(model, field) for model in guarded_models() for field in date_fields(model)]
D = datetime.date


def text_value(field, text):
    return [text] if isinstance(field, models.JSONField) else text


def nul_refusal(label):
    return (
        f"Fältet ”{label}” innehåller ett NUL-tecken, som ingen text får innehålla. Ta bort det "
        "och försök igen."
    )


def test_the_walk_finds_the_texts_of_the_issue():
    found = {(model.__name__, field.name) for model, field in FREE_TEXTS}
    assert {
        ("Organisation", "name"),
        ("Promise", "slug"), ("Promise", "title"), ("Promise", "summary"), ("Promise", "basis"),
        ("Promise", "followup"), ("Promise", "source_url"),
        ("FocusArea", "title"), ("FocusArea", "description"),
        ("LocalProblem", "title"), ("LocalProblem", "description"),
        ("LocalProblem", "action_plan"), ("LocalProblem", "place"),
        ("LocalProblem", "meeting_note"), ("LocalProblem", "outcome"),
        ("Promise", "contact_role"), ("Promise", "contact_email"), ("Promise", "contact_phone"),
        ("Promise", "contact_url"),
        ("Commitment", "group"), ("Commitment", "key"), ("Commitment", "text"),
        ("Commitment", "quota_unit"), ("Commitment", "quota_unit_one"),
        ("Commitment", "quota_kinds"),
        ("Activity", "kind"), ("Activity", "description"), ("Activity", "place"),
    } <= found  # fmt: skip
    # Choices are not free text; history copies and auth's User are not ours.
    assert not found & {("Organisation", "kind"), ("Commitment", "quota_per")}
    assert not {name for name, _ in found} & {"HistoricalActivity", "User"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"), FREE_TEXTS, ids=[f"{m.__name__}.{f.name}" for m, f in FREE_TEXTS]
)
def test_every_free_text_refuses_a_personal_identity_number(model, field):
    text = f"Inbrott hos {NUMBER}"
    instance = model(**{field.attname: [text] if isinstance(field, models.JSONField) else text})
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    errors = excinfo.value.error_dict[field.name]
    assert PERSONAL_IDENTITY_NUMBER_CODE in [error.code for error in errors]
    assert refusal(capfirst(field.verbose_name)) in excinfo.value.message_dict[field.name]


@pytest.mark.django_db
def test_a_field_left_out_of_the_check_is_not_reported():
    # A form validates only its own fields: the guard adds no error on another (which the form
    # could not show).
    for model, field in FREE_TEXTS:
        value = [NUMBER] if isinstance(field, models.JSONField) else NUMBER
        instance = model(**{field.attname: value})
        try:
            instance.full_clean(exclude=[field.name], validate_constraints=False)
        except ValidationError as error:
            assert field.name not in error.message_dict, model


def test_our_models_pass_the_system_check():
    assert check_every_model_is_guarded() == []


def test_a_model_that_is_not_guarded_fails_the_system_check(monkeypatch):
    class Note(models.Model):
        text = models.TextField()

        class Meta:
            app_label = "commitments"
            apps = Apps()  # not the project's registry

        def __str__(self):
            return self.text

    monkeypatch.setattr(checks, "guarded_models", lambda: [*guarded_models(), Note])
    (error,) = check_every_model_is_guarded()
    assert (error.id, error.obj) == ("commitments.E001", Note)


def test_a_later_model_gets_the_guard_by_deriving_from_it():
    class Attachment(GuardedModel):
        file = models.FileField("fil")
        note = models.CharField("anteckning", max_length=200, blank=True)

        class Meta:
            app_label = "commitments"
            apps = Apps()

        def __str__(self):
            return self.file.name

    attachment = Attachment(file="Protokoll 850312-1234.pdf", note="Hos 8503121234")
    with pytest.raises(ValidationError) as excinfo:
        attachment.full_clean()
    assert excinfo.value.message_dict == {"file": [refusal("Fil")], "note": [refusal("Anteckning")]}
    Attachment(file="Protokoll 2025-03-12.pdf", note="Ring 070-123 45 67").full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"), FREE_TEXTS, ids=[f"{m.__name__}.{f.name}" for m, f in FREE_TEXTS]
)
def test_every_free_text_is_cleaned_of_control_characters(model, field):
    # A form feed, an escape, DEL, Ctrl-Z, a C1 control and U+FFFE are stripped; line breaks
    # become newlines; tab and newline stay.
    instance = model(
        **{field.attname: text_value(field, "a\x0cb\x1b[0m\x7fc\x1a\x85\ufffed\r\ne\rf\tg")}
    )
    with contextlib.suppress(ValidationError):  # a slug or an address has its own rules
        instance.clean_fields()
    assert getattr(instance, field.attname) == text_value(field, "ab[0mcd\ne\nf\tg")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"), FREE_TEXTS, ids=[f"{m.__name__}.{f.name}" for m, f in FREE_TEXTS]
)
def test_every_free_text_refuses_nul_and_names_the_field(model, field):
    instance = model(**{field.attname: text_value(field, "Hund\x00sök")})
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    # Only that: nothing else is checked in a damaged text (nor looked up in the database).
    assert excinfo.value.message_dict[field.name] == [nul_refusal(capfirst(field.verbose_name))]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["\ud800", "Hund\udfffsök"])
def test_a_lone_surrogate_is_refused(focus_area, text):
    focus_area.title = text
    with pytest.raises(ValidationError) as excinfo:
        focus_area.full_clean()
    code = f"{ord(text.strip('Hundsök')):04X}"
    assert excinfo.value.message_dict["title"] == [
        f"Fältet ”Rubrik” innehåller ett trasigt tecken (ett ensamt surrogattecken, U+{code}). "
        "Skriv texten på nytt."
    ]


def test_the_walk_finds_every_date():
    found = {(model.__name__, field.name) for model, field in DATES}
    assert found == {
        ("Promise", "signed_on"), ("Promise", "valid_from"), ("Promise", "valid_until"),
        ("LocalProblem", "raised_on"), ("LocalProblem", "convened_on"),
        ("LocalProblem", "plan_adopted_on"), ("LocalProblem", "closed_on"),
        ("Commitment", "due_on"), ("Activity", "occurred_on"),
        ("Indicator", "baseline_on"), ("IndicatorValue", "measured_on"),
        ("PromiseFigures", "as_of"),
        ("PlannedActivity", "planned_on"),
    }  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"), DATES, ids=[f"{m.__name__}.{f.name}" for m, f in DATES]
)
@pytest.mark.parametrize("day", [D(1, 1, 1), D(1899, 12, 31), D(2101, 1, 1), D(9999, 12, 31)])
def test_every_date_refuses_a_year_outside_1900_to_2100(model, field, day):
    with pytest.raises(ValidationError) as excinfo:
        model(**{field.attname: day}).full_clean()
    assert excinfo.value.message_dict[field.name] == [
        f"{capfirst(field.verbose_name)} måste vara ett datum under åren 1900–2100."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"), DATES, ids=[f"{m.__name__}.{f.name}" for m, f in DATES]
)
@pytest.mark.parametrize("day", [D(1900, 1, 1), D(2100, 12, 31)])
def test_the_first_and_last_day_of_the_bounds_are_dates(model, field, day):
    try:
        model(**{field.attname: day}).full_clean(validate_constraints=False)
    except ValidationError as error:
        # Rules of their own, not of the bounds: a measurement may not be of a day to come; a
        # local problem's step has no day before its status reaches it (a new one is raised).
        own = [
            e
            for e in error.error_dict.get(field.name, [])
            if e.code in {"future", "step_not_reached"}
        ]
        assert error.message_dict.get(field.name, []) == [e.message % e.params for e in own]
