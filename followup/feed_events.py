"""When a promise's commitments reached their results: the status changes its feed tells.

Plain data over the engine's results (:mod:`followup.engine`), no database:

- a quota period (an average quota's one evaluation too) is **met** on the day of the activity
  that brought its count to the target;
- a quota period that ended short is **missed** the day after its end;
- a milestone is **done** on the day of its first completing activity (one on a sub-commitment,
  or a followed activity it took part in, included: the engine's own pooling decides), and
  **missed** the day after its due date while it is not done.

Only what holds as of the follow-up's date is told: an open period, or a milestone in progress,
has no event yet.
"""

import datetime
from dataclasses import dataclass

from commitments.enums import CommitmentKind, FollowupStatus

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class StatusEvent:
    """One commitment's change of status: to ``status`` on ``day`` (``period`` for a quota)."""

    commitment: object  # followup.results.CommitmentResult
    status: str  # FollowupStatus.MET, MISSED or DONE
    day: datetime.date
    period: object = None  # followup.results.PeriodResult, for a quota


def first_day_reaching(count_between, start, end, target):
    """The first day ``d`` from ``start`` to ``end`` on which ``count_between(start, d)`` is at
    least ``target``, or None when it never is by ``end``.

    ``count_between`` never falls as ``d`` grows (it sums quantities of activities up to ``d``),
    so the day is found by halving the days in between: a few sums, whatever the period.
    """
    if end < start or count_between(start, end) < target:
        return None
    low, high = 0, (end - start).days  # the answer lies in start + low .. start + high
    while low < high:
        middle = (low + high) // 2
        if count_between(start, start + datetime.timedelta(days=middle)) >= target:
            high = middle
        else:
            low = middle + 1
    return start + datetime.timedelta(days=low)


def completing_only(facts):
    """``facts`` (:class:`followup.loading.Facts`) with only the completing activities, each of
    quantity 1: the engine's follow-up of these counts, for each commitment, how many completing
    activities reach it (its sub-commitments' and the followed ones it took part in included)."""
    return facts._replace(
        activities=[a._replace(quantity=1) for a in facts.activities if a.completes]
    )


def status_events(followup, completions=None):
    """The :class:`StatusEvent` of every commitment of ``followup`` (a Followup), in promise
    order, each commitment's in date order.

    ``completions`` is the follow-up of the same promise and date over its completing activities
    only (:func:`completing_only`); without it, milestones give no done events.
    """
    completed = {}
    if completions is not None:
        completed = {result.key: result for result in completions.commitments}
    as_of = followup.as_of
    events = []
    for result in followup.commitments:
        if result.facts.kind == CommitmentKind.QUOTA:
            events.extend(_period_events(result, as_of))
        elif result.facts.kind == CommitmentKind.MILESTONE:
            event = _milestone_event(result, completed.get(result.key), followup.promise, as_of)
            if event is not None:
                events.append(event)
    return events


def _period_events(result, as_of):
    for period in result.periods:
        if period.status == FollowupStatus.MET:
            day = first_day_reaching(
                result.count_between, period.start, min(period.end, as_of), period.target
            )
            if day is not None:  # always, as the engine counted the same activities
                yield StatusEvent(result, FollowupStatus.MET, day, period)
        elif period.status == FollowupStatus.MISSED:
            yield StatusEvent(result, FollowupStatus.MISSED, period.end + ONE_DAY, period)


def _milestone_event(result, completion, promise, as_of):
    if result.status == FollowupStatus.DONE and completion is not None:
        day = first_day_reaching(completion.count_between, promise.valid_from, as_of, 1)
        return StatusEvent(result, FollowupStatus.DONE, day) if day is not None else None
    if result.status == FollowupStatus.MISSED and result.facts.due_on is not None:
        return StatusEvent(result, FollowupStatus.MISSED, result.facts.due_on + ONE_DAY)
    return None
