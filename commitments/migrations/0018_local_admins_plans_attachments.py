"""Local admins administer their promises' planned activities and their activities' attachments
too (the group of migration 0007; commitments.local_admins.LOCAL_ADMIN_PERMISSIONS lists them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Lokala administratörer"
CODENAMES = [
    f"{action}_{model}"
    for model in ["plannedactivity", "attachment"]
    for action in ["add", "change", "delete", "view"]
]


def grant(apps, schema_editor):
    # Permissions are made after every migration has run (post_migrate); the group needs them now.
    app_config = apps.get_app_config("commitments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="commitments", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="commitments", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0017_plans_attachments_review"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
