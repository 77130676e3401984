"""Erasing personal data from activities and from their history.

A text that should never have been stored (a personal identity number) is replaced by
"[borttaget]" wherever it stands: in the activity and in every record of its history. The erasure
itself is recorded (who, when, which fields, why), never the text. Deleted activities' texts can
also be purged from the history once a retention period has passed.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from . import stamps
from .attachment_files import delete_files_of
from .models import Activity, Attachment, Erasure

PLACEHOLDER = "[borttaget]"
# What an erasure records when the text was in the name of one of the activity's files.
ATTACHMENT_NAME = "attachment_name"


class ErasureError(Exception):
    """An erasure was refused; nothing was changed. The message is one line for the user."""


class TextNotFound(ErasureError):
    """The text to erase is in neither the activity nor its history."""


def text_fields(model):
    """The free-text columns of ``model`` (not choices, not keys): every place a text can hide.

    Found from the model rather than listed, so that a text field added later is erased too.
    """
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
    ]


def _scrub(rows, fields, replace):
    """Apply ``replace`` to the non-empty ``fields`` of each row, in place.

    Returns the names of the fields changed and the rows changed.
    """
    names, changed_rows = set(), []
    for row in rows:
        row_changed = False
        for field in fields:
            value = getattr(row, field.attname)
            if not value:
                continue
            new = replace(value)
            # "[borttaget]" may be longer than what it replaces: the text must go even if the
            # end of a full field has to go with it.
            if field.max_length:
                new = new[: field.max_length]
            if new != value:
                setattr(row, field.attname, new)
                names.add(field.attname)
                row_changed = True
        if row_changed:
            changed_rows.append(row)
    return names, changed_rows


def _order(names):
    """Field names in the order the model declares them, the history's own fields last."""
    order = {field.attname: index for index, field in enumerate(text_fields(Activity))}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


def _validated(erasure):
    try:
        erasure.full_clean(exclude=["fields"])
    except ValidationError as error:
        raise ErasureError(" ".join(error.messages)) from None
    return erasure


def activity_exists(activity_id):
    """Whether ``activity_id`` is an activity, or was one (its history remains)."""
    return (
        Activity.objects.filter(pk=activity_id).exists()
        or Activity.history.filter(id=activity_id).exists()
    )


@transaction.atomic
def erase_text(activity_id: int, text: str, *, reason: str, user=None) -> Erasure:
    """Replace every occurrence of ``text`` (any case) in the activity's free-text fields and in
    every record of its history by "[borttaget]", and record the erasure.

    Works for a deleted activity too: then only its history holds the text. Raises ErasureError
    (nothing changed) when the activity never existed, the text or the reason is empty, or the
    text is nowhere to be found.
    """
    text = (text or "").strip()
    erasure = _validated(
        Erasure(activity_id=activity_id, erased_by=user, reason=(reason or "").strip())
    )
    if not text:
        raise ErasureError(_("Give the text to remove."))
    if not activity_exists(activity_id):
        raise ErasureError(_("No activity %(id)s.") % {"id": activity_id})

    pattern = re.compile(re.escape(text), re.IGNORECASE)

    def replace(value):
        return pattern.sub(PLACEHOLDER, value)

    erased = set()
    activity = Activity.objects.select_for_update().filter(pk=activity_id).first()
    if activity is not None:
        changed, _rows = _scrub([activity], text_fields(Activity), replace)
        if changed:
            # An update, not save(): the erasure is recorded as itself, not as a new version
            # that would show the old and new text side by side. It bumps the version, so that
            # an edit form opened before it is refused rather than put the text back.
            Activity.objects.filter(pk=activity_id).update(
                version=F("version") + 1, **{name: getattr(activity, name) for name in changed}
            )
            stamps.touch_commitments([activity.commitment_id])  # the UPDATE sends no signal
        erased |= changed
    history = Activity.history.model
    records = list(history.objects.select_for_update().filter(id=activity_id))
    changed, rows = _scrub(records, text_fields(history), replace)
    if rows:
        history.objects.bulk_update(rows, list(changed))
    erased |= changed
    if _erase_attachment_names([activity_id], replace):
        erased.add(ATTACHMENT_NAME)
        if activity is not None:
            stamps.touch_commitments([activity.commitment_id])  # the report names the files
    if not erased:
        raise TextNotFound(
            _("The text is not in activity %(id)s or its history.") % {"id": activity_id}
        )
    erasure.fields = _order(erased)
    erasure.save()
    return erasure


@transaction.atomic
def erase_text_in(activity_ids, text: str, *, reason: str, user=None):
    """:func:`erase_text` in each of several activities, all or nothing.

    Returns the erasures and the ids of the activities the text was not found in; raises
    TextNotFound (nothing changed) when it is in none of them.
    """
    erasures, missing = [], []
    for activity_id in activity_ids:
        try:
            erasures.append(erase_text(activity_id, text, reason=reason, user=user))
        except TextNotFound:
            if len(activity_ids) == 1:
                raise
            missing.append(activity_id)
    if not erasures:
        raise TextNotFound(_("The text is not in these activities or their history."))
    return erasures, missing


def _erase_attachment_names(activity_ids, replace):
    """Apply ``replace`` to the names of the activities' files and of every record of their
    history (updates: no new version, no signal). The ids of the activities whose names
    changed."""
    attachments = list(Attachment.objects.select_for_update().filter(activity_id__in=activity_ids))
    _names, changed = _scrub(attachments, [Attachment._meta.get_field("name")], replace)
    if changed:
        Attachment.objects.bulk_update(changed, ["name"])
    history = Attachment.history.model
    records = list(history.objects.select_for_update().filter(activity_id__in=activity_ids))
    _names, changed_records = _scrub(records, [history._meta.get_field("name")], replace)
    if changed_records:
        history.objects.bulk_update(changed_records, ["name"], batch_size=500)
    return {row.activity_id for row in [*changed, *changed_records]}


def deleted_before(moment):
    """Ids of the activities deleted before ``moment`` (their history is all that is left)."""
    return (
        Activity.history.filter(history_type="-", history_date__lt=moment)
        .exclude(id__in=Activity.objects.values("pk"))
        .values_list("id", flat=True)
        .distinct()
    )


@transaction.atomic
def purge_deleted(days: int, *, now=None) -> list[Erasure]:
    """Replace every text in the history of activities deleted more than ``days`` days ago by
    "[borttaget]", with one erasure recorded per activity purged. Activities purged before are
    left as they are; running it again changes nothing."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    history = Activity.history.model
    purged = list(deleted_before(cutoff))
    records = history.objects.select_for_update().filter(id__in=purged)
    # Their files' names too; the files left the store with their rows, and whatever a failed
    # deletion left behind goes once this commits.
    with_names = _erase_attachment_names(purged, lambda value: PLACEHOLDER)
    for activity_id in purged:
        transaction.on_commit(lambda pk=activity_id: delete_files_of(pk), robust=True)
    by_activity = {}
    for record in records.order_by("id", "history_id"):
        by_activity.setdefault(record.id, []).append(record)
    reason = _("Retention: deleted more than %(days)s days ago.") % {"days": days}
    erasures, changed_rows, changed_fields = [], [], set()
    for activity_id, rows in by_activity.items():
        names, changed = _scrub(rows, text_fields(history), lambda value: PLACEHOLDER)
        if changed or activity_id in with_names:
            changed_rows += changed
            changed_fields |= names
            if activity_id in with_names:
                names = names | {ATTACHMENT_NAME}
            erasures.append(
                _validated(Erasure(activity_id=activity_id, fields=_order(names), reason=reason))
            )
    if changed_rows:
        history.objects.bulk_update(changed_rows, list(changed_fields), batch_size=500)
    return Erasure.objects.bulk_create(erasures)
