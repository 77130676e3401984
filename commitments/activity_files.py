"""Activity files (CSV): import them all or nothing, and write them in the same format.

``date,commitment,quantity,organisation,kind,description,place[,completes][,participants]``:
UTF-8 with a header row, comma- or semicolon-separated; the Swedish column names are read too.
``commitment`` is the commitment's key, ``organisation`` is ``police``, ``municipality`` or a
party's name, ``quantity`` defaults to 1, ``completes`` is ``yes`` or empty, ``participants``
names the other organisations that took part, separated by ``|``.

A row identical to an activity already logged, or to an earlier row of the file, is a likely
double import: the file is refused with those rows listed, unless duplicates are allowed. Each
import is recorded (file, who, when, how many rows), and its activities point to it.
"""

import re
from array import array
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from alvsbyn_promises.errors import shown

from . import stamps
from .dates import InvalidDate, read_file_date
from .files import (
    CsvColumns,
    FileError,
    FileImportError,
    csv_rows,
    text_stream,
    validation_file_errors,
)
from .models import MAX_QUANTITY, Activity, ActivityImport, Promise, normalise_kind

COLUMNS = ["date", "commitment", "quantity", "organisation", "kind", "description", "place"]
OPTIONAL_COLUMNS = ["completes", "participants"]
REQUIRED_COLUMNS = ["date", "commitment", "description"]
# The Swedish column names (a file exported from a Swedish spreadsheet), as the design card names
# them.
SWEDISH_COLUMNS = {
    "datum": "date", "åtagande": "commitment", "antal": "quantity",
    "organisation": "organisation", "typ": "kind", "beskrivning": "description",
    "plats": "place", "slutför": "completes", "deltagare": "participants",
}  # fmt: skip
PARTICIPANT_SEPARATOR = "|"
_YES = {"yes", "ja", "true", "1", "x"}
_NO = {"", "no", "nej", "false", "0"}
# Activity fields as the file names them.
_FIELD_NAMES = {"occurred_on": "date", "__all__": "-"}
# What makes a row the same activity as another ("Promise files" in DESIGN.md): a row equal to a
# logged activity in all of these is a likely double import.
IDENTITY = [
    "commitment_id", "occurred_on", "organisation_id", "quantity", "kind", "description", "place",
]  # fmt: skip


# Rows checked and saved at a time: memory holds one batch, whatever the file's size.
BATCH = 1000
# How often an import reports the line it has reached.
PROGRESS_EVERY = 1000


_QUANTITY = re.compile(r"[0-9]{1,5}")
# The one column whose value may run over several lines is the description (written in the log
# form's text area; the CSV download quotes it so).
CSV_COLUMNS = CsvColumns(
    names=tuple(COLUMNS + OPTIONAL_COLUMNS),
    required=tuple(REQUIRED_COLUMNS),
    swedish=SWEDISH_COLUMNS,
    multiline="description",
    too_long=gettext_lazy(
        "a value is longer than %(limit)s characters (a description may have 2,000); is a "
        "closing quote missing?"
    ),
    not_multiline=gettext_lazy(
        "only the description may run over several lines; is a closing quote missing?"
    ),
    runs_on=gettext_lazy(
        "the description runs on over line %(line)s, which looks like a row of its own; is a "
        "closing quote missing?"
    ),
)


@dataclass(frozen=True)
class DuplicateRow(FileError):
    """A row identical to an activity already logged or to an earlier row of the file."""


class RowReader:
    """Reads the rows of an activity file into unsaved, validated activities of ``promise``.

    What every row needs (the commitments, the promise's parties and successor) is read once.
    """

    def __init__(self, promise, user=None):
        self.commitments = {
            c.key: c
            for c in promise.commitments.select_related("promise").prefetch_related("responsible")
        }
        # Fetched once with what the rules read (parties, successor) for every row.
        self.promise = Promise.objects.with_parties().get(pk=promise.pk)
        for commitment in self.commitments.values():
            commitment.promise = self.promise
        self.parties = {
            "police": self.promise.police_area,
            "municipality": self.promise.municipality,
        }
        self.parties.update({o.name: o for o in self.promise.parties()})
        self.user = user

    def read(self, line, row):
        """(activity, errors) of one row: the activity is None when the row has errors."""
        if isinstance(row, FileError):
            return None, [row]
        promise, parties, errors = self.promise, self.parties, []

        def fail(field, message):
            errors.append(FileError(line, field, message))

        commitment = self.commitments.get(row.get("commitment", ""))
        if commitment is None:
            fail(
                "commitment",
                _("no commitment with the key %(key)s in %(promise)s")
                % {"key": shown(row.get("commitment", "")), "promise": promise.slug},
            )
        try:
            occurred_on = read_file_date(row.get("date", ""))
        except InvalidDate as error:
            occurred_on = None
            fail("date", str(error))
        quantity_text = row.get("quantity", "") or "1"
        # ASCII digits only: int() reads ² and ① too (and fails), and ٢ or ２ (and succeeds).
        quantity = int(quantity_text) if _QUANTITY.fullmatch(quantity_text) else 0
        if not 1 <= quantity <= MAX_QUANTITY:
            fail(
                "quantity",
                _("%(value)s is not a whole number from 1 to 10,000")
                % {"value": shown(quantity_text)},
            )
        organisation_name = row.get("organisation", "")
        organisation = parties.get(organisation_name)
        if not organisation_name and commitment and len(commitment.responsible.all()) == 1:
            organisation = commitment.responsible.all()[0]
        elif organisation is None:
            fail(
                "organisation",
                _(
                    "%(value)s is not a party of the promise (use police, municipality or a "
                    "party's name)"
                )
                % {"value": shown(organisation_name) or "-"},
            )
        completes = row.get("completes", "").lower()
        if completes not in _YES | _NO:
            fail("completes", _("write yes or leave it empty"))
        participants = []
        for name in row.get("participants", "").split(PARTICIPANT_SEPARATOR):
            name = name.strip()
            if name and name not in parties:
                fail(
                    "participants",
                    _(
                        "%(value)s is not a party of the promise (use police, municipality or a "
                        "party's name, separated by |)"
                    )
                    % {"value": shown(name)},
                )
            elif name and parties[name] not in participants:
                participants.append(parties[name])
        if commitment is None:
            return None, errors

        # Check the rest of the row too, leaving out the values already refused above.
        refused = {error.field for error in errors}
        activity = Activity(
            commitment=commitment,
            occurred_on=occurred_on,
            quantity=quantity if "quantity" not in refused else 1,
            organisation=organisation,
            kind=normalise_kind(row.get("kind", "")),  # bulk_create skips Activity.save()
            description=row.get("description", ""),
            place=row.get("place", ""),
            completes=completes in _YES,
            reported_by=self.user,
        )
        try:
            # The model's check constraints repeat its fields' validators (quantity, description):
            # validating them would cost three queries a row.
            activity.full_clean(
                exclude=["commitment", "organisation", "reported_by", "occurred_on"],
                validate_constraints=False,
            )
        except ValidationError as error:
            return None, errors + validation_file_errors(error, line, fields=_FIELD_NAMES)
        if errors:
            return None, errors
        activity.imported_participants = participants
        return activity, []


def duplicate_rows(record, ids, lines):
    """DuplicateRow errors for the activities of the import ``record`` identical to an activity
    logged before it or to an earlier row of its file.

    The database compares them, in a query whatever the file's size, and another (per 500) for
    what the logged matches are. ``ids`` and ``lines`` are the saved activities' ids and their
    lines in the file, in the same order.
    """
    # For each row of the import, the first activity with its identity logged before it, and
    # the first earlier row of the file with it, found by the index on commitment and date.
    # (Asked by imported_from alone, the database would scan every earlier row of the import
    # for each row: hence the expression on it.)
    same = Activity.objects.filter(**{name: OuterRef(name) for name in IDENTITY}).order_by("pk")
    rows = (
        Activity.objects.filter(imported_from=record)
        .annotate(
            logged=Subquery(same.exclude(imported_from=record).values("pk")[:1]),
            earlier=Subquery(
                same.alias(source=Coalesce("imported_from", 0))
                .filter(source=record.pk, pk__lt=OuterRef("pk"))
                .values("pk")[:1]
            ),
        )
        .order_by()
        .values_list("pk", "logged", "earlier")
    )
    found = [row for row in rows.iterator(chunk_size=2000) if row[1] or row[2]]
    needed = {pk for pk, _logged, _earlier in found} | {e for _p, _l, e in found if e is not None}
    lines = {pk: line for pk, line in zip(ids, lines, strict=True) if pk in needed}
    matches = {}
    logged = sorted({match for _pk, match, _earlier in found if match is not None})
    for start in range(0, len(logged), 500):  # SQLite takes a limited number of parameters
        for match in Activity.objects.filter(pk__in=logged[start : start + 500]).values(
            "pk", "created_at", "imported_from__file_name", "imported_from__imported_at"
        ):
            matches[match["pk"]] = _logged_match(match)
    errors = []
    for pk, match, earlier in found:
        if match is not None:
            errors.append(DuplicateRow(lines[pk], "-", matches[match]))
        if earlier is not None:
            errors.append(
                DuplicateRow(
                    lines[pk],
                    "-",
                    _("the same as line %(line)s of the file") % {"line": lines[earlier]},
                )
            )
    return errors


def _logged_match(match):
    """What a duplicate row matches: the logged activity, and the import it came from if any."""
    params = {"id": match["pk"]}
    if match["imported_from__imported_at"] is not None:
        params.update(
            file=match["imported_from__file_name"] or "-",
            at=timezone.localtime(match["imported_from__imported_at"]).strftime("%Y-%m-%d %H:%M"),
        )
        return (
            _(
                "the same commitment, date, organisation, quantity, kind, description and place "
                "as activity %(id)s, imported from %(file)s on %(at)s"
            )
            % params
        )
    params["at"] = timezone.localtime(match["created_at"]).strftime("%Y-%m-%d %H:%M")
    return (
        _(
            "the same commitment, date, organisation, quantity, kind, description and place as "
            "activity %(id)s, logged on %(at)s"
        )
        % params
    )


def import_activities(
    promise, data, user=None, *, file_name="", allow_duplicates=False, progress=None
):
    """Import an activity file into ``promise``; all or nothing.

    ``data`` is the file: text, bytes or a binary file object, read a line at a time. Rows are
    checked and saved in batches of :data:`BATCH` inside one transaction, so that memory stays
    bounded whatever the file's size; any error rolls back the whole import, having checked
    every row, so that FileImportError lists every bad row by line number (and every likely
    double import, unless ``allow_duplicates``). ``progress``, if given, is called with the line
    reached every :data:`PROGRESS_EVERY` rows.

    The import is recorded with ``file_name``, and each activity points to it. Each activity's
    first history record holds its participants, as one logged in a form does. Returns the
    imported activities (a query, in the file's order).
    """
    record = ActivityImport(
        promise=promise,
        file_name=file_name[: ActivityImport._meta.get_field("file_name").max_length],
        imported_by=user,
        row_count=0,
    )
    try:
        record.full_clean()
    except ValidationError as error:
        raise FileImportError(
            validation_file_errors(error, None, fields={"file_name": _("file name")})
        ) from None
    reader = RowReader(promise, user)
    # Each saved activity's id and line, compactly: the duplicate check names lines.
    ids, lines = array("q"), array("q")
    errors, batch = [], []

    def save():
        for activity in batch:
            activity.imported_from = record
        saved = bulk_create_with_history(batch, Activity, default_user=user)
        _add_participants(batch, saved)
        ids.extend(activity.pk for activity in saved)
        lines.extend(activity.file_line for activity in batch)
        batch.clear()

    with transaction.atomic(), text_stream(data) as stream:
        record.save()
        # Rows are saved even once an error is found: the duplicate check then covers them
        # all, and the rollback at the end removes them.
        for count, (line, row) in enumerate(csv_rows(stream, CSV_COLUMNS), start=1):
            activity, row_errors = reader.read(line, row)
            errors.extend(row_errors)
            if activity is not None:
                activity.file_line = line
                batch.append(activity)
                if len(batch) >= BATCH:
                    save()
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(line)
        if batch:
            save()
        if not allow_duplicates and ids:
            errors.extend(duplicate_rows(record, ids, lines))
        if errors:
            raise FileImportError(errors)
        if not ids:
            record.delete()
            return Activity.objects.none()
        record.row_count = len(ids)
        record.save(update_fields=["row_count"])
        stamps.touch(promise.pk)  # bulk creation sends no signals
    return Activity.objects.filter(imported_from=record).order_by("pk")


def _add_participants(parsed, saved):
    """Save the participants of bulk-created activities, in their history records too.

    Bulk creation sends no signals, so the rows the history would have recorded are written here.
    """
    through = Activity.participants.through
    rows = [
        through(activity_id=activity.pk, organisation_id=organisation.pk)
        for parsed_activity, activity in zip(parsed, saved, strict=True)
        for organisation in parsed_activity.imported_participants
    ]
    if not rows:
        return
    through.objects.bulk_create(rows)
    created = through.objects.filter(activity_id__in={row.activity_id for row in rows})
    records = dict(
        Activity.history.filter(id__in={row.activity_id for row in rows}, history_type="+")
        .order_by("history_id")
        .values_list("id", "history_id")
    )
    history_rows = Activity.history.model.participants.model
    history_rows.objects.bulk_create(
        history_rows(
            id=row.pk,
            activity_id=row.activity_id,
            organisation_id=row.organisation_id,
            history_id=records[row.activity_id],
        )
        for row in created
    )
