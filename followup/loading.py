"""Reading a promise's facts from the database for the follow-up engine.

Kept apart from :mod:`followup.engine` so that the rules stay plain Python over plain data.
"""

from collections import defaultdict

from django.db.models import F

from commitments.models import Activity, Commitment

from .engine import ActivityFacts, CommitmentFacts, PromiseFacts, follow_up

NOBODY = frozenset()


def load_facts(promise, as_of):
    """PromiseFacts, CommitmentFacts and ActivityFacts of ``promise``, in five queries at most.

    One for the successor (none when prefetched), two for the commitments and their responsible
    parties, one for the activities, and one for who took part in them when a commitment
    follows another.
    """
    promise_facts = PromiseFacts(
        slug=promise.slug,
        valid_from=promise.valid_from,
        valid_until=promise.valid_until,
        effective_end=promise.effective_end(),
        status=promise.status_on(as_of),
    )
    rows = (
        Commitment.objects.filter(promise=promise)
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
    commitments = [
        CommitmentFacts(
            id=c.pk,
            key=c.key,
            kind=c.kind,
            text=c.text,
            parent_id=c.parent_id,
            focus_area=c.focus_area.title,
            local_problem=c.local_problem.title if c.local_problem else None,
            responsible=tuple(
                o.name for o in sorted(c.responsible.all(), key=lambda o: o.party_order)
            ),
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
        for c in rows
    ]
    participants = {}
    if any(c.follows_id for c in commitments):
        through = Activity.participants.through.objects
        taking_part = defaultdict(set)
        for activity_id, organisation_id in through.filter(
            activity__commitment__promise=promise
        ).values_list("activity_id", "organisation_id"):
            taking_part[activity_id].add(organisation_id)
        participants = {pk: frozenset(ids) for pk, ids in taking_part.items()}
    activities = [
        ActivityFacts(*row, participants.get(pk, NOBODY))
        for pk, *row in Activity.objects.filter(commitment__promise=promise).values_list(
            "pk", "commitment_id", "occurred_on", "quantity", "kind", "completes",
            "organisation_id",
        )
    ]  # fmt: skip
    return promise_facts, commitments, activities


def followup_for(promise, as_of):
    """The :class:`Followup` of a Promise (a model instance) as of ``as_of``."""
    return follow_up(*load_facts(promise, as_of), as_of=as_of)
