from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followup.reminders import send_reminders

from ._options import add_as_of, as_of_date


class Command(BaseCommand):
    help = (
        "Email each organisation's reporters and coordinators the commitments that are behind, "
        "at risk, inactive or missed. Run it weekly from cron."
    )

    def add_arguments(self, parser):
        add_as_of(parser, "the date to judge by")

    def handle(self, *args, as_of, **options):
        count = send_reminders(as_of_date(as_of))
        if count:
            message = ngettext("Sent %(count)s reminder.", "Sent %(count)s reminders.", count)
            self.stdout.write(message % {"count": count})
        else:
            self.stdout.write(_("Nothing needs attention: no reminders sent."))
