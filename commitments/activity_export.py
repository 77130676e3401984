"""Activities written as CSV, in the import format (commitments.activity_files reads it back)."""

import csv
import io

from .activity_files import COLUMNS, OPTIONAL_COLUMNS, PARTICIPANT_SEPARATOR
from .files import spreadsheet_text

# A streamed export reads and sends this many activities at a time: a promise of ten thousand
# activities is never held whole in a worker's memory.
ROWS_PER_CHUNK = 1000


def write_activities(activities, stream):
    """Write activities as CSV in the import format (an export can be imported again).

    A cell that a spreadsheet would read as a formula (beginning with =, +, -, @, a tab or a
    carriage return) is written with a leading ``'``, which the import takes away again.
    """
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS + OPTIONAL_COLUMNS)
    for activity in activities:
        writer.writerow(_row(activity))


def csv_chunks(activities):
    """What :func:`write_activities` writes, as pieces of text of ROWS_PER_CHUNK rows each,
    the activities read as many at a time (their participants with them): for a streamed
    download."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + OPTIONAL_COLUMNS)
    for number, activity in enumerate(activities.iterator(chunk_size=ROWS_PER_CHUNK), 1):
        writer.writerow(_row(activity))
        if number % ROWS_PER_CHUNK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _row(activity):
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
                promise.party_token(o)
                for o in sorted(activity.participants.all(), key=lambda o: o.party_order)
            ),
        ]
    ]
