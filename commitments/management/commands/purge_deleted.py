from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.erasure import purge_deleted

MAX_DAYS = 36_500  # a hundred years: any longer would reach before the calendar starts


class Command(BaseCommand):
    help = (
        "Retention: replace every text in the history of activities deleted more than DAYS days "
        'ago by "[borttaget]". Nothing runs it unless it is scheduled.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", metavar="DAYS", default="", help="retention in days")

    def handle(self, *args, older_than, **options):
        days = older_than.strip()
        if not (days.isascii() and days.isdigit() and 1 <= int(days) <= MAX_DAYS):
            raise CommandError(
                _("Give --older-than as a whole number of days from 1 to 36500 (not %(value)s).")
                % {"value": older_than or "-"}
            )
        erasures = purge_deleted(int(days))
        self.stdout.write(
            ngettext(
                "Removed the texts of %(count)s deleted activity from its history.",
                "Removed the texts of %(count)s deleted activities from their history.",
                len(erasures),
            )
            % {"count": len(erasures)}
        )
