import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followup.overview_figures import refresh

from ._options import add_as_of, as_of_date

MAX_DAYS = 31


class Command(BaseCommand):
    help = (
        "Make the overview's figures of every promise for a day and the days after it (today "
        "and tomorrow unless told), so that the overview of many promises opens at once; "
        "figures already made at the promise's current state are kept, those of earlier days "
        "deleted. Run it hourly from cron: it makes again only what changed."
    )

    def add_arguments(self, parser):
        add_as_of(parser, "the first day to make figures for")
        parser.add_argument(
            "--days",
            default="2",
            help=f"how many days from --as-of on, 1–{MAX_DAYS} (2: that day and the next)",
        )

    def handle(self, *args, as_of, days, verbosity, **options):
        first_day = as_of_date(as_of)
        count = days_count(days)
        started = time.monotonic()

        def progress(day, done, total):
            if verbosity > 1:
                self.stdout.write(_("%(day)s: %(done)s of %(total)s promises") % {
                    "day": day.isoformat(), "done": done, "total": total,
                })  # fmt: skip

        try:
            outcome = refresh(first_day, count, progress=progress)
        except DatabaseError as error:
            reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
            message = _("The figures could not be kept: %(reason)s") % {"reason": reason}
            raise CommandError(message) from None
        promises = ngettext("%(count)s promise", "%(count)s promises", outcome.promises) % {
            "count": outcome.promises
        }
        span = ngettext("%(count)s day from %(day)s", "%(count)s days from %(day)s", count) % {
            "count": count,
            "day": first_day.isoformat(),
        }
        self.stdout.write(
            _(
                "%(promises)s, %(days)s: %(made)s figures made, %(current)s already current, "
                "%(deleted)s of earlier days deleted (%(seconds).1f s)."
            )
            % {
                "promises": promises,
                "days": span,
                "made": outcome.made,
                "current": outcome.current,
                "deleted": outcome.deleted,
                "seconds": time.monotonic() - started,
            }
        )


def days_count(value):
    """--days as a number of days, or a one-line reason to stop."""
    try:
        count = int(value.strip())
    except ValueError:
        count = None
    if count is None or not 1 <= count <= MAX_DAYS:
        raise CommandError(
            _("--days must be a whole number from 1 to %(max)s, not %(value)s.")
            % {"max": MAX_DAYS, "value": value[:40]}
        )
    return count
