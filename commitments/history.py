"""An activity's history in words: who did what, when, and what it was before."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Activity, Commitment, Organisation

ACTIONS = {"+": _("Logged"), "~": _("Changed"), "-": _("Deleted")}
# Fields not worth a line of their own in the history.
_QUIET = {"updated_at", "created_at", "reported_by"}


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
    """Entries for activity ``pk`` of ``promise``, newest first (empty if it never was one)."""
    records = list(
        Activity.history.filter(id=pk, commitment__promise=promise)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    if not records:
        return []
    names = {("commitment", c.pk): c.text for c in Commitment.objects.filter(promise=promise)}
    names.update(
        {("organisation", o.pk): o.name for o in Organisation.objects.filter(
            pk__in={promise.police_area_id, promise.municipality_id,
                    *(o.pk for o in promise.other_parties.all())}
        )}
    )  # fmt: skip
    entries = []
    for record, older in zip(records, [*records[1:], None], strict=True):
        entry = Entry(record, ACTIONS[record.history_type], record.history_user)
        if record.history_type == "~" and older is not None:
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
    return entries
