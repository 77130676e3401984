"""Files attached to activities (minutes, a photo, the survey report), and the secret address
of a person's calendar feed."""

import secrets
import string

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .activities import Activity
from .guard import GuardedModel
from .records import History

# Never at a public address: stored through Django's storage API (the local disk outside the
# static and media roots by default, an S3-compatible store when configured) and read through
# a view that applies the activity's access rules.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def attachment_path(instance, filename):
    """Where a file is stored: by a random name (never the file's own, which may say what it
    holds), under its activity."""
    # Letters only: a run of digits in a stored name could read as a personal identity number
    # to the guard every text (a file's name too) passes.
    name = "".join(secrets.choice(string.ascii_letters) for _ in range(24))
    return f"attachments/{instance.activity_id}/{name}"


def attachment_storage():
    from django.core.files.storage import storages

    return storages["attachments"]


class Attachment(GuardedModel):
    """A file of an activity: its name as uploaded (checked like every text), its type as read
    from its content, its size."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("activity")
    )
    file = models.FileField(
        _("file"), upload_to=attachment_path, storage=attachment_storage, max_length=200
    )
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["activity", "created_at", "pk"]

    def __str__(self):
        return self.name


# A feed token is letters only: long, random, and never read as a personal identity number by
# the guard every text passes (which digits could be).
TOKEN_ALPHABET = string.ascii_letters
TOKEN_LENGTH = 43  # about 245 bits


def new_token():
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


class CalendarFeed(GuardedModel):
    """A person's calendar feed (/calendar/<token>.ics): read without signing in by whoever
    holds the token, so it is long and random, and renewed (the old one then stops working)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = History()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
