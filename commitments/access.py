"""Who may see and change what: the one place that decides.

- Staff (admins) see and change everything.
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
from django.http import Http404
from django.shortcuts import get_object_or_404

from .enums import Role
from .models import Activity, Commitment, Organisation, Promise

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


def is_staff(user):
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
    return bool(party_ids(promise) & set(administered_organisations(user)))


def can_view(user, promise):
    """Staff, and members of a party (any role) of a published promise."""
    if is_staff(user):
        return True
    parties = party_ids(promise)
    return promise.published and any(m.organisation_id in parties for m in memberships(user))


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
    """The promises a signed-in user may see, by title: every one for staff; for members the
    published promises their organisations are party to."""
    promises = Promise.objects.with_parties().order_by("title", "-valid_from", "pk")
    if is_staff(user):
        return promises
    organisations = [m.organisation_id for m in memberships(user)]
    return promises.published().with_party(organisations)


def party_promises(user):
    """The published promises the user's organisations are party to, by title (staff included:
    the header's promise switcher lists a person's own promises, not all of Sweden's)."""
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
    """The parties the user may log activities for: every party for staff."""
    parties = party_ids(promise)
    if is_staff(user):
        return list(Organisation.objects.filter(pk__in=parties))
    if not promise.published:
        return []
    return [
        m.organisation
        for m in memberships(user)
        if m.organisation_id in parties and m.role in REPORTING_ROLES
    ]


def reportable_commitments(user, promise):
    """Commitments of the promise the user may log activities on."""
    organisations = reporting_organisations(user, promise)
    return (
        Commitment.objects.filter(promise=promise, responsible__in=organisations)
        .distinct()
        .order_by("focus_area__position", "local_problem__position", "position", "pk")
    )


def can_change(user, activity):
    """Staff; a coordinator of the organisation that did it; the reporter who logged it."""
    if is_staff(user):
        return True
    for membership in memberships(user):
        if membership.organisation_id != activity.organisation_id:
            continue
        if membership.role == Role.COORDINATOR:
            return True
        if membership.role == Role.REPORTER and activity.reported_by_id == user.pk:
            return True
    return False


def get_promise(request, slug, *, public_ok=False):
    """The promise ``slug`` if the request's user may see it, else 404.

    With ``public_ok``, a published public promise is shown to anyone.
    """
    promise = get_object_or_404(Promise.objects.with_parties(), slug=slug)
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
    promise = get_promise(request, slug)
    organisations = reporting_organisations(request.user, promise)
    if not organisations:
        raise PermissionDenied
    return promise, organisations


def get_activity(request, promise, pk, *, change=False):
    """An activity of the promise; 404 when it is not one; with ``change``, 403 unless allowed."""
    activity = get_object_or_404(
        Activity.objects.select_related("commitment", "organisation", "reported_by"),
        pk=pk,
        commitment__promise=promise,
    )
    if change and not can_change(request.user, activity):
        raise PermissionDenied
    return activity
