"""Local admins: the staff tick on a coordinator makes one.

A local admin needs the permissions of the group ``LOCAL_ADMIN_GROUP`` (made by migration 0004)
to enter the Django admin's pages at all; what they then see there is decided by
``commitments.access`` (the promises an organisation they coordinate is a party to). A user is in
the group exactly while ticked as staff, so that a national admin makes or unmakes a local admin
with one tick, and no one has to remember the group.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

LOCAL_ADMIN_GROUP = "Lokala administratörer"

# What a local admin may do, by app and codename. Migration 0007 holds the list as it was then,
# 0016 adds the indicators', 0018 the plans' and attachments' (a migration must not change with
# the code); a test keeps the group the migrations make equal to this list.
LOCAL_ADMIN_PERMISSIONS = {
    "commitments": [
        *(
            f"{action}_{model}"
            for model in [
                "promise",
                "focusarea",
                "localproblem",
                "commitment",
                "activity",
                "indicator",
                "indicatorvalue",
                "plannedactivity",
                "attachment",
            ]
            for action in ["add", "change", "delete", "view"]
        ),
        # Organisations: seen, and their memberships managed; never added, renamed or deleted.
        "view_organisation",
        "change_organisation",
        "add_membership",
        "change_membership",
        "delete_membership",
        "view_membership",
    ],
    # A new colleague: added with a membership, changed (never deleted: deactivated instead).
    "auth": ["add_user", "change_user", "view_user"],
}


def local_admin_group():
    """The group, made again with its permissions if someone deleted it."""
    group, created = Group.objects.get_or_create(name=LOCAL_ADMIN_GROUP)
    if created:
        wanted = Q()
        for app_label, codenames in LOCAL_ADMIN_PERMISSIONS.items():
            wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted))
    return group


def sync_local_admin_group(user):
    """Put the user in the local admins' group when ticked as staff, take them out otherwise."""
    if user.pk is None:
        return
    group = local_admin_group()
    member = user.groups.filter(pk=group.pk).exists()
    if user.is_staff and not member:
        user.groups.add(group)
    elif not user.is_staff and member:
        user.groups.remove(group)


def staff_tick_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """post_save of a user (not when only other fields were saved, as at every sign-in)."""
    if raw or (update_fields is not None and "is_staff" not in update_fields):
        return
    sync_local_admin_group(instance)


def groups_changed(sender, instance, action, reverse, **kwargs):
    """m2m_changed of a user's groups: the admin's user form sets the groups it showed after
    the user is saved, which would undo what the staff tick did."""
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        sync_local_admin_group(instance)
