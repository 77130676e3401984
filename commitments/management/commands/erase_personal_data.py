from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commitments.converters import is_id
from commitments.erasure import ErasureError, erase_text


class Command(BaseCommand):
    help = (
        "Remove a text (a personal identity number) from an activity and from every record of "
        'its history, replacing it by "[borttaget]". Works for deleted activities too. The '
        "erasure is recorded with its reason, never the text."
    )

    def add_arguments(self, parser):
        parser.add_argument("activity_id", help="the activity's number (as in its page's address)")
        parser.add_argument("text", help="the text to remove (any case)")
        parser.add_argument("--reason", default="", help="why (shown on the activity's page)")

    def handle(self, *args, activity_id, text, reason, **options):
        # An id the database could not hold is no activity either.
        if not is_id(activity_id):
            raise CommandError(_("No activity %(id)s.") % {"id": activity_id})
        try:
            erasure = erase_text(int(activity_id), text, reason=reason)
        except ErasureError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Removed the text from %(fields)s of activity %(id)s and its history.")
            % {"fields": erasure.field_labels(), "id": activity_id}
        )
