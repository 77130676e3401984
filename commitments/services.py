"""Writes that span several models. Each runs in one transaction."""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import ngettext

from . import stamps
from .dates import add_months
from .enums import DisplacedActivities
from .models import Activity, Commitment, FocusArea, Indicator, LocalProblem, Promise

ONE_DAY = datetime.timedelta(days=1)


def _whole_months(start, end):
    """The number of months from ``start`` to ``end`` if that is whole (1 Jan to 1 Mar: 2),
    else None."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) == end:
        return months
    return None


def date_shift(old_start, new_start):
    """A function moving a date on as ``old_start`` moves to ``new_start``.

    By whole months when that is a whole number of months (1 Jan 2024 to 1 Jan 2026 moves
    30 June 2024 to 30 June 2026 whatever the leap years), else by the days between.
    """
    months = _whole_months(old_start, new_start)
    if months:
        return lambda day: day and add_months(day, months)
    days = new_start - old_start
    return lambda day: day and day + days


def promise_shift(promise):
    """A function moving a date on by the promise's length.

    A promise that runs whole months (1 Jan 2024 to 31 Dec 2025) moves on by whole months, so
    that the next one runs 1 Jan 2026 to 31 Dec 2027 whatever the leap years; any other moves on
    by its length in days.
    """
    return date_shift(promise.valid_from, promise.valid_until + ONE_DAY)


def next_promise_dates(promise, today):
    """(valid_from, valid_until) to offer for the promise after ``promise``.

    It starts the day after the old one's end, or ``today`` if that is later (a promise is not
    given in the past), and keeps the old one's length as :func:`promise_shift` does: whole
    months stay whole months, any other length the same number of days.
    """
    start = max(promise.valid_until + ONE_DAY, today)
    months = _whole_months(promise.valid_from, promise.valid_until + ONE_DAY)
    if months:
        return start, add_months(start, months) - ONE_DAY
    return start, start + promise.length() - ONE_DAY


def _next_slug(promise, new_start):
    base = re.sub(r"\d{4}$", str(new_start.year), promise.slug)
    if base == promise.slug:
        base = f"{promise.slug}-{new_start.year}"
    slug, number = base, 2
    while Promise.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


class SuccessorExists(Exception):
    """The promise already has a successor (a draft or a published one): it is not started
    twice. ``successor`` is the one that exists."""

    def __init__(self, successor):
        self.successor = successor
        super().__init__(successor.slug)


def existing_successor(promise):
    """A promise that replaces ``promise`` already, draft or published (the earliest), or None."""
    return promise.successors.order_by("valid_from", "pk").first()


@transaction.atomic
def start_next_promise(
    promise: Promise, *, title: str, valid_from: datetime.date, valid_until: datetime.date
) -> Promise:
    """Copy ``promise`` into a new, unpublished draft that replaces it.

    The draft has the given title and dates. Focus areas, local problems, commitments and
    sub-commitments are copied with all they hold (sub-headings, follows pointing to the copy,
    units); their dates move on as the start does. Activities are not copied: they belong to the
    old promise. Outcome indicators are copied (key, name, unit, direction, source, focus area,
    target), each with the old one's latest value (by date) as its baseline, or the old
    baseline when it has no value: the new promise is measured from where the old one left
    off. Their values are not copied. Raises :class:`SuccessorExists` when a promise replaces
    it already.
    """
    # Lock the old promise: two presses of the button at once would otherwise both find no
    # successor and start two drafts.
    Promise.objects.select_for_update().get(pk=promise.pk)
    successor = existing_successor(promise)
    if successor is not None:
        raise SuccessorExists(successor)
    shift = date_shift(promise.valid_from, valid_from)
    draft = Promise.objects.create(
        municipality=promise.municipality,
        police_area=promise.police_area,
        title=title,
        slug=_next_slug(promise, valid_from),
        signed_on=None,
        valid_from=valid_from,
        valid_until=valid_until,
        until_superseded=promise.until_superseded,
        replaces=promise,
        public=promise.public,
        published=False,
        summary=promise.summary,
        basis=promise.basis,
        followup=promise.followup,
        source_url="",
    )
    draft.other_parties.set(promise.other_parties.all())
    draft.review_for.set(promise.review_for.all())

    areas, problems = {}, {}
    for area in promise.focus_areas.all():
        areas[area.pk] = FocusArea.objects.create(
            promise=draft, title=area.title, description=area.description, position=area.position
        )
    for problem in LocalProblem.objects.filter(focus_area__promise=promise):
        problems[problem.pk] = LocalProblem.objects.create(
            focus_area=areas[problem.focus_area_id],
            title=problem.title,
            description=problem.description,
            status=problem.status,
            raised_on=shift(problem.raised_on),
            action_plan=problem.action_plan,
            position=problem.position,
        )

    copies = {}
    commitments = list(promise.commitments.prefetch_related("responsible"))
    parent_of = {c.pk: c.parent_id for c in commitments}

    def depth(pk):
        steps = 0
        while parent_of.get(pk):
            pk, steps = parent_of[pk], steps + 1
        return steps

    # Parents before children: a copy's parent must exist when it is saved.
    by_depth = sorted(commitments, key=lambda c: depth(c.pk))
    for commitment in by_depth:
        copy = Commitment.objects.create(
            promise=draft,
            focus_area=areas[commitment.focus_area_id],
            local_problem=problems.get(commitment.local_problem_id),
            parent=copies.get(commitment.parent_id),
            group=commitment.group,
            key=commitment.key,
            text=commitment.text,
            kind=commitment.kind,
            quota_target=commitment.quota_target,
            quota_per=commitment.quota_per,
            quota_unit=commitment.quota_unit,
            quota_unit_one=commitment.quota_unit_one,
            quota_average=commitment.quota_average,
            quota_kinds=commitment.quota_kinds,
            due_on=shift(commitment.due_on),
            position=commitment.position,
            publish_activities=commitment.publish_activities,
        )
        copy.responsible.set(commitment.responsible.all())
        copies[commitment.pk] = copy
    # Follows may point forward or backward in the promise: set them once every copy exists.
    for commitment in commitments:
        if commitment.follows_id in copies:
            copy = copies[commitment.pk]
            copy.follows = copies[commitment.follows_id]
            copy.save(update_fields=["follows"])
    for indicator in promise.indicators.prefetch_related("values"):
        latest = max(indicator.values.all(), key=lambda value: value.measured_on, default=None)
        Indicator.objects.create(
            promise=draft,
            key=indicator.key,
            name=indicator.name,
            unit=indicator.unit,
            direction=indicator.direction,
            source=indicator.source,
            focus_area=areas.get(indicator.focus_area_id),
            baseline_on=latest.measured_on if latest else indicator.baseline_on,
            baseline_value=latest.value if latest else indicator.baseline_value,
            target=indicator.target,
            position=indicator.position,
        )
    return draft


# ---------------------------------------------------------------------------------------------
# Succession: what publishing a successor does to the old promise's activities


@dataclass
class Displaced:
    """The activities of ``predecessor`` that would fall outside its days in force, after
    ``end``, once its successor is saved as it stands; each with the successor's commitment of
    the same key, or None when the successor has none (it cannot move)."""

    predecessor: Promise
    end: datetime.date
    rows: list = field(default_factory=list)  # (Activity, Commitment or None), oldest first

    def __len__(self):
        return len(self.rows)

    @property
    def unmovable(self):
        return [activity for activity, counterpart in self.rows if counterpart is None]

    @property
    def missing_keys(self):
        """The keys of the commitments whose activities cannot move, in order."""
        return list(dict.fromkeys(a.commitment.key for a in self.unmovable))


def displaced_activities(successor: Promise) -> Displaced | None:
    """What saving ``successor`` (changed, not yet saved) would put outside the days in force of
    the promise it replaces, or None when nothing.

    A promise given "until a new promise is given" ends the day before its published successor
    starts (:meth:`Promise.effective_end`): publishing a successor, or moving a published one's
    start earlier, ends it sooner, and its activities after that day no longer count.
    """
    if not (successor.replaces_id and successor.published and successor.valid_from):
        return None
    # Read afresh: the database holds the old promise's successors as they are before the save.
    predecessor = Promise.objects.prefetch_related("successors").get(pk=successor.replaces_id)
    if not predecessor.until_superseded:
        return None
    end = successor.valid_from - ONE_DAY
    counted = Activity.objects.for_promise(predecessor).filter(
        occurred_on__gte=predecessor.valid_from, occurred_on__gt=end
    )
    current_end = predecessor.effective_end()
    if current_end is not None:
        counted = counted.filter(occurred_on__lte=current_end)
    activities = list(
        counted.select_related("commitment", "organisation").order_by("occurred_on", "pk")
    )
    if not activities:
        return None
    counterparts = {}
    if successor.pk:
        counterparts = {c.key: c for c in Commitment.objects.filter(promise_id=successor.pk)}
    return Displaced(
        predecessor, end, [(a, counterparts.get(a.commitment.key)) for a in activities]
    )


@transaction.atomic
def move_activities(activities, successor: Promise):
    """Move ``activities`` to ``successor``'s commitments with the same keys.

    Each move is a change in the activity's history (from a commitment of the old promise to one
    of the new). Returns (moved, unmovable): activities whose key the successor lacks stay.
    """
    counterparts = {c.key: c for c in Commitment.objects.filter(promise=successor)}
    moved, unmovable = [], []
    # Saving an activity raises its new promise's stamp; the one it leaves changes too.
    stamps.touch(*{a.commitment.promise_id for a in activities})
    for activity in activities:
        counterpart = counterparts.get(activity.commitment.key)
        if counterpart is None:
            unmovable.append(activity)
            continue
        activity.commitment = counterpart
        activity.save(update_fields=["commitment", "updated_at"])
        moved.append(activity)
    return moved, unmovable


@dataclass
class Settled:
    """What was done with displaced activities: moved (those that could) or kept."""

    displaced: Displaced
    successor: Promise
    choice: str  # a DisplacedActivities value
    moved: list = field(default_factory=list)
    unmovable: list = field(default_factory=list)

    def __str__(self):
        old, new = self.displaced.predecessor.slug, self.successor.slug
        if self.choice == DisplacedActivities.KEEP:
            count = len(self.displaced)
            return ngettext(
                "%(count)s activity of %(old)s is kept there and does not count: it is after "
                "%(end)s, the promise's last day in force.",
                "%(count)s activities of %(old)s are kept there and do not count: they are after "
                "%(end)s, the promise's last day in force.",
                count,
            ) % {"count": count, "old": old, "end": self.displaced.end.isoformat()}
        text = ngettext(
            "Moved %(count)s activity of %(old)s to %(new)s.",
            "Moved %(count)s activities of %(old)s to %(new)s.",
            len(self.moved),
        ) % {"count": len(self.moved), "old": old, "new": new}
        if self.unmovable:
            keys = ", ".join(dict.fromkeys(a.commitment.key for a in self.unmovable))
            text += " " + ngettext(
                "%(count)s could not move (%(new)s has no commitment %(keys)s): it stays in "
                "%(old)s, where it does not count.",
                "%(count)s could not move (%(new)s has no commitment %(keys)s): they stay in "
                "%(old)s, where they do not count.",
                len(self.unmovable),
            ) % {"count": len(self.unmovable), "new": new, "keys": keys, "old": old}
        return text


def settle_displaced(displaced: Displaced, successor: Promise, choice: str) -> Settled:
    """Move the displaced activities to ``successor`` (those whose key it has), or keep them."""
    if choice == DisplacedActivities.MOVE:
        moved, unmovable = move_activities([a for a, _counterpart in displaced.rows], successor)
        return Settled(displaced, successor, choice, moved, unmovable)
    return Settled(displaced, successor, DisplacedActivities.KEEP)
