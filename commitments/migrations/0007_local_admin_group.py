"""The group "Lokala administratörer": the permissions a local admin needs (staff who are not
superusers; what they see is limited to their promises in commitments.access). Staff users are
put in it here, and afterwards whenever they are ticked as staff (commitments.local_admins)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Lokala administratörer"

# As it was at this migration; commitments.local_admins.LOCAL_ADMIN_PERMISSIONS is kept equal.
PERMISSIONS = {
    "commitments": [
        *(
            f"{action}_{model}"
            for model in ["promise", "focusarea", "localproblem", "commitment", "activity"]
            for action in ["add", "change", "delete", "view"]
        ),
        "view_organisation",
        "change_organisation",
        "add_membership",
        "change_membership",
        "delete_membership",
        "view_membership",
    ],
    "auth": ["add_user", "change_user", "view_user"],
}


def create_group(apps, schema_editor):
    # Permissions are made after every migration has run (post_migrate); the group needs them now.
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("auth", "User")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )
    group.user_set.add(*User.objects.filter(is_staff=True))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0006_guard_every_text"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
