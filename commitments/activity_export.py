"""Activities written as CSV, in the import format (commitments.activity_files reads it back)."""

import csv
import io

from .activity_files import COLUMNS, OPTIONAL_COLUMNS, PARTICIPANT_SEPARATOR
from .files import spreadsheet_text
from .models import Organisation
from .models.subqueries import JoinedOrganisationIds, split_ids

# A streamed export reads and sends this many activities at a time: a promise of ten thousand
# activities is never held whole in a worker's memory.
ROWS_PER_CHUNK = 1000


def write_activities(activities, stream, parties=()):
    """Write ``activities`` (a QuerySet) as CSV in the import format (an export can be imported
    again).

    A cell that a spreadsheet would read as a formula (beginning with =, +, -, @, a tab or a
    carriage return) is written with a leading ``'``, which the import takes away again.
    """
    for chunk in csv_chunks(activities, parties):
        stream.write(chunk)


def csv_chunks(activities, parties=()):
    """What :func:`write_activities` writes, as pieces of text of ROWS_PER_CHUNK rows each, the
    activities read as many at a time, each with its participants' ids (in the same query, so
    that the export asks as many queries whatever its length). The participants are named from
    ``parties`` (the promise's), others read once a chunk: for a streamed download."""
    named = {organisation.pk: organisation for organisation in parties}
    rows = activities.select_related("commitment__promise", "organisation").annotate(
        participant_ids=JoinedOrganisationIds("commitments_activity_participants", "activity_id")
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + OPTIONAL_COLUMNS)
    chunk = []
    for activity in rows.iterator(chunk_size=ROWS_PER_CHUNK):
        chunk.append(activity)
        if len(chunk) == ROWS_PER_CHUNK:
            yield _written(chunk, named, writer, out)
            chunk = []
    yield _written(chunk, named, writer, out)


def _written(chunk, named, writer, out):
    ids = {pk for activity in chunk for pk in split_ids(activity.participant_ids)}
    if ids - named.keys():  # not a party of the promise (or no promise given)
        named.update(Organisation.objects.in_bulk(ids - named.keys()))
    for activity in chunk:
        participants = [named[pk] for pk in split_ids(activity.participant_ids) if pk in named]
        writer.writerow(_row(activity, participants))
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return text


def _row(activity, participants):
    promise = activity.commitment.promise
    return [
        spreadsheet_text(value)
        for value in [
            activity.occurred_on.isoformat(),
            activity.commitment.key,
            activity.quantity,
            promise.party_token(activity.organisation),
            activity.kind,
            activity.description,
            activity.place,
            "yes" if activity.completes else "",
            PARTICIPANT_SEPARATOR.join(
                promise.party_token(o) for o in sorted(participants, key=lambda o: o.party_order)
            ),
        ]
    ]
