from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from commitments.files import FileImportError
from commitments.promise_files import import_promise

from ._files import read_file, refuse


class Command(BaseCommand):
    help = "Import a promise file (YAML, format 1). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the YAML file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="update the promise with the same slug (activities are kept)",
        )

    def handle(self, *args, file, replace, **options):
        try:
            promise = import_promise(read_file(file), replace=replace)
        except FileImportError as error:
            refuse(self, error)
        self.stdout.write(
            _("Imported %(slug)s: %(areas)s focus areas, %(commitments)s commitments.")
            % {
                "slug": promise.slug,
                "areas": promise.focus_areas.count(),
                "commitments": promise.commitments.count(),
            }
        )
