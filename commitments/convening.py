"""The rule of the promise's own words, "BRÅ sammankallas vid uppkomna lokala problembilder":
a local problem's convening gives every conditional commitment of its promise that is
``triggered_by="local_problems"`` an activity, dated the meeting's day
(:func:`convening_activity`), reported by whoever recorded the convening; taking the convening
back deletes them (:func:`commitments.problems.take_back_convening`).

Such an activity must pass the checks every activity passes, so
the convening itself is refused when its day lies outside the promise's days in force: the
step and the activities it gives stand or fall together. :func:`sync_convened_activities`,
for imports of promise files, cannot ask anyone: it skips those activities instead and says so.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .enums import CommitmentKind, OrganisationKind, ReviewStatus, Trigger
from .models import Activity, Commitment, LocalProblem

# The problem's description in an automatic activity is cut to this many characters.
DESCRIPTION_IN_ACTIVITY = 200


def triggered_commitments(promise):
    """The promise's conditional commitments triggered by local problems, in its order."""
    return (
        Commitment.objects.filter(
            promise=promise,
            kind=CommitmentKind.CONDITIONAL,
            triggered_by=Trigger.LOCAL_PROBLEMS,
        )
        .prefetch_related("responsible")
        .order_by("focus_area__position", "position", "pk")
    )


def carrying_out(commitment):
    """Who carries out the convening for ``commitment``: the municipality when it is
    responsible (BRÅ is the municipality's council), else its first responsible party."""
    responsible = sorted(commitment.responsible.all(), key=lambda o: o.party_order)
    municipal = [o for o in responsible if o.kind == OrganisationKind.MUNICIPALITY]
    return (municipal or responsible or [None])[0]


def convening_description(problem):
    """ "BRÅ sammankallades om den lokala problembilden Trafik: …" (in the site's language,
    Swedish: it is stored, and read by everyone)."""
    with translation.override(settings.LANGUAGE_CODE):
        shortened = Truncator(problem.description.strip()).chars(DESCRIPTION_IN_ACTIVITY)
        if shortened:
            return _("BRÅ was convened about the local problem %(title)s: %(description)s") % {
                "title": problem.title,
                "description": shortened,
            }
        return _("BRÅ was convened about the local problem %(title)s.") % {"title": problem.title}


def convening_activity(problem, commitment, user):
    """The activity (unsaved) that ``problem``'s convening gives ``commitment``: dated the
    meeting's day, at the problem's place, carried out by :func:`carrying_out`, with the
    meeting's other participants, reported by ``user`` and approved (recorded by a coordinator,
    a reviewer or an admin: the promise's review asks nothing more of it)."""
    organisation = carrying_out(commitment)
    activity = Activity(
        commitment=commitment,
        occurred_on=problem.convened_on,
        quantity=1,
        description=convening_description(problem),
        place=problem.place,
        organisation=organisation,
        local_problem=problem,
        reported_by=user,
        review_status=ReviewStatus.APPROVED,
    )
    activity.participant_list = [
        o for o in problem.participants.all() if organisation is None or o.pk != organisation.pk
    ]
    return activity


def record(activity, user):
    """Save ``activity`` after the checks every activity passes (a refusal undoes the step)."""
    activity.full_clean()
    activity._history_user = user
    activity.save()
    if activity.participant_list:
        activity.participants.set(activity.participant_list)
    return activity


def delete_activities(activities, user):
    """Delete each (its history says by whom; its attachments' files go once committed)."""
    for activity in activities:
        activity._history_user = user
        activity.delete()


@dataclass
class Synced:
    """What :func:`sync_convened_activities` did."""

    created: list = field(default_factory=list)  # Activities
    redated: list = field(default_factory=list)  # Activities moved to the meeting's day
    deleted: int = 0
    skipped: list = field(default_factory=list)  # messages: what could not be recorded

    @property
    def changed(self):
        return bool(self.created or self.redated or self.deleted)


@transaction.atomic
def sync_convened_activities(problem, user) -> Synced:
    """Make the activities ``problem``'s convening gave match what it holds now: while
    ``convened_on`` is set, exactly one per commitment of its promise triggered by local
    problems, dated that day; none otherwise (and none on a commitment no longer triggered).

    For imports of promise files, which set the steps' days directly: nothing is refused. An
    activity that the checks of every activity refuse (the day outside the promise's days in
    force, in the future, no responsible party) is not recorded, and ``skipped`` says why.
    """
    problem = LocalProblem.objects.select_related("focus_area__promise").get(pk=problem.pk)
    promise = problem.focus_area.promise
    result = Synced()
    existing = list(problem.activities.order_by("pk"))
    wanted = list(triggered_commitments(promise)) if problem.convened_on else []
    kept = {}
    for activity in existing:
        if activity.commitment_id in {c.pk for c in wanted} and activity.commitment_id not in kept:
            kept[activity.commitment_id] = activity
    stale = [a for a in existing if kept.get(a.commitment_id) is not a]
    for commitment in wanted:
        activity = kept.get(commitment.pk) or convening_activity(problem, commitment, user)
        is_new = activity.pk is None
        if not is_new and activity.occurred_on == problem.convened_on:
            continue
        activity.occurred_on = problem.convened_on
        try:
            activity.full_clean()
        except ValidationError as error:
            result.skipped.append(
                _("%(text)s: no activity for the convening of %(day)s: %(reason)s")
                % {
                    "text": commitment.text,
                    "day": problem.convened_on.isoformat(),
                    "reason": " ".join(error.messages),
                }
            )
            if not is_new:
                stale.append(activity)
            continue
        if is_new:
            result.created.append(record(activity, user))
        else:
            activity._history_user = user
            activity.save()
            result.redated.append(activity)
    delete_activities(stale, user)
    result.deleted = len(stale)
    return result
