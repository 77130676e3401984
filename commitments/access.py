"""Who may see and change what: the one place that decides.

- Admins administer promises: a national admin (superuser) every promise; a local admin (staff,
  not superuser) the promises that an organisation they coordinate is a party to. Whoever
  administers a promise sees it (drafts included) and changes everything in it, here and in the
  Django admin; nothing else of the admin exists for them (see
  :func:`commitments.admin_access.administered`).
- A member of an organisation that is a party of a published promise sees the promise, its
  activities and its follow-up, whatever the role.
- Reporters and coordinators log activities on the commitments their organisation is
  responsible for. A reporter changes their own activities; a coordinator changes every
  activity of their organisation. Reviewers only read.
- Anyone sees a published promise marked public, on the public pages (no names, no activities).
- Everyone else is told the promise does not exist (404), so that drafts and other
  municipalities' promises do not leak. A member who may see but not change gets 403.
"""

import functools

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .enums import Role
from .models import (
    Activity,
    Commitment,
    LocalProblem,
    Organisation,
    PlannedActivity,
    Promise,
)
from .models.subqueries import split_ids

REPORTING_ROLES = {Role.REPORTER, Role.COORDINATOR}


def memberships(user):
    """The user's memberships with their organisations, fetched once per request."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_memberships"):
        user._memberships = list(user.memberships.select_related("organisation"))
    return user._memberships


def party_ids(promise):
    return {
        promise.police_area_id,
        promise.municipality_id,
        *(o.pk for o in promise.other_parties.all()),
    }


def parties_among(promise, organisation_ids):
    """Those of ``organisation_ids`` that are parties of ``promise``. The police area and the
    municipality are on the promise's row; the other parties are read only when some id is
    neither, and then once per promise instance (or from their prefetched list)."""
    ids = set(organisation_ids)
    found = ids & {promise.police_area_id, promise.municipality_id}
    rest = ids - found
    if rest:
        found |= rest & _other_party_ids(promise)
    return found


def is_party(promise, organisation_ids):
    """Whether any of ``organisation_ids`` is a party of ``promise``: the other parties are not
    read when the police area or the municipality is among them."""
    ids = set(organisation_ids)
    return bool(ids & {promise.police_area_id, promise.municipality_id}) or bool(
        parties_among(promise, ids)
    )


def _other_party_ids(promise):
    if "other_parties" in getattr(promise, "_prefetched_objects_cache", {}):
        return {o.pk for o in promise.other_parties.all()}
    if "other_party_id_text" in promise.__dict__:  # PromiseQuerySet.with_party_ids
        promise._other_party_ids = split_ids(promise.__dict__.pop("other_party_id_text"))
    # Several checks of one request ask about the same promise: read once.
    if "_other_party_ids" not in promise.__dict__:
        promise._other_party_ids = frozenset(promise.other_parties.values_list("pk", flat=True))
    return promise._other_party_ids


def other_parties_changed(sender, instance, action, reverse, **kwargs):
    """m2m_changed of a promise's other parties: what _other_party_ids read is stale."""
    if action.startswith("post_") and not reverse:
        instance.__dict__.pop("_other_party_ids", None)


def is_staff(user):
    """Whether the user may enter the Django admin at all; what they may do there and anywhere
    else is :func:`can_administer`'s to say."""
    return user.is_authenticated and user.is_staff


def is_national_admin(user):
    """A superuser: administers every promise in Sweden."""
    return user.is_authenticated and user.is_active and user.is_superuser


def administered_organisations(user):
    """The organisations a local admin (staff, not superuser) administers: those they
    coordinate. Empty for anyone not staff."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return []
    return [m.organisation_id for m in memberships(user) if m.role == Role.COORDINATOR]


def administered_promises(user):
    """The promises the user administers (drafts included): all for a national admin; for a
    local admin those an organisation they coordinate is a party to; none for anyone else."""
    if is_national_admin(user):
        return Promise.objects.all()
    organisations = administered_organisations(user)
    if not organisations:
        return Promise.objects.none()
    return Promise.objects.with_party(organisations)


def can_administer(user, promise):
    """Whether the user administers ``promise`` (see :func:`administered_promises`)."""
    if is_national_admin(user):
        return True
    return is_party(promise, administered_organisations(user))


def is_admin(user):
    """Whether the user administers anything: a national admin, or a local admin who
    coordinates an organisation (the header's link to the admin)."""
    return is_national_admin(user) or bool(administered_organisations(user))


def can_view(user, promise):
    """Its admins, and members of a party (any role) of a published promise."""
    if can_administer(user, promise):
        return True
    if not promise.published:
        return False
    return is_party(promise, [m.organisation_id for m in memberships(user)])


def may_link(user, promise, *, public=False):
    """Whether a page may link to ``promise``: a public page only to published public promises;
    a staff page to what the user may see (so never a draft on a reporter's page)."""
    if public:
        return promise.published and promise.public
    return can_view(user, promise)


def succession(user, promise, *, public=False):
    """(replaces, replaced_by): the promise ``promise`` replaces, or None, and the promises that
    replace it, earliest first; only those the page may link to (:func:`may_link`)."""
    replaces = promise.replaces if promise.replaces_id else None
    if replaces is not None and not may_link(user, replaces, public=public):
        replaces = None
    replaced_by = sorted(
        (p for p in promise.successors.all() if may_link(user, p, public=public)),
        key=lambda p: (p.valid_from, p.pk),
    )
    return replaces, replaced_by


def visible_promises(user):
    """The promises a signed-in user may see, by title: those they administer (every one for
    a national admin), and the published promises their organisations are party to."""
    promises = Promise.objects.with_parties().order_by("title", "-valid_from", "pk")
    if is_national_admin(user):
        return promises
    organisations = [m.organisation_id for m in memberships(user)]
    seen = Q(pk__in=Promise.objects.published().with_party(organisations).values("pk"))
    administered = administered_organisations(user)
    if administered:
        seen |= Q(pk__in=Promise.objects.with_party(administered).values("pk"))
    return promises.filter(seen)


def party_promises(user):
    """The published promises the user's organisations are party to, by title (admins
    included: the header's promise switcher lists a person's own promises, not all of
    Sweden's nor the drafts they prepare in the admin)."""
    organisations = [m.organisation_id for m in memberships(user)]
    if not organisations:
        return Promise.objects.none()
    return (
        Promise.objects.published()
        .with_party(organisations)
        .order_by("title", "-valid_from", "pk")
        .only("slug", "title", "valid_from")
    )


def reporting_organisations(user, promise):
    """The parties the user may log activities for: every party for its admins."""
    if can_administer(user, promise):
        return list(Organisation.objects.filter(pk__in=party_ids(promise)))
    if not promise.published:
        return []
    reporting = [m for m in memberships(user) if m.role in REPORTING_ROLES]
    parties = parties_among(promise, [m.organisation_id for m in reporting])
    return [m.organisation for m in reporting if m.organisation_id in parties]


def reportable_commitments(user, promise):
    """Commitments of the promise the user may log activities on."""
    organisations = reporting_organisations(user, promise)
    return (
        Commitment.objects.filter(promise=promise, responsible__in=organisations)
        .distinct()
        .order_by("focus_area__position", "local_problem__position", "position", "pk")
    )


# Who enters the values of a promise's outcome indicators, besides its admins: figures from
# surveys and statistics, which the coordinator or the BRÅ chair has, not every reporter.
INDICATOR_ROLES = {Role.COORDINATOR, Role.REVIEWER}
# Who raises a promise's local problems and takes their steps (BRÅ convened, the plan adopted,
# closed, reopened), besides its admins: the coordinators of its parties and the BRÅ chair (a
# reviewer of the municipality) or any other reviewer of a party (DESIGN.md, local problems).
PROBLEM_ROLES = {Role.COORDINATOR, Role.REVIEWER}


def _admin_or_party_in_role(user, promise, roles):
    """The promise's admins; members in one of ``roles`` of a party of a published promise."""
    if can_administer(user, promise):
        return True
    if not promise.published:
        return False
    organisations = [m.organisation_id for m in memberships(user) if m.role in roles]
    return bool(organisations) and is_party(promise, organisations)


def can_enter_indicator_values(user, promise):
    """The promise's admins; coordinators and reviewers of a party of a published promise."""
    return _admin_or_party_in_role(user, promise, INDICATOR_ROLES)


def can_manage_problems(user, promise):
    """The promise's admins; coordinators and reviewers of a party of a published promise."""
    return _admin_or_party_in_role(user, promise, PROBLEM_ROLES)


def get_promise_for_problems(request, slug):
    """The promise, if the user may raise its local problems and take their steps; 404 for
    strangers, 403 for its other readers (a reporter)."""
    promise = get_promise(request, slug)
    if not can_manage_problems(request.user, promise):
        raise PermissionDenied
    return promise


def get_problem(promise, pk, queryset=None):
    """A local problem of the promise, else 404 (a guessed id of another promise's finds none)."""
    queryset = queryset if queryset is not None else LocalProblem.objects.all()
    return get_object_or_404(queryset, pk=pk, focus_area__promise=promise)


def get_promise_for_indicators(request, slug):
    """The promise, if the user may enter its indicators' values; 404 for strangers, 403 for
    its other readers (a reporter)."""
    promise = get_promise(request, slug)
    if not can_enter_indicator_values(request.user, promise):
        raise PermissionDenied
    return promise


def can_change(user, activity, promise=None):
    """The promise's admins; a coordinator of the organisation that did it; the reporter who
    logged it. ``promise`` is the activity's (given where the caller has it, to spare a query).
    An activity a local problem's convening gave is also changed by those who take the
    problem's steps (the BRÅ chair attaches the minutes to it)."""
    promise = promise if promise is not None else activity.commitment.promise
    if can_administer(user, promise):
        return True
    if activity.local_problem_id and can_manage_problems(user, promise):
        return True
    for membership in memberships(user):
        if membership.organisation_id != activity.organisation_id:
            continue
        if membership.role == Role.COORDINATOR:
            return True
        if membership.role == Role.REPORTER and activity.reported_by_id == user.pk:
            return True
    return False


def get_promise(request, slug, *, public_ok=False, parties=True):
    """The promise ``slug`` if the request's user may see it, else 404.

    With ``public_ok``, a published public promise is shown to anyone. With ``parties`` its
    other parties and successors are read at once (pages that show them); without, only when
    asked for (the log form's post, which seldom needs them).
    """
    # With its change stamp, read before anything of its follow-up (commitments.stamps).
    promises = Promise.objects.with_successor_start()
    if parties:
        promises = promises.with_parties().with_review_party_ids()
    else:
        promises = promises.with_party_ids().select_related("change_stamp")
    promise = get_object_or_404(promises, slug=slug)
    if can_view(request.user, promise):
        return promise
    if public_ok and promise.published and promise.public:
        return promise
    raise Http404


def readable_by_anyone(view):
    """For a page anyone may read of a public promise: ``view(request, promise, public, ...)``.

    ``public`` is True where the user sees the public side (a visitor, or someone of no party).
    A visitor asking for a promise that is not public is sent to sign in; anyone else who may not
    see it gets 404.
    """

    @functools.wraps(view)
    @login_not_required
    def wrapper(request, slug, *args, **kwargs):
        try:
            promise = get_promise(request, slug, public_ok=True)
        except Http404:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise
        return view(request, promise, not can_view(request.user, promise), *args, **kwargs)

    return wrapper


def get_promise_to_report(request, slug):
    """The promise, if the user may log activities in it; 404 for strangers, 403 for readers."""
    promise = get_promise(request, slug, parties=False)
    organisations = reporting_organisations(request.user, promise)
    if not organisations:
        raise PermissionDenied
    return promise, organisations


def get_activity(request, promise, pk, *, change=False):
    """An activity of the promise; 404 when it is not one; with ``change``, 403 unless allowed."""
    activity = get_object_or_404(
        Activity.objects.select_related("commitment", "organisation", "reported_by"),
        pk=pk,
        promise=promise,
    )
    if change and not can_change(request.user, activity, promise):
        raise PermissionDenied
    return activity


def can_change_plan(user, plan, promise):
    """Who may move, cancel or carry out a plan, as :func:`can_change` for activities: the
    promise's admins; a coordinator of the organisation that will carry it out; the reporter
    of that organisation who made it."""
    if can_administer(user, promise):
        return True
    for membership in memberships(user):
        if membership.organisation_id != plan.organisation_id:
            continue
        if membership.role == Role.COORDINATOR:
            return True
        if membership.role == Role.REPORTER and plan.created_by_id == user.pk:
            return True
    return False


def get_plan(request, promise, pk, *, change=False):
    """A plan of the promise; 404 when it is not one; with ``change``, 403 unless allowed."""
    plan = get_object_or_404(
        PlannedActivity.objects.select_related("commitment", "organisation", "created_by"),
        pk=pk,
        promise=promise,
    )
    if change and not can_change_plan(request.user, plan, promise):
        raise PermissionDenied
    return plan
