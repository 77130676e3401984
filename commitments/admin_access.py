"""Local admins in the Django admin: what exists for them (commitments.access decides who
administers which promise; this module, which rows of the admin's tables that makes theirs).

A national admin (superuser) sees every row. A local admin sees the promises they administer
with everything below them (focus areas, local problems, commitments, activities, indicators
and their values, plans, attachments), the organisations they coordinate and the parties of
those promises, and the people of their organisations who are not admins; nothing else exists
for them (lists, pages, choices, look-ups, history).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from .access import (
    administered_organisations,
    administered_promises,
    can_administer,
    is_national_admin,
)
from .models import (
    Activity,
    Attachment,
    Commitment,
    FocusArea,
    Indicator,
    IndicatorValue,
    LocalProblem,
    Membership,
    Organisation,
    PlannedActivity,
    Promise,
)

# The way from each model of a promise to the promise.
PROMISE_PATHS = {
    Promise: "pk",
    FocusArea: "promise",
    LocalProblem: "focus_area__promise",
    Commitment: "promise",
    Activity: "promise",
    Indicator: "promise",
    IndicatorValue: "indicator__promise",
    PlannedActivity: "promise",
    Attachment: "activity__promise",
}
# The parent of each model below a promise (the field, and the parent's model).
PARENTS = {
    FocusArea: ("promise", Promise),
    Commitment: ("promise", Promise),
    LocalProblem: ("focus_area", FocusArea),
    Activity: ("commitment", Commitment),
    Indicator: ("promise", Promise),
    IndicatorValue: ("indicator", Indicator),
    PlannedActivity: ("commitment", Commitment),
    Attachment: ("activity", Activity),
}


def known_organisations(user):
    """The organisations a local admin sees: those they coordinate and every party of the
    promises they administer (the partner police area, a housing company)."""
    if is_national_admin(user):
        return Organisation.objects.all()
    coordinated = administered_organisations(user)
    promises = Promise.objects.with_party(coordinated).values("pk")
    others = Promise.other_parties.through.objects.filter(promise__in=promises)
    return Organisation.objects.filter(
        Q(pk__in=coordinated)
        | Q(pk__in=Promise.objects.filter(pk__in=promises).values("municipality"))
        | Q(pk__in=Promise.objects.filter(pk__in=promises).values("police_area"))
        | Q(pk__in=others.values("organisation"))
    )


def administered_users(user):
    """The people a local admin manages: members of an organisation they coordinate who are
    neither staff nor superusers (admins are made and changed by a national admin, so that no
    one raises themselves or an equal)."""
    users = get_user_model().objects.all()
    if is_national_admin(user):
        return users
    members = Membership.objects.filter(organisation__in=administered_organisations(user))
    return users.filter(pk__in=members.values("user"), is_staff=False, is_superuser=False)


def administered(user, queryset):
    """``queryset`` narrowed to the rows the user administers; every other row does not exist
    for them in the Django admin (lists, pages, choices, look-ups, history).

    Promises and what belongs to them follow :func:`administered_promises`; organisations
    :func:`known_organisations`; users :func:`administered_users`; memberships are those of such
    users in the organisations the user coordinates.
    """
    if is_national_admin(user):
        return queryset
    model = queryset.model
    if model is Organisation:
        return queryset.filter(pk__in=known_organisations(user).values("pk"))
    if model is get_user_model():
        return queryset.filter(pk__in=administered_users(user).values("pk"))
    if model is Membership:
        return queryset.filter(
            organisation__in=administered_organisations(user),
            user__in=administered_users(user).values("pk"),
        )
    if model not in PROMISE_PATHS:
        return queryset.none()  # what a local admin is not known to need, they do not get
    promises = administered_promises(user).values("pk")
    return queryset.filter(**{f"{PROMISE_PATHS[model]}__in": promises})


def _last_known(model, pk, field):
    """``field`` of the object ``pk``: as it is, or as its history last recorded it (deleted)."""
    row = model.objects.filter(pk=pk).values(field).first()
    if row is None:
        row = model.history.filter(id=pk).order_by("-history_id").values(field).first()
    return row[field] if row else None


def administers_record(user, model, pk):
    """Whether the user administers the object ``pk`` of a model with history, or did when it
    was deleted: the history says which promise it belonged to. A deleted promise belongs to
    the admins of its municipality and its police area, a removed membership to those of its
    organisation."""
    if is_national_admin(user):
        return True
    if administered(user, model.objects.filter(pk=pk)).exists():
        return True
    if model is Membership:  # a membership taken away: its organisation's coordinators
        return _last_known(model, pk, "organisation_id") in administered_organisations(user)
    if model is not Promise and model not in PARENTS:
        return False  # a deleted organisation: only national admins delete them
    while model is not Promise and pk is not None:
        field, parent = PARENTS[model]
        model, pk = parent, _last_known(model, pk, f"{field}_id")
    if pk is None:
        return False
    if Promise.objects.filter(pk=pk).exists():
        return can_administer(user, Promise.objects.with_parties().get(pk=pk))
    coordinated = set(administered_organisations(user))
    parties = {
        _last_known(Promise, pk, "municipality_id"),
        _last_known(Promise, pk, "police_area_id"),
    }
    return bool(parties & coordinated)
