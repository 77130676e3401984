"""Local admins administer their promises' planned activities and their activities' attachments
too (the group of migration 0007; commitments.local_admins.LOCAL_ADMIN_PERMISSIONS lists them)."""

from django.db import migrations

from ._local_admin_permissions import granting


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0017_plans_attachments_review"),
    ]

    operations = [migrations.RunPython(*granting("plannedactivity", "attachment"))]
