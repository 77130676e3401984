from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from commitments.activity_files import DuplicateRow, import_activities
from commitments.files import FileImportError

from ._files import Progress, file_progress, get_promise, get_user, open_file, refuse


class Command(BaseCommand):
    help = (
        "Import activities from a CSV file into a promise. All or nothing. The file is read a "
        "line at a time (any size); on a terminal a progress bar shows how far it has come."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", help="CSV: date,commitment,quantity,organisation,kind,...")
        parser.add_argument("--user", help="record the activities as reported by this user")
        parser.add_argument(
            "--allow-duplicates",
            action="store_true",
            help="import rows identical to activities already logged (or to earlier rows) too",
        )

    def handle(self, *args, slug, file, user, allow_duplicates, **options):
        promise = get_promise(slug)
        reporter = get_user(user) if user else None
        progress = Progress(self.stdout)
        with open_file(file) as data:
            try:
                activities = import_activities(
                    promise,
                    data,
                    user=reporter,
                    file_name=Path(file).name,
                    allow_duplicates=allow_duplicates,
                    progress=file_progress(progress, data),
                )
            except FileImportError as error:
                progress.clear()
                hint = ""
                if any(isinstance(e, DuplicateRow) for e in error.errors):
                    hint = _(
                        "The rows marked as the same as a logged activity or an earlier row are "
                        "likely imported twice. If they are new activities, import the file "
                        "again with --allow-duplicates."
                    )
                refuse(self, error, hint)
        progress.clear()
        self.stdout.write(
            _("Imported %(count)s activities into %(slug)s.")
            % {"count": activities.count(), "slug": promise.slug}
        )
