"""A promise's change stamp: a number that grows with every change the follow-up can show."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .guard import GuardedModel
from .promises import Promise


class ChangeStamp(GuardedModel):
    """How many times a promise's follow-up has changed; see :mod:`commitments.stamps`.

    A row of its own rather than a field of Promise: a promise saved from a form opened earlier
    would write an older count back, and a count that goes back could meet a cached page of
    that older state again. It is derived, not evidence, so it keeps no history.
    """

    promise = models.OneToOneField(
        Promise,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="change_stamp",
        verbose_name=_("promise"),
    )
    changes = models.PositiveBigIntegerField(_("changes"), default=0)

    class Meta:
        verbose_name = _("change stamp")
        verbose_name_plural = _("change stamps")

    def __str__(self):
        return f"{self.promise_id}: {self.changes}"
