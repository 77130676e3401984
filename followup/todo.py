"""What is mine and due: across every promise a person reports in, the commitments of their
organisations that need action now, the most urgent first (the "Att göra" page); for a
coordinator of a promise's municipality, also its local problems that need attention
(:mod:`followup.problems`: BRÅ to convene, a plan to adopt)."""

import datetime
from dataclasses import dataclass, field

from commitments.access import REPORTING_ROLES, memberships
from commitments.enums import CommitmentKind, FollowupStatus, PromiseStatus, Role
from commitments.models import Promise

from . import outcome, problems
from .loading import followups_for

# Promises whose commitments can still be acted on.
IN_FORCE = {PromiseStatus.ACTIVE, PromiseStatus.EXTENDED}
# A milestone is due when its due date is this close (or past).
DUE_SOON = datetime.timedelta(days=60)

# Why a commitment is on the list, most urgent first.
BEHIND, OVERDUE, AT_RISK, DUE, INACTIVE, NOT_STARTED = range(6)
REASONS = {
    FollowupStatus.BEHIND: BEHIND,
    FollowupStatus.AT_RISK: AT_RISK,
    FollowupStatus.INACTIVE: INACTIVE,
    FollowupStatus.NOT_STARTED: NOT_STARTED,
}


@dataclass
class TodoItem:
    promise: object
    result: object  # the commitment's CommitmentResult
    urgency: int  # one of BEHIND … NOT_STARTED
    due: datetime.date | None  # the end of the period, or the milestone's due date

    @property
    def overdue(self):
        return self.urgency == OVERDUE

    @property
    def milestone_due(self):
        return self.urgency in (OVERDUE, DUE)


def urgency(result, as_of):
    """(urgency, due) when the commitment needs action as of ``as_of``, else None."""
    facts = result.facts
    if (
        facts.kind == CommitmentKind.MILESTONE
        and facts.due_on
        and result.status != FollowupStatus.DONE
    ):
        if facts.due_on < as_of:
            return OVERDUE, facts.due_on
        if facts.due_on <= as_of + DUE_SOON:
            return DUE, facts.due_on
    if result.status in REASONS:
        return REASONS[result.status], result.current.end if result.current else facts.due_on
    return None


def todo_items(promise, followup, organisation_names):
    """The items of one promise for the parties named ``organisation_names``."""
    items = []
    for result in followup.commitments:
        if organisation_names.isdisjoint(result.facts.responsible):
            continue
        found = urgency(result, followup.as_of)
        if found:
            items.append(TodoItem(promise, result, *found))
    return items


@dataclass
class Todo:
    """Everything on a person's "Att göra" page."""

    as_of: datetime.date
    items: list
    promises: list  # the promises in force that were looked at
    # (promise, result): their quotas on track whose need is not covered by plans
    unplanned: list = field(default_factory=list)
    # (promise, ProblemResult): local problems of the municipalities they coordinate for,
    # needing attention, the longest waiting first
    problems: list = field(default_factory=list)

    @property
    def empty(self):
        """Whether nothing needs doing."""
        return not self.items and not self.problems

    @classmethod
    def build(cls, user, as_of):
        reporting = [m.organisation for m in memberships(user) if m.role in REPORTING_ROLES]
        names = {o.name for o in reporting}
        councils = {m.organisation_id for m in memberships(user) if m.role == Role.COORDINATOR}
        promises = [
            p
            for p in Promise.objects.published()
            .with_party(reporting)
            .with_parties()
            .order_by("title", "pk")
            if p.status_on(as_of) in IN_FORCE
        ]
        followups = followups_for(promises, as_of)
        items = [
            item
            for promise in promises
            for item in todo_items(promise, followups[promise.pk], names)
        ]
        far = datetime.date.max
        items.sort(key=lambda i: (i.urgency, i.due or far, i.promise.title, i.result.key))
        unplanned = [
            (promise, result)
            for promise in promises
            for result in outcome.unplanned(followups[promise.pk])
            if not names.isdisjoint(result.facts.responsible)
        ]
        unplanned.sort(key=lambda pair: (pair[1].current.end, pair[0].title, pair[1].key))
        waiting = [
            (promise, problem)
            for promise in promises
            if promise.municipality_id in councils
            for problem in problems.attention(followups[promise.pk])
        ]
        waiting.sort(key=lambda pair: (pair[1].due, pair[0].title, pair[1].facts.title))
        return cls(as_of, items, promises, unplanned, waiting)
