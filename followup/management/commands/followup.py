import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commitments.enums import FollowupStatus, PromiseStatus
from commitments.models import Promise
from followup.engine import SUMMARY_ORDER, followup_for

from ._options import add_as_of, as_of_date


class Command(BaseCommand):
    help = "Show how a promise's commitments stand as of a date (JSON or a table)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        add_as_of(parser, "the report's date")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, slug, as_of, format, **options):
        day = as_of_date(as_of)
        promise = Promise.objects.with_parties().filter(slug=slug).first()
        if promise is None:
            raise CommandError(_("No promise %(slug)s.") % {"slug": slug})
        followup = followup_for(promise, day)
        if format == "json":
            self.stdout.write(json.dumps(followup.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(promise, followup))


def render_text(promise, followup):
    """A Swedish table for a terminal: one line per commitment, grouped by focus area."""
    lines = [
        _("%(title)s (%(slug)s) as of %(date)s: %(status)s")
        % {
            "title": promise.title,
            "slug": promise.slug,
            "date": followup.as_of.isoformat(),
            "status": PromiseStatus(followup.promise.status).label,
        },
        _("In force %(start)s – %(end)s")
        % {
            "start": promise.valid_from.isoformat(),
            "end": (
                followup.promise.effective_end.isoformat()
                if followup.promise.effective_end
                else _("until a new promise is given")
            ),
        },
    ]
    header = [_("Commitment"), _("Status"), _("Period"), _("Count"), _("Last activity")]
    rows = []
    for result in followup.commitments:
        period = result.current
        rows.append(
            (
                result.facts.focus_area,
                [
                    "  " * result.depth + result.key,
                    FollowupStatus(result.status).label,
                    f"{period.start.isoformat()} – {period.end.isoformat()}" if period else "",
                    f"{period.count}/{period.target}" if period else "",
                    result.last_activity.isoformat() if result.last_activity else "–",
                ],
            )
        )
    widths = [
        max(len(str(cells[i])) for cells in [header] + [r for _, r in rows]) for i in range(5)
    ]

    def line(cells):
        return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True))

    area = None
    for focus_area, cells in rows:
        if focus_area != area:
            area = focus_area
            lines += ["", area, line(header), line(["-" * w for w in widths])]
        lines.append(line(cells).rstrip())
    counts = [
        f"{followup.summary[status]} {FollowupStatus(status).label.lower()}"
        for status in SUMMARY_ORDER
        if followup.summary[status]
    ]
    lines += ["", _("Summary: %(counts)s") % {"counts": ", ".join(counts)}]
    return "\n".join(lines)
