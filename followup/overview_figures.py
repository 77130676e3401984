"""The overview's figures of each promise (:class:`Figures`): made, kept and read.

A row of the overview (:mod:`followup.overview`) shows a few numbers of a promise's follow-up:
its commitments by traffic light, this year's and last year's quota periods, open local
problems, the indicators' trends. They come from the follow-up engine, the same as each
dashboard's, and depend on the promise's data and the day.

**Kept, not only cached.** Made afresh, the figures of every promise in Sweden (1,500 promises,
a million activities) take a quarter of a minute of the engine's work, more than a person
waits and near a web worker's timeout. So each promise's are kept in the database
(:class:`followup.models.PromiseFigures`) with the change stamp they were made at
(:mod:`commitments.stamps`) and the day they are as of: read for a whole list in one query,
current while the stamp is unchanged. ``refresh_figures`` (cron, hourly) makes
those of every promise for today and tomorrow ahead of time, so the first overview of a day
finds them made; a promise changed since is made again on the next request (milliseconds for
one promise), so a change shows at once. The database serves every worker and server alike,
whatever the cache.

On top, the figures of a whole list are cached under a digest of its promises' keys
(:mod:`followup.caching`): a list none of whose promises changed is one read of the cache.
"""

import datetime
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import translation

from commitments.enums import LocalProblemStatus
from commitments.models import Activity, Promise
from commitments.stamps import stamp_of

from . import indicators as outcome
from .caching import cache_key, cached_values, digest, store
from .engine import ActivityFacts, follow_up
from .loading import (
    NOBODY,
    activity_rows,
    commitments_of,
    followed_commitments,
    indicators_of,
    problems_of,
    promise_facts,
)
from .models import PromiseFigures
from .progress import LIGHT_ORDER
from .results import YearSummary

logger = logging.getLogger(__name__)

# Activities read from the database at a time while streaming them (a server-side cursor on
# PostgreSQL): about a typical promise's year.
STREAM_CHUNK = 5000
# Figures written to the database in one statement.
WRITE_BATCH = 500

TREND_ORDER = (outcome.IMPROVING, outcome.WORSENING, outcome.UNCHANGED, outcome.NO_DATA)


@dataclass(frozen=True)
class Figures:
    """What a row shows of a promise's follow-up as of a day (kept: plain numbers)."""

    lights: tuple  # how many commitments stand at each light, in LIGHT_ORDER
    years: tuple  # YearSummary of the day's year and of the year before (None: no period)
    open_problems: int  # local problems not closed
    attention: int  # of those, how many need attention (followup.problems: BRÅ slow)
    trends: tuple  # how many outcome indicators have each trend, in TREND_ORDER

    def to_json(self):
        return {
            "lights": list(self.lights),
            "years": [year.to_json() if year else None for year in self.years],
            "open_problems": self.open_problems,
            "attention": self.attention,
            "trends": list(self.trends),
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            lights=tuple(data["lights"]),
            years=tuple(YearSummary(**year) if year else None for year in data["years"]),
            open_problems=data["open_problems"],
            attention=data["attention"],
            trends=tuple(data["trends"]),
        )


def figures_of(followup):
    """The :class:`Figures` of a :class:`~followup.results.Followup`."""
    lights = Counter(result.light for result in followup.commitments)
    years = {year.year: year for year in followup.years}
    trends = Counter(result.trend for result in followup.indicators)
    still_open = [p for p in followup.problems if p.facts.status != LocalProblemStatus.CLOSED]
    return Figures(
        lights=tuple(lights[light] for light in LIGHT_ORDER),
        years=(years.get(followup.as_of.year), years.get(followup.as_of.year - 1)),
        open_problems=len(still_open),
        attention=sum(bool(p.attention) for p in still_open),
        trends=tuple(trends[trend] for trend in TREND_ORDER),
    )


# ---------------------------------------------------------------------------------------------
# Read, kept or made


def figure_keys(promises, as_of):
    """The cache key of each of ``promises``' figures as of ``as_of``, by promise id (None for
    a promise without a change stamp: never cached)."""
    # The figures are numbers, the same in every language: kept once, under the default's.
    with translation.override(settings.LANGUAGE_CODE):
        return {p.pk: cache_key(p, "overview", as_of) for p in promises}


def list_key(keys, name, *parts):
    """A key for what is made of a whole list of promises whose figures' ``keys`` these are (the
    list's figures, its workbook), with ``parts`` it also depends on; None when a promise has no
    stamp. The figures' keys hold each promise's stamp: any change makes a new key."""
    if not keys or not all(keys.values()):
        return None
    return f"followup:{name}:{digest(keys.values())}:{len(keys)}:{digest(map(str, parts))}"


def figures_for(promises, as_of):
    """The :class:`Figures` of each of ``promises`` as of ``as_of``, by promise id: the list's
    from the cache in one read when none of its promises changed; else those kept and current
    (one query), and the others made (:func:`compute_figures`) and kept. The promises are read
    with their change stamps and successors' start (as :func:`overview_promises` reads
    them)."""
    promises = list(promises)
    keys = figure_keys(promises, as_of)
    whole = list_key(keys, "overview-list")
    if whole:
        found = cached_values([whole]).get(whole)
        if found is not None:
            return found
    stamps = {p.pk: stamp_of(p) for p in promises}
    found = kept_figures(stamps, as_of)
    made = compute_figures([p for p in promises if p.pk not in found], as_of)
    found.update(made)
    keep(made, stamps, as_of, prune=True)
    if whole:
        store(whole, found)
    return found


def kept_figures(stamps, as_of):
    """The kept figures as of ``as_of`` of the promises whose ids ``stamps`` maps to their
    change stamps, by promise id: those made at the stamp the promise has now (one query)."""
    current = {pk for pk, stamp in stamps.items() if stamp is not None}
    if not current:
        return {}
    rows = PromiseFigures.objects.filter(promise_id__in=current, as_of=as_of).values_list(
        "promise_id", "stamp", "figures"
    )
    return {pk: Figures.from_json(data) for pk, stamp, data in rows if stamp == stamps[pk]}


def keep(figures, stamps, as_of, *, prune=False, strict=False):
    """Keep ``figures`` (by promise id) as of ``as_of``, each with its promise's stamp in
    ``stamps`` (a promise with none is not kept); with ``prune``, delete the same promises'
    figures of earlier days. A database that refuses (locked, read-only) costs a page only the
    keeping: the figures were made, and are made again next time; ``strict`` (a command) lets
    the error through."""
    rows = [
        PromiseFigures(promise_id=pk, as_of=as_of, stamp=stamps[pk], figures=figures[pk].to_json())
        # In one order, so that two requests keeping the same promises never wait for each
        # other's rows crosswise (a deadlock on PostgreSQL).
        for pk in sorted(figures)
        if stamps.get(pk) is not None
    ]
    if not rows:
        return
    try:
        with transaction.atomic():
            PromiseFigures.objects.bulk_create(
                rows,
                batch_size=WRITE_BATCH,
                update_conflicts=True,
                unique_fields=["promise", "as_of"],
                update_fields=["stamp", "figures"],
            )
            if prune:
                ids = [row.promise_id for row in rows]
                PromiseFigures.objects.filter(promise_id__in=ids, as_of__lt=as_of).delete()
    except DatabaseError:
        if strict:
            raise
        logger.warning("The overview's figures could not be kept; made again next time.",
                       exc_info=True)  # fmt: skip


# What making a promise's figures reads of it (with its change stamp).
FIGURE_FIELDS = (
    "slug", "valid_from", "valid_until", "until_superseded", "published", "created_at",
    "replaces_id", "change_stamp__changes",
)  # fmt: skip


@dataclass(frozen=True)
class Refreshed:
    """What :func:`refresh` did: figures made, found current, and of earlier days deleted."""

    promises: int
    made: int
    current: int
    deleted: int


def refresh(first_day, days, *, batch=250, progress=None):
    """Make and keep the figures of every promise as of ``first_day`` and the ``days`` - 1 days
    after it that are not kept at the promise's stamp; delete those of days before
    ``first_day``. ``batch`` promises' are made at a time (memory holds one batch's commitments
    and one promise's activities); ``progress(day, done, total)`` is told after each."""
    promises = list(
        Promise.objects.select_related("change_stamp")
        .with_successor_start()
        .only(*FIGURE_FIELDS)
        .order_by("pk")
    )
    made = current = 0
    for offset in range(days):
        as_of = first_day + datetime.timedelta(days=offset)
        for start in range(0, len(promises), batch):
            chunk = promises[start : start + batch]
            stamps = {p.pk: stamp_of(p) for p in chunk}
            kept = kept_figures(stamps, as_of)
            figures = compute_figures([p for p in chunk if p.pk not in kept], as_of)
            keep(figures, stamps, as_of, strict=True)
            made, current = made + len(figures), current + len(kept)
            if progress:
                progress(as_of, start + len(chunk), len(promises))
    deleted, _ = PromiseFigures.objects.filter(as_of__lt=first_day).delete()
    return Refreshed(len(promises), made, current, deleted)


def compute_figures(promises, as_of):
    """The :class:`Figures` of ``promises`` as of ``as_of``, by promise id, each from the
    engine's follow-up of the promise (:func:`followup.engine.follow_up`), in six queries
    whatever the number of promises: the commitments and their responsible parties, who took
    part in the activities of followed commitments, the indicators, the local problems, and the
    activities, streamed in promise order so that one promise's are held at a time. Open plans
    are not read: they change no status, and the overview shows no plan."""
    if not promises:
        return {}
    by_id = {p.pk: p for p in promises}
    ids = list(by_id)
    commitments = commitments_of(ids)
    participants = _participants(set().union(*map(followed_commitments, commitments.values())))
    indicators = indicators_of(ids)
    problems = problems_of(ids)

    def figures(pk, activities):
        facts = promise_facts(by_id[pk], as_of)
        return figures_of(
            follow_up(
                facts, commitments[pk], activities, as_of, indicators[pk], problems=problems[pk]
            )
        )

    found = {}
    stream = (
        activity_rows(ids)
        .order_by("promise_id", "occurred_on", "pk")  # the index (promise, occurred_on, id)
        .iterator(chunk_size=STREAM_CHUNK)
    )
    for pk, rows in groupby(stream, key=itemgetter(1)):
        activities = [ActivityFacts(*row[2:], participants.get(row[0], NOBODY)) for row in rows]
        found[pk] = figures(pk, activities)
    for pk in ids:
        if pk not in found:  # no activity counts
            found[pk] = figures(pk, [])
    return found


def _participants(commitment_ids):
    """Who took part in the activities of ``commitment_ids`` (followed commitments and their
    sub-commitments): a frozenset of organisation ids by activity id, in one query."""
    if not commitment_ids:
        return {}
    taking_part = defaultdict(set)
    rows = Activity.participants.through.objects.filter(activity__commitment__in=commitment_ids)
    for activity_id, organisation_id in rows.values_list("activity_id", "organisation_id"):
        taking_part[activity_id].add(organisation_id)
    return {pk: frozenset(ids) for pk, ids in taking_part.items()}
