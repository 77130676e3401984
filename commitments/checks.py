"""System checks: every model of ours is guarded against personal identity numbers."""

from django.apps import apps
from django.core import checks
from simple_history.models import HistoricalChanges

# The apps whose models hold our texts; auth's User and the history copies are not ours.
GUARDED_APPS = ("commitments", "followup")


def guarded_models():
    """Every concrete model of the guarded apps, history copies left out."""
    return [
        model
        for label in GUARDED_APPS
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    ]


@checks.register(checks.Tags.models)
def check_every_model_is_guarded(app_configs=None, **kwargs):
    """A model of ours that does not derive from GuardedModel lets personal data in."""
    from .models import GuardedModel, free_text_fields

    return [
        checks.Error(
            f"{model._meta.label} has free-text fields but does not derive from GuardedModel.",
            hint="Derive it from commitments.models.GuardedModel, so that no text of it can "
            "hold a personal identity number.",
            obj=model,
            id="commitments.E001",
        )
        for model in guarded_models()
        if free_text_fields(model) and not issubclass(model, GuardedModel)
    ]
