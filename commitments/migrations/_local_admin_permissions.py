"""What the migrations that give the local admins' group a new model's permissions share
(0016, 0018). Not a migration itself (its name begins with an underscore), and it must not change
with the code: it writes what those migrations meant when they were made."""

from django.contrib.auth.management import create_permissions

GROUP = "Lokala administratörer"


def codenames(*models):
    return [
        f"{action}_{model}" for model in models for action in ["add", "change", "delete", "view"]
    ]


def granting(*models):
    """(grant, revoke): RunPython's two functions giving the group, or taking from it, every
    permission of ``models`` (model names) of the commitments app."""
    wanted = codenames(*models)

    def permissions(apps):
        Permission = apps.get_model("auth", "Permission")
        return Permission.objects.filter(content_type__app_label="commitments", codename__in=wanted)

    def grant(apps, schema_editor):
        # Permissions are made after every migration has run (post_migrate); the group needs
        # them now.
        app_config = apps.get_app_config("commitments")
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
        group.permissions.add(*permissions(apps))

    def revoke(apps, schema_editor):
        for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
            group.permissions.remove(*permissions(apps))

    return grant, revoke
