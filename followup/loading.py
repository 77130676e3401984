"""Reading a promise's facts from the database for the follow-up engine.

Kept apart from :mod:`followup.engine` so that the rules stay plain Python over plain data.
"""

from collections import defaultdict
from itertools import groupby
from typing import NamedTuple

from django.db.models import F

from commitments.enums import PlanStatus, ReviewStatus
from commitments.models import (
    Activity,
    Commitment,
    Indicator,
    LocalProblem,
    Organisation,
    PlannedActivity,
)

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
    commitments = commitments_of(ids)
    rows = list(activity_rows(ids))
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


def commitments_of(promise_ids):
    """The CommitmentFacts of the promises ``promise_ids``, by promise id, each promise's in its
    order (focus area, local problem, position), in two queries (their responsible parties, and
    the commitments). Read as values, not model instances: the overview reads the whole
    country's 40,000 commitments, which as instances with their parties took 19 s."""
    responsible = defaultdict(list)
    order = {}  # an organisation's place among the parties (Organisation.party_order)
    parties = Commitment.responsible.through.objects.filter(commitment__promise__in=promise_ids)
    for commitment_id, pk, name, kind in parties.values_list(
        "commitment_id", "organisation_id", "organisation__name", "organisation__kind"
    ):
        if pk not in order:
            order[pk] = Organisation(name=name, kind=kind).party_order
        responsible[commitment_id].append((order[pk], pk, name))
    rows = (
        Commitment.objects.filter(promise__in=promise_ids)
        .order_by(
            "focus_area__position",
            "focus_area_id",
            F("local_problem__position").asc(nulls_first=True),
            F("local_problem_id").asc(nulls_first=True),
            "position",
            "id",
        )
        .values_list(*COMMITMENT_FIELDS)
    )
    commitments = defaultdict(list)
    for row in rows:
        commitments[row[1]].append(commitment_facts(row, sorted(responsible[row[0]])))
    return commitments


def activity_rows(promise_ids):
    """The activities of the promises ``promise_ids`` that count, as a query (not yet read) of
    (id, promise id, then the fields of ActivityFacts but participants)."""
    # Only approved activities count (commitments.review): without review, all are.
    return Activity.objects.filter(
        promise__in=promise_ids, review_status=ReviewStatus.APPROVED
    ).values_list(
        "pk", "promise_id", "commitment_id", "occurred_on", "quantity", "kind", "completes",
        "organisation_id",
    )  # fmt: skip


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


COMMITMENT_FIELDS = (
    "pk", "promise_id", "key", "kind", "text", "parent_id", "focus_area__title",
    "local_problem__title", "quota_target", "quota_per", "quota_unit", "quota_average",
    "quota_kinds", "due_on", "group", "follows_id", "quota_unit_one",
)  # fmt: skip


def commitment_facts(row, parties):
    """CommitmentFacts of a row of COMMITMENT_FIELDS and its ``parties``: (order, id, name) of
    each responsible organisation, in order."""
    (pk, _promise, key, kind, text, parent_id, focus_area, local_problem, target, per, unit,
     average, kinds, due_on, group, follows_id, unit_one) = row  # fmt: skip
    return CommitmentFacts(
        id=pk,
        key=key,
        kind=kind,
        text=text,
        parent_id=parent_id,
        focus_area=focus_area,
        local_problem=local_problem,
        responsible=tuple(name for _order, _pk, name in parties),
        target=target,
        per=per,
        unit=unit,
        average=average,
        kinds=tuple(kinds),
        due_on=due_on,
        group=group or None,
        follows_id=follows_id,
        responsible_ids=frozenset(party_pk for _order, party_pk, _name in parties),
        unit_one=unit_one,
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
