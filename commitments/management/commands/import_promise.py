from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.enums import DisplacedActivities
from commitments.files import FileImportError
from commitments.promise_files import ActivitiesOutsideRules, SuccessionUndecided, import_promise

from ._files import Progress, read_file, refuse


class Command(BaseCommand):
    help = "Import a promise file (YAML, format 1). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the YAML file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="update the promise with the same slug (activities are kept)",
        )
        settle = parser.add_mutually_exclusive_group()
        settle.add_argument(
            "--move-activities",
            action="store_const",
            const=DisplacedActivities.MOVE,
            dest="activities",
            help="when publishing a successor ends the promise it replaces sooner, move that "
            "promise's later activities to the successor's commitments with the same keys",
        )
        settle.add_argument(
            "--keep-activities",
            action="store_const",
            const=DisplacedActivities.KEEP,
            dest="activities",
            help="... or keep them in the old promise, where they no longer count",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="with --replace: import even if logged activities would fall outside the new "
            "rules (dates moved, a party no longer responsible, kinds no longer counted); the "
            "promise's history says so",
        )

    def handle(self, *args, file, replace, activities, force, **options):
        data = read_file(file)
        progress = Progress(self.stdout)
        progress.show(0, _("reading the file"))

        def report(done, total):
            progress.show(
                done / total, _("commitment %(done)s of %(total)s") % {"done": done, "total": total}
            )

        try:
            promise = import_promise(
                data, replace=replace, activities=activities, force=force, progress=report
            )
        except SuccessionUndecided as error:
            progress.clear()
            displaced = error.displaced
            raise CommandError(
                ngettext(
                    "Publishing this promise would put %(count)s activity of %(old)s outside "
                    "its days in force (after %(end)s); nothing was imported. Import again with "
                    "--move-activities or --keep-activities.",
                    "Publishing this promise would put %(count)s activities of %(old)s outside "
                    "its days in force (after %(end)s); nothing was imported. Import again with "
                    "--move-activities or --keep-activities.",
                    len(displaced),
                )
                % {
                    "count": len(displaced),
                    "old": displaced.predecessor.slug,
                    "end": displaced.end.isoformat(),
                }
            ) from None
        except ActivitiesOutsideRules as error:
            progress.clear()
            for problem in error.errors:
                self.stderr.write(str(problem))
            count = len(error.stranded)
            raise CommandError(
                ngettext(
                    "The new rules would leave %(count)s logged activity outside them; nothing "
                    "was imported. Import again with --force to import it anyway (the promise's "
                    "history will say so).",
                    "The new rules would leave %(count)s logged activities outside them; nothing "
                    "was imported. Import again with --force to import it anyway (the promise's "
                    "history will say so).",
                    count,
                )
                % {"count": count}
            ) from None
        except FileImportError as error:
            progress.clear()
            refuse(self, error)
        progress.clear()
        self.stdout.write(
            _("Imported %(slug)s: %(areas)s focus areas, %(commitments)s commitments.")
            % {
                "slug": promise.slug,
                "areas": promise.focus_areas.count(),
                "commitments": promise.commitments.count(),
            }
        )
        if promise.stranded:
            for _field, message in promise.stranded.messages():
                self.stdout.write(_("Imported anyway: %(message)s") % {"message": message})
        if promise.settled:
            self.stdout.write(str(promise.settled))
        for message in promise.skipped_convenings:
            self.stdout.write(_("Not recorded: %(message)s") % {"message": message})
