"""Who may see and change what: the one place that decides.

Staff (admins) see everything. A member of an organisation that is a party of a published
promise sees it; anyone sees a published promise marked public, on the public pages. Everyone
else is told the promise does not exist (404), so that drafts and other municipalities'
promises do not leak.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Promise


def organisation_ids(user):
    """The ids of the user's organisations (fetched once per request and user)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_organisation_ids"):
        user._organisation_ids = set(user.memberships.values_list("organisation_id", flat=True))
    return user._organisation_ids


def party_ids(promise):
    return {
        promise.police_area_id,
        promise.municipality_id,
        *(o.pk for o in promise.other_parties.all()),
    }


def is_member_of_party(user, promise):
    return bool(organisation_ids(user) & party_ids(promise))


def can_view(user, promise):
    """Members of a party (any role) and staff may see the promise's follow-up."""
    if user.is_authenticated and user.is_staff:
        return True
    return promise.published and is_member_of_party(user, promise)


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
