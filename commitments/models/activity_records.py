"""Records about activities: the import a row came from, and the texts erased from them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from .guard import GuardedModel
from .promises import Promise

REASON_EMPTY_MESSAGE = _("Give a reason for the erasure.")


class ActivityImport(GuardedModel):
    """One activity file imported into a promise: which file, by whom, when, how many rows."""

    promise = models.ForeignKey(
        Promise,
        on_delete=models.PROTECT,
        related_name="activity_imports",
        verbose_name=_("promise"),
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("activity import")
        verbose_name_plural = _("activity imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return f"{self.file_name or '-'} {self.imported_at:%Y-%m-%d %H:%M}"


class Erasure(GuardedModel):
    """A text removed from an activity and from every record of its history (a personal identity
    number that got in anyway): who removed it from which fields, when and why. The text itself
    is never kept. The activity is named by its id, which outlives the activity's deletion."""

    activity_id = models.PositiveBigIntegerField(_("activity"), db_index=True)
    fields = models.JSONField(_("fields"), default=list)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
    )
    erased_at = models.DateTimeField(_("erased"), default=timezone.now)
    reason = models.CharField(
        _("reason"), max_length=500, error_messages={"blank": REASON_EMPTY_MESSAGE}
    )

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["erased_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="erasure_reason_not_empty",
                violation_error_message=REASON_EMPTY_MESSAGE,
                violation_error_code="reason_empty",
            ),
        ]

    def __str__(self):
        return f"{self.erased_at:%Y-%m-%d} {self.activity_id} {', '.join(self.fields)}"

    def field_labels(self):
        """The erased fields as a reader names them: "beskrivning och plats"."""
        from .activities import Activity

        labels = {f.name: f.verbose_name for f in Activity._meta.fields}
        labels["attachment_name"] = _("an attachment's file name")  # commitments.erasure
        return get_text_list(
            [str(labels.get(name, _("note in the history"))) for name in self.fields], _("and")
        )
