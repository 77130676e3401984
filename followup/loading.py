"""Reading a promise's facts from the database for the follow-up engine.

Kept apart from :mod:`followup.engine` so that the rules stay plain Python over plain data.
"""

from collections import defaultdict
from itertools import groupby
from typing import NamedTuple

from django.db.models import F

from commitments.enums import PlanStatus, ReviewStatus
from commitments.models import Activity, Commitment, Indicator, LocalProblem, PlannedActivity

from .caching import cache_key, cached_values, store
from .engine import ActivityFacts, CommitmentFacts, PlanFacts, PromiseFacts, follow_up
from .indicators import IndicatorFacts, Measurement
from .problems import ProblemFacts

NOBODY = frozenset()


class Facts(NamedTuple):
    """What :func:`followup.engine.follow_up` reads of one promise."""

    promise: PromiseFacts
    commitments: list  # CommitmentFacts
    activities: list  # ActivityFacts
    indicators: list  # followup.indicators.IndicatorFacts
    plans: list | tuple = ()  # PlanFacts, the open ones
    problems: list | tuple = ()  # ProblemFacts, in the promise's order

    def follow_up(self, as_of):
        return follow_up(
            self.promise,
            self.commitments,
            self.activities,
            as_of,
            self.indicators,
            self.plans,
            self.problems,
        )


def load_facts(promise, as_of):
    """The :class:`Facts` of ``promise``, in eight queries at most.

    One for the successor (none when prefetched or annotated), two for the commitments and
    their responsible parties, one for the activities, one for who took part in them when a
    commitment follows another, one for the outcome indicators with their values, one for
    the open plans and one for the local problems.
    """
    return load_many_facts([promise], as_of)[promise.pk]


def load_many_facts(promises, as_of):
    """:func:`load_facts` of several promises, by promise id, in as many queries as for one."""
    promises = list(promises)
    ids = [p.pk for p in promises]
    rows = (
        Commitment.objects.filter(promise__in=ids)
        .select_related("focus_area", "local_problem")
        .prefetch_related("responsible")
        .order_by(
            "focus_area__position",
            "focus_area_id",
            F("local_problem__position").asc(nulls_first=True),
            F("local_problem_id").asc(nulls_first=True),
            "position",
            "id",
        )
    )
    commitments = defaultdict(list)
    for c in rows:
        commitments[c.promise_id].append(commitment_facts(c))
    rows = list(
        # Only approved activities count (commitments.review): without review, all are.
        Activity.objects.filter(promise__in=ids, review_status=ReviewStatus.APPROVED).values_list(
            "pk", "promise_id", "commitment_id", "occurred_on", "quantity", "kind",
            "completes", "organisation_id",
        )
    )  # fmt: skip
    followed = set().union(*map(followed_commitments, commitments.values()))
    participants = participants_of([row[0] for row in rows if row[2] in followed], followed)
    activities = defaultdict(list)
    for pk, promise_id, *row in rows:
        activities[promise_id].append(ActivityFacts(*row, participants.get(pk, NOBODY)))
    indicators = indicators_of(ids)
    plans = open_plans_of(ids, as_of)
    problems = problems_of(ids)
    return {
        p.pk: Facts(
            promise_facts(p, as_of),
            commitments[p.pk],
            activities[p.pk],
            indicators[p.pk],
            plans[p.pk],
            problems[p.pk],
        )
        for p in promises
    }


def problems_of(promise_ids):
    """The ProblemFacts of the promises ``promise_ids``, by promise id, in one query, each
    promise's in its order (by focus area, then position)."""
    rows = (
        LocalProblem.objects.filter(focus_area__promise__in=promise_ids)
        .order_by("focus_area__position", "focus_area_id", "position", "pk")
        .values_list(
            "focus_area__promise_id", "pk", "focus_area__title", "title", "status", "raised_on",
            "convened_on", "plan_adopted_on", "closed_on",
        )
    )  # fmt: skip
    found = defaultdict(list)
    for promise_id, *row in rows:
        found[promise_id].append(ProblemFacts(*row))
    return found


def open_plans_of(promise_ids, as_of):
    """The open plans of the promises ``promise_ids`` dated ``as_of`` or later, as PlanFacts by
    promise id, in one query (the index on promise, status and day)."""
    rows = PlannedActivity.objects.filter(
        promise__in=promise_ids, status=PlanStatus.OPEN, planned_on__gte=as_of
    ).values_list("promise_id", "commitment_id", "planned_on", "kind")
    found = defaultdict(list)
    for promise_id, *row in rows:
        found[promise_id].append(PlanFacts(*row))
    return found


def indicators_of(promise_ids):
    """The IndicatorFacts of the promises ``promise_ids``, by promise id, in one query: a row
    per value (an indicator without values has one row, with none), in the promises' order."""
    rows = (
        Indicator.objects.filter(promise__in=promise_ids)
        .order_by("promise_id", "position", "pk", "values__measured_on")
        .values_list(
            "pk", "promise_id", "key", "name", "unit", "direction", "source",
            "focus_area__title", "baseline_on", "baseline_value", "target",
            "values__measured_on", "values__value", "values__note", "values__source_url",
        )
    )  # fmt: skip
    found = defaultdict(list)
    for _pk, indicator_rows in groupby(rows, key=lambda row: row[0]):
        first, *rest = indicator_rows
        promise_id, key, name, unit, direction, source, area, baseline_on, baseline_value = first[
            1:10
        ]
        found[promise_id].append(
            IndicatorFacts(
                key=key,
                name=name,
                unit=unit,
                direction=direction,
                source=source,
                focus_area=area,
                baseline=(
                    Measurement(baseline_on, baseline_value) if baseline_on is not None else None
                ),
                target=first[10],
                values=tuple(
                    Measurement(*row[11:15]) for row in (first, *rest) if row[11] is not None
                ),
            )
        )
    return found


def followed_commitments(commitments):
    """Ids of the commitments whose activities a commitment following another may count: each
    followed commitment and its sub-commitments (see follow_up)."""
    children = defaultdict(list)
    for c in commitments:
        children[c.parent_id].append(c.id)
    todo = [c.follows_id for c in commitments if c.follows_id]
    found = set()
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children[pk])
    return found


# Up to this many activities, their participants are read by id (an index lookup each);
# more, by their commitments (one list of ids stays well within SQLite's 32,766 parameters).
PARTICIPANTS_BY_ID = 10_000


def participants_of(activity_ids, commitment_ids):
    """Who took part in each of ``activity_ids`` (all activities of ``commitment_ids``): a
    frozenset of organisation ids by activity id, for those with any.

    Read by the activities' own ids, so that PostgreSQL looks them up in the participants'
    index rather than reading the whole country's participants to join them.
    """
    if not activity_ids:
        return {}
    rows = Activity.participants.through.objects
    if len(activity_ids) <= PARTICIPANTS_BY_ID:
        rows = rows.filter(activity_id__in=activity_ids)
    else:
        rows = rows.filter(activity__commitment__in=commitment_ids)
    taking_part = defaultdict(set)
    for activity_id, organisation_id in rows.values_list("activity_id", "organisation_id"):
        taking_part[activity_id].add(organisation_id)
    return {pk: frozenset(ids) for pk, ids in taking_part.items()}


def promise_facts(promise, as_of):
    return PromiseFacts(
        slug=promise.slug,
        valid_from=promise.valid_from,
        valid_until=promise.valid_until,
        effective_end=promise.effective_end(),
        status=promise.status_on(as_of),
    )


def commitment_facts(c):
    return CommitmentFacts(
        id=c.pk,
        key=c.key,
        kind=c.kind,
        text=c.text,
        parent_id=c.parent_id,
        focus_area=c.focus_area.title,
        local_problem=c.local_problem.title if c.local_problem else None,
        responsible=tuple(o.name for o in sorted(c.responsible.all(), key=lambda o: o.party_order)),
        target=c.quota_target,
        per=c.quota_per,
        unit=c.quota_unit,
        average=c.quota_average,
        kinds=tuple(c.quota_kinds),
        due_on=c.due_on,
        group=c.group or None,
        follows_id=c.follows_id,
        responsible_ids=frozenset(o.pk for o in c.responsible.all()),
        unit_one=c.quota_unit_one,
    )


def followup_for(promise, as_of):
    """The :class:`Followup` of a Promise (a model instance) as of ``as_of``."""
    return followups_for([promise], as_of)[promise.pk]


def followups_for(promises, as_of):
    """The Followups of several promises, by promise id: those cached (by change stamp, see
    followup.caching) from the cache, the others computed with their facts read together."""
    keys = {p.pk: cache_key(p, "followup", as_of) for p in promises}
    cached = cached_values(keys.values())
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [p for p in promises if p.pk not in found]
    if missing:
        for pk, facts in load_many_facts(missing, as_of).items():
            found[pk] = facts.follow_up(as_of)
            if keys[pk]:
                store(keys[pk], found[pk])
    return found


def summaries_for(promises, as_of):
    """How many commitments of each promise stand in each status (``Followup.summary``), by
    promise id: a list of promises shows only these, so only these few numbers are read from
    the cache, not each promise's whole follow-up."""
    keys = {p.pk: cache_key(p, "summary", as_of) for p in promises}
    cached = cached_values(keys.values())
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [p for p in promises if p.pk not in found]
    for pk, followup in followups_for(missing, as_of).items():
        found[pk] = followup.summary
        if keys[pk]:
            store(keys[pk], followup.summary)
    return found
