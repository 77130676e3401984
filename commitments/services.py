"""Writes that span several models. Each runs in one transaction."""

import datetime
import re

from django.db import transaction

from .dates import add_months
from .models import Commitment, FocusArea, LocalProblem, Promise


def promise_shift(promise):
    """A function moving a date on by the promise's length.

    A promise that runs whole months (1 Jan 2024 to 31 Dec 2025) moves on by whole months, so
    that the next one runs 1 Jan 2026 to 31 Dec 2027 whatever the leap years; any other moves on
    by its length in days.
    """
    end = promise.valid_until + datetime.timedelta(days=1)
    months = (end.year - promise.valid_from.year) * 12 + end.month - promise.valid_from.month
    if months > 0 and add_months(promise.valid_from, months) == end:
        return lambda day: day and add_months(day, months)
    length = promise.length()
    return lambda day: day and day + length


def _next_slug(promise, new_start):
    base = re.sub(r"\d{4}$", str(new_start.year), promise.slug)
    if base == promise.slug:
        base = f"{promise.slug}-{new_start.year}"
    slug, number = base, 2
    while Promise.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def start_next_promise(promise: Promise) -> Promise:
    """Copy ``promise`` into a new, unpublished draft that replaces it.

    Focus areas, local problems, commitments and sub-commitments are copied; every date moves on
    by the old promise's length. Activities are not copied: they belong to the old promise.
    """
    shift = promise_shift(promise)
    draft = Promise.objects.create(
        municipality=promise.municipality,
        police_area=promise.police_area,
        title=promise.title,
        slug=_next_slug(promise, shift(promise.valid_from)),
        signed_on=None,
        valid_from=shift(promise.valid_from),
        valid_until=shift(promise.valid_until),
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
            key=commitment.key,
            text=commitment.text,
            kind=commitment.kind,
            quota_target=commitment.quota_target,
            quota_per=commitment.quota_per,
            quota_unit=commitment.quota_unit,
            quota_average=commitment.quota_average,
            quota_kinds=commitment.quota_kinds,
            due_on=shift(commitment.due_on),
            position=commitment.position,
            publish_activities=commitment.publish_activities,
        )
        copy.responsible.set(commitment.responsible.all())
        copies[commitment.pk] = copy
    return draft
