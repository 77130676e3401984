"""An activity's history in words: who did what, when, and what it was before."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Activity, Attachment, Commitment, Organisation

ACTIONS = {"+": _("Logged"), "~": _("Changed"), "-": _("Deleted")}
# Fields not worth a line of their own in the history.
_QUIET = {"updated_at", "created_at", "reported_by", "version", "submission"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    record: object
    action: str
    user: object
    changes: list = field(default_factory=list)


def _display(field_name, value, names):
    if value is None or value == "":
        return "–"
    if field_name in {"commitment", "organisation"}:
        return names.get((field_name, value), str(value))
    if field_name == "participants":
        return (
            ", ".join(names.get(("organisation", row["organisation"]), "?") for row in value) or "–"
        )
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def activity_history(promise, pk):
    """Entries for activity ``pk`` of ``promise``, newest first (empty if it never was one).

    An activity moved here from another promise (see ``services.move_activities``) keeps its
    history from there: the move is an entry of its own, naming both promises.
    """
    records = list(
        Activity.history.filter(id=pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    commitments = {
        c.pk: c
        for c in Commitment.objects.filter(
            pk__in={r.commitment_id for r in records}
        ).select_related("promise")
    }
    newest = commitments.get(records[0].commitment_id) if records else None
    if newest is None or newest.promise_id != promise.pk:
        return []
    names = {("commitment", pk): c.text for pk, c in commitments.items()}
    names.update(
        {("organisation", o.pk): o.name for o in Organisation.objects.filter(
            pk__in={promise.police_area_id, promise.municipality_id,
                    *(o.pk for o in promise.other_parties.all()),
                    *(r.organisation_id for r in records)}
        )}
    )  # fmt: skip

    def promise_of(record):
        commitment = commitments.get(record.commitment_id)
        return commitment.promise if commitment else None

    entries = []
    for record, older in zip(records, [*records[1:], None], strict=True):
        entry = Entry(record, ACTIONS[record.history_type], record.history_user)
        if record.history_type == "~" and older is not None:
            before, after = promise_of(older), promise_of(record)
            if before != after:
                entry.action = _("Moved to another promise")
                entry.changes.append(
                    Change(_("Promise"), _promise_name(before), _promise_name(after))
                )
            delta = record.diff_against(older)
            for change in delta.changes:
                if change.field in _QUIET:
                    continue
                entry.changes.append(
                    Change(
                        str(Activity._meta.get_field(change.field).verbose_name).capitalize(),
                        _display(change.field, change.old, names),
                        _display(change.field, change.new, names),
                    )
                )
        entries.append(entry)
    return _merged(entries, _attachment_entries(pk))


ATTACHMENT_ACTIONS = {"+": _("Attachment added: %(name)s"), "-": _("Attachment removed: %(name)s")}


def _attachment_entries(activity_id):
    """Files added to and removed from the activity, as its own history's entries: who, when,
    which file (its name as the history of the attachment recorded it)."""
    records = Attachment.history.filter(
        activity_id=activity_id, history_type__in=list(ATTACHMENT_ACTIONS)
    )
    return [
        Entry(record, ATTACHMENT_ACTIONS[record.history_type] % {"name": record.name},
              record.history_user)
        for record in records.select_related("history_user")
    ]  # fmt: skip


def _merged(entries, more):
    """Both lists of entries as one, newest first (each is)."""
    if not more:
        return entries
    return sorted(
        [*entries, *more],
        key=lambda entry: (entry.record.history_date, entry.record.history_id),
        reverse=True,
    )


def _promise_name(promise):
    if promise is None:
        return "–"
    return f"{promise.title} ({promise.slug})"
