"""A local problem's workflow, step by step: raised, BRÅ convened, action plan adopted, closed.

Each step is one function and one transaction. It locks the problem's row, checks the step
against what the row holds now and saves it with who recorded it (``*_by``) and a history
record of its own (the meeting's participants in it). The rules:

- Steps go forward only: convene a raised problem, adopt the plan of a convened one, close one
  whose plan is adopted (a problem that needs no measures gets a plan that says so, with none).
- A step's day is in the years 1900–2100, not after today and not before the step before it.
- ``reopen`` takes a closed problem back to ``plan_adopted`` (the last step before closing, the
  only one a problem can be closed from), with a reason, which its history keeps; the closing's
  day, who recorded it and the outcome are cleared (the history keeps them too).
- ``take_back_convening`` undoes a convening recorded by mistake while it is the last step
  (status ``convened``): the day, who, participants and note are cleared and the activities
  the convening gave are deleted (their attachments and files with them).
- Given ``version`` (the version a form was opened at), a step is refused with
  :class:`~commitments.models.StaleVersion` when the row has changed since. The same step
  posted twice (a double click) finds it done and changes nothing.

The rule of the promise's own words (a convening gives every commitment triggered by local
problems an activity) is :mod:`commitments.convening`.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .convening import convening_activity, delete_activities, record, triggered_commitments
from .dates import FIRST_YEAR, LAST_YEAR, in_bounds
from .enums import CommitmentKind, LocalProblemStatus
from .models import Commitment, LocalProblem, Organisation, StaleVersion
from .texts import clean_value, damage, damage_error
from .validators import holds_personal_identity_number, personal_identity_number_error

Status = LocalProblemStatus

KEY_LENGTH = 60  # a measure's key before any "-2" that makes it unique (the field holds 80)
# A reopening's reason is kept as its history record's reason, which holds this many.
REASON_LENGTH = 100


# ---------------------------------------------------------------------------------------------
# Checks shared by the steps.


def _refuse(field_name, message, code, **params):
    raise ValidationError(
        {field_name or NON_FIELD_ERRORS: ValidationError(message, code=code, params=params)}
    )


def _check_day(day, field_name, after=None, after_name=""):
    """``day`` is a date in bounds, not after today, not before ``after`` (the step before)."""
    if day is None:
        _refuse(field_name, _("Give the day."), "required")
    if not in_bounds(day):
        _refuse(
            field_name,
            _("The day must be a date in the years %(first)s–%(last)s."),
            "out_of_bounds",
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    if day > timezone.localdate():
        _refuse(field_name, _("The day cannot be in the future."), "future")
    if after is not None and day < after:
        _refuse(
            field_name,
            _("The day cannot be before %(step)s (%(day)s)."),
            "step_before_previous",
            step=after_name,
            day=after.isoformat(),
        )


def _check_status(problem, allowed, message):
    if problem.status not in allowed:
        _refuse(None, message, "wrong_status", status=Status(problem.status).label)


def _text(value):
    return (value or "").strip()


def _lock(problem, version):
    """The problem's row as it is now, locked until the transaction ends; StaleVersion when
    ``version`` is given and the row is no longer at it."""
    current = (
        LocalProblem.objects.select_for_update()
        .select_related("focus_area__promise")
        .filter(pk=problem.pk)
        .first()
    )
    if current is None:
        raise StaleVersion(problem, version or problem.version)
    return current


def _check_version(current, version):
    if version is not None and current.version != version:
        raise StaleVersion(current, version)


def _save(problem, user, reason=""):
    """Save with the whole row checked (texts, dates and their order), one history record
    naming ``user`` (and ``reason``)."""
    problem.full_clean()
    problem._history_user = user
    if reason:
        problem._change_reason = reason
    problem.save()


def _set_participants(problem, organisations):
    """Set the meeting's participants without a history record of their own: the step's save
    that follows records them with the rest of the step."""
    problem.skip_history_when_saving = True
    try:
        problem.participants.set(organisations)
    finally:
        del problem.skip_history_when_saving


# Each step forward: the status it is taken from, and the field of that step's day.
FORWARD = {
    Status.CONVENED: (Status.RAISED, "raised_on"),
    Status.PLAN_ADOPTED: (Status.CONVENED, "convened_on"),
    Status.CLOSED: (Status.PLAN_ADOPTED, "plan_adopted_on"),
}


def _forward(problem, version, status, day, refusal, previous_step):
    """Lock ``problem`` for the step forward to ``status`` on ``day`` and check it: (the row as
    it is now, whether the same step is already taken: posted twice). Refused when the row is
    no longer at ``version``, stands at another step (``refusal``), or ``day`` is not a day the
    step may have (after ``previous_step``'s, named so)."""
    current = _lock(problem, version)
    day_field = f"{status}_on"
    if current.status == status and getattr(current, day_field) == day:
        return current, True
    _check_version(current, version)
    from_status, previous_day = FORWARD[status]
    _check_status(current, {from_status}, refusal)
    _check_day(day, day_field, getattr(current, previous_day), previous_step)
    return current, False


def _mark(problem, status, day, user, **texts):
    """Set the step's status, day, who recorded it (``<status>_on``, ``<status>_by``) and its
    ``texts`` (stripped)."""
    problem.status = status
    setattr(problem, f"{status}_on", day)
    setattr(problem, f"{status}_by", user)
    for name, value in texts.items():
        setattr(problem, name, _text(value))


def promise_parties(promise):
    """The promise's parties (police area, municipality, the others by name) as a queryset."""
    return Organisation.objects.filter(pk__in=[o.pk for o in promise.parties()])


# ---------------------------------------------------------------------------------------------
# The steps.


@transaction.atomic
def raise_problem(
    focus_area, *, title, description="", place="", raised_on=None, user=None
) -> LocalProblem:
    """A new local problem of ``focus_area``, raised on ``raised_on`` (default today) by
    ``user``; placed after the focus area's other problems."""
    raised_on = raised_on or timezone.localdate()
    _check_day(raised_on, "raised_on")
    last = focus_area.local_problems.aggregate(last=Max("position"))["last"]
    problem = LocalProblem(
        focus_area=focus_area,
        title=_text(title),
        description=_text(description),
        place=_text(place),
        status=Status.RAISED,
        raised_on=raised_on,
        raised_by=user,
        position=0 if last is None else last + 1,
    )
    _save(problem, user)
    return problem


@transaction.atomic
def convene(problem, day, participants, note, user, *, version=None) -> LocalProblem:
    """Record that BRÅ was convened about ``problem`` on ``day`` with ``participants`` (parties
    of its promise) and a ``note`` from the meeting; every commitment of the promise triggered
    by local problems gets its activity (:func:`commitments.convening.convening_activity`)."""
    participants = list(participants)
    current, done = _forward(
        problem,
        version,
        Status.CONVENED,
        day,
        _("BRÅ can be convened only about a raised problem; this one is: %(status)s."),
        _("the day it was raised"),
    )
    if done:
        return current
    promise = current.focus_area.promise
    if not promise.is_in_force_on(day):
        _refuse(
            "convened_on",
            _(
                "BRÅ can be recorded as convened only on a day the promise is in force "
                "(%(span)s): the convening gives its commitments an activity that day."
            ),
            "outside_promise",
            span=promise.in_force_span(),
        )
    _check_parties(promise, participants)
    _mark(current, Status.CONVENED, day, user, meeting_note=note)
    _set_participants(current, participants)
    _save(current, user)
    for commitment in triggered_commitments(promise):
        record(convening_activity(current, commitment, user), user)
    return current


def _check_parties(promise, organisations):
    parties = {o.pk for o in promise.parties()}
    outsiders = [o.name for o in organisations if o.pk not in parties]
    if outsiders:
        _refuse(
            "participants",
            _("%(names)s is not a party of the promise."),
            "not_a_party",
            names=", ".join(outsiders),
        )


@dataclass(frozen=True)
class Measure:
    """A measure of an action plan, to become a commitment of the problem."""

    text: str
    responsible: list  # Organisations, parties of the promise
    kind: str = CommitmentKind.QUOTA
    target: int | None = None  # a quota's
    per: str = ""  # a quota's
    unit: str = ""  # a quota's
    due_on: datetime.date | None = None  # a milestone's


@transaction.atomic
def adopt_plan(problem, day, text, measures, user, *, version=None) -> LocalProblem:
    """Record that BRÅ adopted the action plan ``text`` on ``day``, with its ``measures``
    (:class:`Measure`), each made a commitment of the problem (none is fine)."""
    current, done = _forward(
        problem,
        version,
        Status.PLAN_ADOPTED,
        day,
        _("A plan can be adopted only once BRÅ has been convened; this problem is: %(status)s."),
        _("BRÅ was convened"),
    )
    if done:
        return current
    if not _text(text):
        _refuse("action_plan", _("Write the action plan."), "required")
    _mark(current, Status.PLAN_ADOPTED, day, user, action_plan=text)
    _save(current, user)
    for measure in measures:
        add_measure(current, measure, user)
    return current


def add_measure(problem, measure, user) -> Commitment:
    """``measure`` made a commitment of ``problem`` (its focus area and promise), with a key
    from the problem's title and the measure's text, unique in the promise."""
    promise = problem.focus_area.promise
    quota = measure.kind == CommitmentKind.QUOTA
    last = problem.commitments.aggregate(last=Max("position"))["last"]
    commitment = Commitment(
        promise=promise,
        focus_area=problem.focus_area,
        local_problem=problem,
        key=measure_key(promise, problem.title, measure.text),
        text=_text(measure.text),
        kind=measure.kind,
        quota_target=measure.target if quota else None,
        quota_per=measure.per if quota else "",
        quota_unit=_text(measure.unit) if quota else "",
        due_on=measure.due_on if measure.kind == CommitmentKind.MILESTONE else None,
        position=0 if last is None else last + 1,
    )
    commitment.full_clean()
    commitment.validate_responsible(list(measure.responsible))
    commitment._history_user = user
    commitment.save()
    commitment.responsible.set(measure.responsible)
    return commitment


def measure_key(promise, title, text):
    """A key from ``title`` and ``text`` ("trafik-hastighetskontroller-vid-skolan"), cut at a
    word, with "-2", "-3" … when the promise has it already."""
    base = slugify(f"{title} {text}")[:KEY_LENGTH].rstrip("-")
    if "-" in base and len(slugify(f"{title} {text}")) > KEY_LENGTH:
        base = base.rsplit("-", 1)[0]
    base = base or "atgard"
    taken = set(
        Commitment.objects.filter(promise=promise, key__startswith=base).values_list(
            "key", flat=True
        )
    )
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


@transaction.atomic
def close(problem, day, outcome, user, *, version=None) -> LocalProblem:
    """Close the problem on ``day`` with its ``outcome`` (what changed)."""
    current, done = _forward(
        problem,
        version,
        Status.CLOSED,
        day,
        _("A problem can be closed only once its action plan is adopted; this one is: %(status)s."),
        _("the plan was adopted"),
    )
    if done:
        return current
    if not _text(outcome):
        _refuse("outcome", _("Say what changed."), "required")
    _mark(current, Status.CLOSED, day, user, outcome=outcome)
    _save(current, user)
    return current


def check_reason(reason):
    """``reason`` cleaned as every text is, or ValidationError (on ``reason``): empty, too long
    for a history record's reason, damaged, or holding a personal identity number."""
    reason = _text(clean_value(reason or ""))
    label = _("reason")
    if not reason:
        _refuse("reason", _("Say why the problem is reopened."), "required")
    character = damage(reason)
    if character:
        raise ValidationError({"reason": damage_error(character, label)})
    if len(reason) > REASON_LENGTH:
        _refuse(
            "reason",
            _("The reason can be at most %(count)s characters."),
            "too_long",
            count=REASON_LENGTH,
        )
    if holds_personal_identity_number(reason):
        raise ValidationError({"reason": personal_identity_number_error(label)})
    return reason


@transaction.atomic
def reopen(problem, reason, user, *, version=None) -> LocalProblem:
    """Open a closed problem again, back at its adopted plan; ``reason`` is kept as its
    history record's reason, as are the closing's day, who and outcome in the record before."""
    current = _lock(problem, version)
    reason = check_reason(reason)
    if version is not None and current.version == version + 1 and current.status != Status.CLOSED:
        last = current.history.order_by("-history_id").first()
        if last is not None and last.history_change_reason == reason:
            return current  # posted twice
    _check_version(current, version)
    _check_status(
        current,
        {Status.CLOSED},
        _("Only a closed problem can be reopened; this one is: %(status)s."),
    )
    current.status = Status.PLAN_ADOPTED
    current.closed_on = None
    current.closed_by = None
    current.outcome = ""
    _save(current, user, reason=reason)
    return current


@transaction.atomic
def take_back_convening(problem, user, *, version=None) -> LocalProblem:
    """Undo the convening while it is the last step: the problem is raised again, and the
    activities the convening gave are deleted (their attachments and files go with them)."""
    current = _lock(problem, version)
    if current.status == Status.RAISED and version is not None and current.version == version + 1:
        return current  # posted twice
    _check_version(current, version)
    _check_status(
        current,
        {Status.CONVENED},
        _(
            "The convening can be taken back only while it is the last step; this problem is: "
            "%(status)s."
        ),
    )
    current.status = Status.RAISED
    current.convened_on = None
    current.convened_by = None
    current.meeting_note = ""
    _set_participants(current, [])
    _save(current, user)
    delete_activities(current.activities.all(), user)
    return current
