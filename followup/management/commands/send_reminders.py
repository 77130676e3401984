from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followup.reminders import send_reminders

from ._options import add_as_of, as_of_date


class Command(BaseCommand):
    help = (
        "Email each organisation's reporters and coordinators the commitments that are behind, "
        "at risk, inactive or missed. Run it weekly from cron. A reminder that cannot be sent "
        "(a bad stored address, refused by the mail server) is logged and skipped; the command "
        "fails only when none of the due reminders could be sent."
    )

    def add_arguments(self, parser):
        add_as_of(parser, "the date to judge by")

    def handle(self, *args, as_of, **options):
        outcome = send_reminders(as_of_date(as_of))
        skipped = len(outcome.skipped)
        names = ", ".join(outcome.skipped)
        if skipped and not outcome.sent:
            raise CommandError(
                ngettext(
                    "The reminder could not be sent (to %(names)s); the reason is in the log.",
                    "None of the %(count)s reminders could be sent (to %(names)s); the reason "
                    "is in the log.",
                    skipped,
                )
                % {"count": skipped, "names": names}
            )
        if outcome.sent:
            message = ngettext(
                "Sent %(count)s reminder.", "Sent %(count)s reminders.", outcome.sent
            )
            self.stdout.write(message % {"count": outcome.sent})
        else:
            self.stdout.write(_("Nothing needs attention: no reminders sent."))
        if skipped:
            message = ngettext(
                "%(count)s reminder could not be sent (to %(names)s); the reason is in the log.",
                "%(count)s reminders could not be sent (to %(names)s); the reason is in the log.",
                skipped,
            )
            self.stderr.write(message % {"count": skipped, "names": names}, self.style.WARNING)
