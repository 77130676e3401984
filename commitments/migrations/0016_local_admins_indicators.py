"""Local admins administer their promises' outcome indicators and values too (the group of
migration 0007; commitments.local_admins.LOCAL_ADMIN_PERMISSIONS lists them)."""

from django.db import migrations

from ._local_admin_permissions import granting


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("commitments", "0015_indicators"),
    ]

    operations = [migrations.RunPython(*granting("indicator", "indicatorvalue"))]
