from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commitments.demo import PASSWORD, USERS, load_demo


class Command(BaseCommand):
    help = "Load the Älvsbyn demo: the promise, demo users and activities. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="load even when DEBUG is off (not for production)"
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _("DEBUG is off: the demo's users have known passwords. Use --force to load it.")
            )
        promise = load_demo()
        self.stdout.write(
            _("Demo loaded: %(title)s. Users %(users)s, password %(password)s.")
            % {"title": promise.title, "users": ", ".join(USERS), "password": PASSWORD}
        )
