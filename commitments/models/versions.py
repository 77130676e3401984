"""Versions: a change made in a form opened at an older version is refused, never saved over.

Every save of a row bumps its ``version``. A form carries the version it was opened at and puts
it on the instance as ``opened_version``; the save then claims the next version with a
conditional ``UPDATE … SET version = opened + 1 WHERE pk = … AND version = opened`` before it
writes. Of two saves opened at the same version only one can match that condition, even when
both pass their checks at the same moment: on PostgreSQL the second ``UPDATE`` waits for the
first one's row lock and then finds the version changed; SQLite writes one at a time. The loser
gets :class:`StaleVersion` and its transaction writes nothing.
"""

from django.db import models, router, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleVersion(Exception):
    """``instance`` was opened at version ``opened`` and the row has changed (or is gone) since;
    nothing was saved. ``form`` is the form whose save was refused, when known."""

    def __init__(self, instance, opened):
        super().__init__(
            f"{type(instance).__name__} {instance.pk} is no longer at version {opened}"
        )
        self.instance = instance
        self.opened = opened
        self.form = None

    def current(self):
        """The row as it is now, or None when it was deleted."""
        return type(self.instance)._base_manager.filter(pk=self.instance.pk).first()


class Versioned(models.Model):
    """A model whose every save bumps ``version``, and whose save is refused when
    ``opened_version`` is set and the row is no longer at it (see the module's docstring).

    Writes that bypass ``save()`` (``QuerySet.update()``) bump the version themselves, as the
    erasure of a text does: a form opened before them must not put back what they changed.
    """

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts the saves: a form opened at an older version cannot save over."),
    )

    # The version the editing form was opened at (None: the save checks nothing).
    opened_version = None
    # What a refused save tells the user; each model names itself.
    stale_message = _("Someone else has changed this since you opened it.")
    deleted_message = _("Someone else has deleted this since you opened it.")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if (
            self._state.adding
            or self.pk is None
            or kwargs.get("force_insert")
            or update_fields is not None
            and not update_fields
        ):
            super().save(*args, **kwargs)
            return
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            self.version = self._claim_next_version(using)
            super().save(*args, **kwargs)
        self.opened_version = None

    def _claim_next_version(self, using):
        """Raise the row's version by one and return it; with ``opened_version`` set, only if
        the row is still at it (else StaleVersion, with nothing written)."""
        row = type(self)._base_manager.using(using).filter(pk=self.pk)
        if self.opened_version is not None:
            if not row.filter(version=self.opened_version).update(version=self.opened_version + 1):
                raise StaleVersion(self, self.opened_version)
            return self.opened_version + 1
        if not row.update(version=F("version") + 1):
            return self.version  # the row is gone: save() inserts it again, as it always did
        # Our UPDATE holds the row until the transaction ends: the version read is ours.
        return row.values_list("version", flat=True).get()
