"""A national data set for benchmarks and load tests: ``seed(promises, activities, seed)``.

It fills an empty database (refused otherwise) in one transaction, with what one installation
serving all of Sweden would hold:

- organisations: at 1,500 promises 290 municipalities, 115 local police areas (several
  municipalities share one) and 280 other parties (rescue services, housing companies…);
  proportionally fewer for fewer promises;
- users, all with the password :data:`PASSWORD`: ``admin`` (a superuser); for every
  municipality and police area ``org<id>-coordinator1``, ``org<id>-reporter1``,
  ``org<id>-reporter2`` and ``org<id>-reviewer1``, for every other party
  ``org<id>-reporter1`` (``<id>`` is the organisation's id; see :func:`plan.username`). A
  municipality's coordinator coordinates its other parties too; one municipality in thirty
  has its coordinator ticked as staff (a local admin);
- promises: each municipality a chain of consecutive promises of one to five years, each
  replacing the one before, the last in force today (sometimes extended or expired), a few
  followed by a draft or an upcoming successor; 3–5 focus areas, some local problems and
  10–40 commitments of every kind and period each, with sub-commitments, follows and
  sub-headings;
- activities spread over the promises log-normally (most have a few hundred, a few many
  more), every model rule kept, a fifth with participants;
- one "+" history row per object (and the m2m history rows of the promises' other parties,
  the commitments' responsible parties and the activities' participants).

Rows are written with COPY on PostgreSQL (executemany elsewhere), ids given in Python and the
sequences reset after; the same seed gives the same data.
"""

import datetime
import random
import string
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..local_admins import local_admin_group
from ..models import (
    Activity,
    ChangeStamp,
    Commitment,
    FocusArea,
    LocalProblem,
    Membership,
    Organisation,
    Promise,
)
from .activities import write_activities
from .plan import Plan, moment, username
from .tables import Ids, Writer, history_model

__all__ = ["PASSWORD", "NotEmpty", "Seeded", "seed", "username"]

# The one password of every seeded user; hashed once (a hash per user would take minutes).
PASSWORD = "nationell-skala"


class NotEmpty(Exception):
    """The database already holds promises or organisations: nothing was written."""


@dataclass
class Seeded:
    counts: dict  # rows written, by table
    seconds: float
    typical: str  # the slug of the promise with the median number of activities
    largest: str  # the slug of the promise with the most

    @property
    def rows(self):
        return sum(self.counts.values())


def seed(promises, activities, seed=1, progress=lambda text: None):
    """Fill the empty database with ``promises`` promises and ``activities`` activities.

    ``progress`` is called with a line of text at each step. Raises :class:`NotEmpty` (and
    writes nothing) when the database holds a promise or an organisation.
    """
    started = time.monotonic()
    rng = random.Random(seed)
    salt = "".join(rng.choice(string.ascii_letters + string.digits) for _n in range(22))
    password = make_password(PASSWORD, salt=salt)
    with transaction.atomic():
        if Promise.objects.exists() or Organisation.objects.exists():
            message = _(
                "The database already holds promises or organisations: seed_scale fills only "
                "an empty database."
            )
            raise NotEmpty(message)
        writer = Writer(connection)
        with writer.bare(seeded_models()):
            plan = structure(rng, promises, password)
            write_structure(plan, writer)
            progress(
                _("Organisations, users, promises and commitments written (%(seconds).1f s).")
                % {"seconds": time.monotonic() - started}
            )
            counts = write_activities(
                plan, writer, activities, seed, Steps(activities, started, progress)
            )
            write_history(plan, writer)
            progress(
                _("History written (%(seconds).1f s).") % {"seconds": time.monotonic() - started}
            )
        writer.reset_sequences()
        progress(
            _("Indexes and foreign keys checked (%(seconds).1f s).")
            % {"seconds": time.monotonic() - started}
        )
    writer.analyze()
    slugs = {p.id: p.slug for p in plan.promises}
    by_count = sorted((n, p) for p, n in counts.items() if n)
    typical = by_count[len(by_count) // 2][1] if by_count else plan.promises[0].id
    largest = by_count[-1][1] if by_count else typical
    return Seeded(dict(writer.counts), time.monotonic() - started, slugs[typical], slugs[largest])


def structure(rng, promises, password):
    """The plan of everything but the activities."""
    plan = Plan(rng, Ids(), timezone.localdate(), password)
    municipalities = plan.organisations(promises)
    chains = plan.chains(promises, municipalities)
    first = min(chain[0][0] for chain in chains)
    plan.seeded_at = moment(first - datetime.timedelta(days=90), rng)
    local_admins = plan.users(municipalities)
    group = local_admin_group()
    user_groups = get_user_model().groups.through
    for user in local_admins:
        plan.add(user_groups, user_id=user, group_id=group.pk)
    for municipality, chain in zip(municipalities, chains, strict=True):
        plan.promise_rows(municipality, chain)
    return plan


def structure_models():
    """The tables of everything but the activities, in the order they are written."""
    user_model = get_user_model()
    return [
        Organisation,
        user_model,
        Membership,
        user_model.groups.through,
        Promise,
        Promise.other_parties.through,
        FocusArea,
        LocalProblem,
        Commitment,
        Commitment.responsible.through,
    ]


def seeded_models():
    """Every table written, history tables included."""
    models = [*structure_models(), ChangeStamp, Activity, Activity.participants.through]
    return models + [h for h in map(history_model, models) if h is not None]


def write_structure(plan, writer):
    for model in structure_models():
        writer.write_all(model, plan.rows.pop(model, []))
    # Each promise's change stamp, which its cached pages are keyed on (commitments.stamps).
    ChangeStamp.objects.bulk_create(
        ChangeStamp(promise_id=pk) for pk in Promise.objects.values_list("pk", flat=True)
    )


def write_history(plan, writer):
    for model in [Organisation, Membership]:
        writer.history(model, date=plan.seeded_at, user=plan.admin_id)
    writer.history(Promise, date_field="created_at", user=plan.admin_id)
    writer.history(FocusArea, ("promise",), date_field="created_at", user=plan.admin_id)
    writer.history(
        LocalProblem, ("focus_area", "promise"), date_field="created_at", user=plan.admin_id
    )
    writer.history(Commitment, ("promise",), date_field="created_at", user=plan.admin_id)
    writer.history(Activity, date_field="created_at", user_field="reported_by")
    writer.m2m_history(Promise.other_parties.through, "promise")
    writer.m2m_history(Commitment.responsible.through, "commitment")
    writer.m2m_history(Activity.participants.through, "activity")


class Steps:
    """Progress of the activities: a line at every tenth of them."""

    def __init__(self, total, started, progress):
        self.total, self.started, self.progress = total, started, progress
        self.shown = 0

    def __call__(self, done):
        tenth = done * 10 // self.total
        if tenth > self.shown:
            self.shown = tenth
            self.progress(
                _("Activities: %(done)s of %(total)s (%(seconds).1f s).")
                % {"done": done, "total": self.total, "seconds": time.monotonic() - self.started}
            )
