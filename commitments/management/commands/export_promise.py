from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commitments.promise_files import export_promise

from ._files import get_promise


class Command(BaseCommand):
    help = "Write a promise as a promise file (YAML, format 1)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, slug, output, **options):
        text = export_promise(get_promise(slug))
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from None
        self.stdout.write(_("Wrote %(path)s.") % {"path": output})
