"""A promise file's local problems: their steps read and checked, saved, and written back.

A local problem (lokal problembild) goes through its steps in order: raised, BRÅ convened, action
plan adopted, closed (DESIGN, "Local problems"). A file gives its ``status`` and the day of each
step reached (``raised_on``, ``convened_on``, ``plan_adopted_on``, ``closed_on``), and with them
the meeting's participating parties and note, the action plan and, once closed, the outcome.

- Older files give no step days: the day of a step reached may be null, and stays so.
- A day is never before the day of a step before it.
- A day given for a step the status has not reached is an error (``closed_on`` on a problem
  whose status is ``convened``): the file says two things that cannot both be true.

Saved, the problems give the promise's commitments ``triggered_by: local_problems`` their
activities by themselves, one per convening
(:func:`commitments.convening.sync_convened_activities`).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..convening import sync_convened_activities
from ..enums import LocalProblemStatus, Trigger
from ..models import Activity, LocalProblem
from ..models.problems import STEPS, reached
from .data import LocalProblemData
from .values import _lines
from .yaml_lines import _Sequence

FIELDS = {
    "title", "description", "place", "status", "raised_on", "convened_on", "participants",
    "meeting_note", "plan_adopted_on", "action_plan", "closed_on", "outcome", "commitments",
}  # fmt: skip


def party_names(reader, mapping, key, path, parties):
    """The organisations ``mapping[key]`` names (``police``, ``municipality`` or a name from
    ``other_parties``; ``parties`` maps each token to its organisation's name), each one not a
    party reported at its line."""
    names = []
    sequence = mapping.get(key)
    for index, token in enumerate(reader.texts(mapping, key, path)):
        if token in parties:
            names.append(parties[token])
            continue
        line = sequence.line_of(index) if isinstance(sequence, _Sequence) else mapping.line_of(key)
        reader.error(
            line,
            f"{path}{key}",
            _(
                "%(party)s is not a party of the promise (use police, municipality or a name "
                "from other_parties)"
            )
            % {"party": token},
        )
    return names


def read_problem(reader, raw, path, parties):
    """The :class:`LocalProblemData` of the mapping ``raw`` (at ``path``, ending in a dot),
    its steps checked (:func:`check_steps`); its commitments are the caller's to read."""
    problem = LocalProblemData(
        line=raw.line,
        path=path.rstrip("."),
        title=reader.text(raw, "title", path, required=True),
        description=reader.text(raw, "description", path),
        place=reader.text(raw, "place", path),
        status=reader.choice(raw, "status", path, LocalProblemStatus, LocalProblemStatus.RAISED),
        raised_on=reader.date(raw, "raised_on", path),
        convened_on=reader.date(raw, "convened_on", path),
        participants=party_names(reader, raw, "participants", path, parties),
        meeting_note=reader.text(raw, "meeting_note", path),
        plan_adopted_on=reader.date(raw, "plan_adopted_on", path),
        action_plan=reader.text(raw, "action_plan", path),
        closed_on=reader.date(raw, "closed_on", path),
        outcome=reader.text(raw, "outcome", path),
        lines=_lines(raw),
    )
    check_steps(reader, raw, path, problem)
    return problem


def check_steps(reader, raw, path, problem):
    """A step's day only once the status has reached it, and never before an earlier step's."""
    status_label = LocalProblemStatus(problem.status).label
    earlier = None  # (field, day) of the latest step before, with a day
    for name, step_status in STEPS:
        day = getattr(problem, name)
        if day is None:
            continue
        if not reached(problem.status, step_status):
            reader.error(
                raw.line_of(name),
                f"{path}{name}",
                _(
                    "the status is %(status)s (%(label)s), so this step has not been taken: give "
                    "its day only with status %(step)s or later"
                )
                % {"status": problem.status, "label": status_label, "step": step_status},
            )
        elif earlier is not None and day < earlier[1]:
            reader.error(
                raw.line_of(name),
                f"{path}{name}",
                _("%(date)s is before %(step)s (%(earlier)s); the steps come in order")
                % {"date": day.isoformat(), "step": earlier[0], "earlier": earlier[1].isoformat()},
            )
        earlier = (name, day)


def apply_problem(problem, data):
    """Give the LocalProblem ``problem`` the file's values ``data`` (its participants are set
    once it is saved: :func:`save_participants`)."""
    for name in [
        "title", "description", "place", "status", "raised_on", "convened_on", "meeting_note",
        "plan_adopted_on", "action_plan", "closed_on", "outcome",
    ]:  # fmt: skip
        setattr(problem, name, getattr(data, name))


def save_participants(problem, data, organisations):
    """Set the saved ``problem``'s participants to the file's (``organisations`` by name)."""
    wanted = {organisations[name].pk for name in data.participants if name in organisations}
    if {o.pk for o in problem.participants.all()} != wanted:
        problem.participants.set(wanted)


def problem_item(problem, promise, commitments, party_order):
    """The file's mapping of ``problem`` (read with its participants), with its
    ``commitments`` (their mappings): a step's day is written once the status has reached it
    (null when unknown) and not before, as a file may not give it (the admin could store one);
    every other field only when it holds something, but for those older files always had."""
    item = {"title": problem.title, "description": problem.description}
    if problem.place:
        item["place"] = problem.place
    item["status"] = problem.status
    item["raised_on"] = problem.raised_on
    if reached(problem.status, LocalProblemStatus.CONVENED):
        item["convened_on"] = problem.convened_on
    participants = sorted(
        (promise.party_token(o) for o in problem.participants.all()), key=party_order
    )
    if participants:
        item["participants"] = participants
    if problem.meeting_note:
        item["meeting_note"] = problem.meeting_note
    if reached(problem.status, LocalProblemStatus.PLAN_ADOPTED):
        item["plan_adopted_on"] = problem.plan_adopted_on
    item["action_plan"] = problem.action_plan
    if reached(problem.status, LocalProblemStatus.CLOSED):
        item["closed_on"] = problem.closed_on
    if problem.outcome:
        item["outcome"] = problem.outcome
    item["commitments"] = commitments
    return item


def drop_convening_activities(commitments, user):
    """Delete the activities convenings gave ``commitments`` (left out of the file), which
    would otherwise keep them: an activity holds its commitment."""
    for activity in Activity.objects.filter(
        commitment__in=[c.pk for c in commitments], local_problem__isnull=False
    ):
        activity._history_user = user
        activity.delete()


def sync_convenings(promise, problem_ids, user):
    """Make the activities the convenings of the problems ``problem_ids`` (the file's, saved)
    gave match the file (:func:`~commitments.convening.sync_convened_activities`), with ``user``
    as who reported them; return what could not be recorded, in words.

    An activity a convening gave that the checks of every activity now refuse (the file moved
    the days in force past the meeting, or the party that carried it out is no longer
    responsible) is deleted first: the file's rules hold for it as for a new one.

    Only problems convened while a commitment is triggered, or holding such activities, are
    looked at: a promise without either costs two queries.
    """
    given = list(
        Activity.objects.filter(local_problem__in=problem_ids).select_related(
            "commitment__promise", "organisation"
        )
    )
    for activity in given:
        try:
            activity.full_clean()
        except ValidationError:
            activity._history_user = user
            activity.delete()
    holding = {activity.local_problem_id for activity in given}
    triggered = promise.commitments.filter(triggered_by=Trigger.LOCAL_PROBLEMS).exists()
    if not holding and not triggered:
        return []
    skipped = []
    problems = LocalProblem.objects.filter(pk__in=problem_ids).order_by(
        "focus_area__position", "position", "pk"
    )
    for problem in problems:
        if problem.pk in holding or (triggered and problem.convened_on):
            skipped.extend(sync_convened_activities(problem, user).skipped)
    return skipped
