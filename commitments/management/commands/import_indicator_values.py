from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from commitments.files import FileImportError
from commitments.indicator_files import import_indicator_values

from ._files import get_promise, get_user, open_file, refuse


class Command(BaseCommand):
    help = (
        "Import the measured values of a promise's outcome indicators from a CSV file. All or "
        "nothing; a value replaces the one its indicator has on that date."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", help="CSV: indicator,date,value,note,source_url")
        parser.add_argument("--user", help="record the values as entered by this user")

    def handle(self, *args, slug, file, user, **options):
        promise = get_promise(slug)
        entered_by = get_user(user) if user else None
        with open_file(file) as data:
            try:
                result = import_indicator_values(promise, data, user=entered_by)
            except FileImportError as error:
                refuse(self, error)
        self.stdout.write(
            _(
                "Indicator values of %(slug)s: %(added)s added, %(replaced)s replaced, "
                "%(unchanged)s unchanged."
            )
            % {
                "slug": promise.slug,
                "added": result.added,
                "replaced": result.replaced,
                "unchanged": result.unchanged,
            }
        )
