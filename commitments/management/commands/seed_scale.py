from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commitments import scale

MAX_PROMISES = 20_000
MAX_ACTIVITIES = 20_000_000
# More than this many activities a promise on average is no nation's data: a typing mistake.
MAX_ACTIVITIES_PER_PROMISE = 100_000


class Command(BaseCommand):
    help = (
        "Fill an empty database with a national data set for benchmarks: about 685 "
        "organisations at 1,500 promises (fewer for fewer), their staff, promises in replace "
        "chains with their commitments, and the activities asked for, with their history. "
        "Refuses a database that holds any promise or organisation. Every user's password is "
        f"“{scale.PASSWORD}”; the users are admin (a superuser) and, for the organisation of "
        "id ID, orgID-coordinator1, orgID-reporter1, orgID-reporter2 and orgID-reviewer1 (other "
        "parties: orgID-reporter1 only). The same --seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--promises", type=int, required=True, metavar="N")
        parser.add_argument("--activities", type=int, required=True, metavar="M")
        parser.add_argument("--seed", type=int, default=1, metavar="S")

    def handle(self, *args, promises, activities, seed, **options):
        if not 1 <= promises <= MAX_PROMISES:
            raise CommandError(
                _("Give --promises from 1 to %(most)s (not %(value)s).")
                % {"most": MAX_PROMISES, "value": promises}
            )
        most = min(MAX_ACTIVITIES, promises * MAX_ACTIVITIES_PER_PROMISE)
        if not 0 <= activities <= most:
            raise CommandError(
                _("Give --activities from 0 to %(most)s for %(promises)s promises (not %(value)s).")
                % {"most": most, "promises": promises, "value": activities}
            )
        try:
            seeded = scale.seed(promises, activities, seed, progress=self.stdout.write)
        except scale.NotEmpty as error:
            raise CommandError(str(error)) from None
        for table, rows in sorted(seeded.counts.items()):
            self.stdout.write(f"{table:<48} {rows:>12,}")
        self.stdout.write(
            _("%(rows)s rows in %(seconds).1f s (%(rate)s rows/s).")
            % {
                "rows": f"{seeded.rows:,}",
                "seconds": seeded.seconds,
                "rate": f"{seeded.rows / max(seeded.seconds, 1e-9):,.0f}",
            }
        )
        self.stdout.write(
            _("A typical promise: %(typical)s; the largest: %(largest)s.")
            % {"typical": seeded.typical, "largest": seeded.largest}
        )
        self.stdout.write(
            _("Every user's password: %(password)s (the superuser is admin).")
            % {"password": scale.PASSWORD}
        )
