from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Promises and commitments")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import checks, stamps  # noqa: F401  (checks registers the system checks)
        from .access import other_parties_changed
        from .attachment_files import attachment_deleted
        from .converters import IdConverter
        from .local_admins import groups_changed, staff_tick_saved

        # Here rather than in urls.py: ready() runs once, before any app's URLs are read.
        register_converter(IdConverter, "id")
        stamps.connect()
        promise = self.get_model("Promise")
        m2m_changed.connect(
            other_parties_changed,
            sender=promise.other_parties.through,
            dispatch_uid="access_other_parties",
        )
        # A file goes from the store with its row (one by one, or with its activity).
        post_delete.connect(
            attachment_deleted,
            sender=self.get_model("Attachment"),
            dispatch_uid="attachment_file_deleted",
        )
        # The local admins' group follows the staff tick (see local_admins).
        user = get_user_model()
        post_save.connect(staff_tick_saved, sender=user, dispatch_uid="local_admin_staff_tick")
        m2m_changed.connect(
            groups_changed, sender=user.groups.through, dispatch_uid="local_admin_groups"
        )
