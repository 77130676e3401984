from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Promises and commitments")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .converters import IdConverter

        # Here rather than in urls.py: ready() runs once, before any app's URLs are read.
        register_converter(IdConverter, "id")
