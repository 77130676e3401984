import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commitments.enums import FollowupStatus, PromiseStatus
from commitments.models import Promise
from followup.engine import SUMMARY_ORDER
from followup.indicator_display import text_lines
from followup.loading import followup_for
from followup.presentation import YEAR_PARTS, describe_needed, sections

from ._options import add_as_of, as_of_date


class Command(BaseCommand):
    help = "Show how a promise's commitments stand as of a date (JSON or a table)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        add_as_of(parser, "the report's date")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, slug, as_of, format, **options):
        day = as_of_date(as_of)
        promise = Promise.objects.with_parties().with_slug(slug).first()
        if promise is None:
            raise CommandError(_("No promise %(slug)s.") % {"slug": slug})
        followup = followup_for(promise, day)
        if format == "json":
            self.stdout.write(json.dumps(followup.to_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(promise, followup))


def render_text(promise, followup):
    """A Swedish table for a terminal: one line per commitment, grouped by focus area, local
    problem (its stage, the days of its steps, whether it needs attention) and sub-heading,
    what open quotas still need, the quota periods year by year, then the outcome
    indicators, each in a line."""
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
    header = [
        _("Commitment"), _("Status"), _("Period"), _("Count"), _("Still needed"),
        _("Last activity"),
    ]  # fmt: skip
    rows = []
    for result in followup.commitments:
        period = result.current
        rows.append(
            [
                "  " * result.depth + result.key,
                FollowupStatus(result.status).label,
                f"{period.start.isoformat()} – {period.end.isoformat()}" if period else "",
                f"{period.count}/{period.target}" if period else "",
                describe_needed(result),
                result.last_activity.isoformat() if result.last_activity else "–",
            ]
        )
    table = _Table(header, rows)
    by_id = dict(zip((r.facts.id for r in followup.commitments), rows, strict=True))
    grouped = sections(followup, promise.focus_areas.prefetch_related("local_problems"))
    for section in grouped:
        lines += ["", str(section.area), *table.head()]
        lines += _commitment_lines(table, by_id, section.groups)
        for problem in section.problems:
            lines += _problem_lines(problem)
            lines += _commitment_lines(table, by_id, problem.groups)
    if followup.years:
        years = _Table(
            [_("Year"), _("Periods")] + [str(label) for _part, label in YEAR_PARTS],
            [
                [str(year.year), str(year.periods)]
                + [str(getattr(year, part)) for part, _label in YEAR_PARTS]
                for year in followup.years
            ],
        )
        lines += ["", _("Quota periods by year"), *years.head()]
        lines += [years.line(row) for row in years.rows]
    lines += text_lines(followup, [section.area.title for section in grouped])
    counts = [
        f"{followup.summary[status]} {FollowupStatus(status).label.lower()}"
        for status in SUMMARY_ORDER
        if followup.summary[status]
    ]
    lines += ["", _("Summary: %(counts)s") % {"counts": ", ".join(counts)}]
    return "\n".join(lines)


def _commitment_lines(table, by_id, groups):
    """The lines of ``groups``' commitments, each sub-heading before its own."""
    lines = []
    for group in groups:
        if group.title:
            lines.append(f"» {group.title}")
        lines += [table.line(by_id[result.facts.id]) for result in group.commitments]
    return lines


def _problem_lines(section):
    """A local problem's heading: its stage and the day of each step taken; then, when it is
    late with a step, why it needs attention, and its outcome once closed. Its measures'
    lines follow it."""
    heading = _("Local problem: %(title)s") % {"title": section.problem.title}
    result = section.result
    if result is None:
        return [f"» {heading}"]
    days = [
        f"{step.label} {step.day.isoformat()}" for step in result.steps if step.taken and step.day
    ]
    lines = [f"» {heading} ({result.stage})" + (": " + ", ".join(days) if days else "")]
    if result.attention:
        lines.append(f"  {_('Needs attention')}: {result.attention_text}")
    if section.outcome:
        lines.append(f"  {_('Outcome')}: {section.outcome}")
    return lines


class _Table:
    """Columns as wide as their widest cell, two spaces apart."""

    def __init__(self, header, rows):
        self.header, self.rows = header, rows
        self.widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(self, cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, self.widths, strict=True)).rstrip()

    def head(self):
        return [self.line(self.header), self.line(["-" * w for w in self.widths])]
