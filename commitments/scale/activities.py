"""The activities of the national data set, drawn promise by promise and written as they come:
only one promise's activities are ever held in memory.

A million of them are drawn in a few seconds: random numbers come from ``random()`` alone (an
index is ``int(random() * n)``), and on PostgreSQL each row is written as COPY text at once
(:func:`copy_line`).
"""

import datetime
import random

from ..models import Activity
from . import texts
from .plan import spread
from .tables import copy_escape

FIELDS = [
    "id", "version", "commitment_id", "occurred_on", "quantity", "kind", "completes",
    "description", "place", "organisation_id", "reported_by_id", "imported_from_id",
    "submission", "created_at", "updated_at", "promise_id", "review_status", "review_reason",
]  # fmt: skip
PARTICIPANT_FIELDS = ["id", "activity_id", "organisation_id"]
UTC = datetime.UTC


def write_activities(plan, writer, total, seed, progress):
    """``total`` activities over the promises in proportion to their weights (a log-normal
    spread times their days in force), each promise's drawn from its own generator so that
    the same seed gives the same rows. Returns the number written per promise id."""
    counts = spread(total, [p.weight for p in plan.promises])
    through = Activity.participants.through
    ids = plan.ids
    ids.prepare(Activity, through)
    with writer.sink(through, PARTICIPANT_FIELDS, spool=True) as participants:

        def rows():
            done = 0
            activity, participant = ids.last[Activity], ids.last[through]
            for index, (promise, count) in enumerate(zip(plan.promises, counts, strict=True)):
                if not count:
                    continue
                rng = random.Random(seed * 1_000_003 + index)
                for row, others in draw(promise, count, rng, plan.today):
                    activity += 1
                    yield (activity, *row)
                    for organisation in others:
                        participant += 1
                        participants.write((participant, activity, organisation))
                done += count
                ids.last[Activity], ids.last[through] = activity, participant
                progress(done)

        writer.stream(Activity, FIELDS, rows(), line=copy_line)
    return {promise.id: count for promise, count in zip(plan.promises, counts, strict=True)}


def draw(promise, count, rng, today):
    """``count`` activities of one promise, oldest first: (row without its id, participants).

    Each is dated within the promise's days in force and not after today, carried out by one
    of its commitment's responsible parties and reported by one of that party's staff; its
    kind is one its commitment counts; a done milestone is completed by its latest activity.
    """
    uniform = rng.random
    commitments = rng.choices(
        promise.commitments, weights=[c.weight for c in promise.commitments], k=count
    )
    first = promise.first_day.toordinal()
    days = promise.last_day.toordinal() - first + 1
    drawn = sorted(
        ((first + int(uniform() * days), c) for c in commitments), key=lambda item: item[0]
    )
    completing = {}  # commitment id: the position of its latest activity
    for position, (_day, commitment) in enumerate(drawn):
        if commitment.done:
            completing[commitment.id] = position
    completing = set(completing.values())
    parties = [promise.police_area, promise.municipality, *promise.others]
    places = [place.format(stem=promise.municipality.stem) for place in texts.PLACES]
    last = today.toordinal()
    dates = {}
    for position, (ordinal, commitment) in enumerate(drawn):
        day = dates.get(ordinal) or dates.setdefault(ordinal, datetime.date.fromordinal(ordinal))
        responsible = commitment.responsible
        organisation = responsible[int(uniform() * len(responsible))]
        area = commitment.area
        kinds = commitment.kinds or area.kinds
        kind = kinds[int(uniform() * len(kinds))] if commitment.kinds or uniform() < 0.8 else ""
        place = places[int(uniform() * len(places))] if uniform() < 0.4 else ""
        template = area.descriptions[int(uniform() * len(area.descriptions))]
        if not place and "{place}" in template:  # a place named in the text only
            place_named = places[int(uniform() * len(places))]
        else:
            place_named = place
        description = (
            template.format(place=place_named) + texts.TAILS[int(uniform() * len(texts.TAILS))]
        )
        quantity = 1 if uniform() < 0.8 else 2 + int(uniform() * 5)
        others = ()
        if commitment.takes_part and uniform() < 0.6:
            others = [o.id for o in commitment.takes_part if o is not organisation]
        elif uniform() < 0.2:
            candidate = parties[int(uniform() * len(parties))]
            if candidate is not organisation:
                others = (candidate.id,)
        created = min(ordinal + int(uniform() * 4), last)
        # Logged between 06:00 and 20:00; today in its first hour: never later than now.
        seconds = 21_600 + int(uniform() * 50_400) if created < last else int(uniform() * 3600)
        created = datetime.date.fromordinal(created)
        created_at = datetime.datetime(
            created.year, created.month, created.day,
            seconds // 3600, seconds // 60 % 60, seconds % 60, tzinfo=UTC,
        )  # fmt: skip
        reporters = organisation.reporters
        reporter = reporters[int(uniform() * len(reporters))]
        yield (
            (
                1, commitment.id, day, quantity, kind, position in completing, description,
                place, organisation.id, reporter, None, None, created_at, created_at, promise.id,
                "approved", "",
            ),
            others,
        )  # fmt: skip


def copy_line(row):
    """An activity row (see FIELDS) as a line of COPY text: what the generic conversion
    gives, in a third of the time."""
    (
        id_, version, commitment, day, quantity, kind, completes, description, place,
        organisation, reporter, _imported_from, _submission, created_at, _updated_at, promise,
        review_status, _review_reason,
    ) = row  # fmt: skip
    stamp = created_at.isoformat()
    return (
        f"{id_}\t{version}\t{commitment}\t{day.isoformat()}\t{quantity}\t{copy_escape(kind)}\t"
        f"{'t' if completes else 'f'}\t{copy_escape(description)}\t{copy_escape(place)}\t"
        f"{organisation}\t{reporter}\t\\N\t\\N\t{stamp}\t{stamp}\t{promise}\t{review_status}\t\n"
    )
