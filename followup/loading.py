"""Reading a promise's facts from the database for the follow-up engine.

Kept apart from :mod:`followup.engine` so that the rules stay plain Python over plain data.
"""

from collections import defaultdict

from django.db.models import F

from commitments.models import Activity, Commitment

from .caching import cache_key, cached_value, store
from .engine import ActivityFacts, CommitmentFacts, PromiseFacts, follow_up

NOBODY = frozenset()


def load_facts(promise, as_of):
    """PromiseFacts, CommitmentFacts and ActivityFacts of ``promise``, in five queries at most.

    One for the successor (none when prefetched or annotated), two for the commitments and
    their responsible parties, one for the activities, and one for who took part in them when a
    commitment follows another.
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
    participants = {}
    following = [pk for pk, facts in commitments.items() if any(c.follows_id for c in facts)]
    if following:
        through = Activity.participants.through.objects
        taking_part = defaultdict(set)
        for activity_id, organisation_id in through.filter(
            activity__promise__in=following
        ).values_list("activity_id", "organisation_id"):
            taking_part[activity_id].add(organisation_id)
        participants = {pk: frozenset(ids) for pk, ids in taking_part.items()}
    activities = defaultdict(list)
    for pk, promise_id, *row in Activity.objects.filter(promise__in=ids).values_list(
        "pk", "promise_id", "commitment_id", "occurred_on", "quantity", "kind",
        "completes", "organisation_id",
    ):  # fmt: skip
        activities[promise_id].append(ActivityFacts(*row, participants.get(pk, NOBODY)))
    return {p.pk: (promise_facts(p, as_of), commitments[p.pk], activities[p.pk]) for p in promises}


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
    found = {pk: cached_value(key) for pk, key in keys.items() if key}
    found = {pk: value for pk, value in found.items() if value is not None}
    missing = [p for p in promises if p.pk not in found]
    if missing:
        for pk, facts in load_many_facts(missing, as_of).items():
            found[pk] = follow_up(*facts, as_of=as_of)
            if keys[pk]:
                store(keys[pk], found[pk])
    return found
