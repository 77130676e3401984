"""The council report: the follow-up over a reporting period, as a page, a PDF and a workbook.

One builder (:func:`build_report`) feeds the three; they differ only in how they are drawn.
"""

import datetime
import io
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from commitments.attachment_files import name_attachments
from commitments.enums import CommitmentKind, FollowupStatus, LocalProblemStatus
from commitments.files import FORMULA_STARTS
from commitments.models import Activity

from . import indicator_display
from . import problems as problem_steps
from .dashboard import activity_chart, year_chart
from .loading import followup_for
from .outcome import Outcome
from .presentation import YEAR_PARTS, describe_needed, describe_quota, period_label, sections
from .progress import LIGHT_WORDS


@dataclass
class ReportLine:
    """A commitment in the report: how it stands, and what was done in the period."""

    result: object
    count: int  # what counts for it, dated in the reporting period
    activities: list = field(default_factory=list)  # its own, dated in the period


@dataclass
class Report:
    promise: object
    followup: object
    start: datetime.date
    end: datetime.date
    sections: list
    lines: list
    activities: list
    charts: list
    outcome: Outcome | None = None
    outside: set = field(default_factory=set)  # ids of listed activities outside the days in force

    @property
    def as_of(self):
        return self.followup.as_of


def build_report(promise, as_of, start, end):
    """The report of ``promise`` as of ``as_of`` for the period ``start`` to ``end``.

    Reads the database in the engine's queries plus three (activities, focus areas with local
    problems) and one for the chart of activities per month over the reporting period.
    """
    followup = followup_for(promise, as_of)
    last = min(end, as_of)
    activities = list(
        Activity.objects.for_promise(promise)
        .counted()
        .filter(occurred_on__gte=start, occurred_on__lte=last)
        .select_related("commitment", "organisation")
        .order_by("occurred_on", "pk")
    )
    name_attachments(
        activities,
        activity__promise=promise,
        activity__occurred_on__gte=start,
        activity__occurred_on__lte=last,
    )
    by_commitment = defaultdict(list)
    for activity in activities:
        by_commitment[activity.commitment_id].append(activity)
    lines = {
        result.facts.id: ReportLine(
            result, result.count_between(start, last), by_commitment[result.facts.id]
        )
        for result in followup.commitments
    }
    grouped = sections(
        followup,
        promise.focus_areas.prefetch_related("local_problems"),
        wrap=lambda result: lines[result.facts.id],
    )

    charts = [year_chart(followup), activity_chart(promise, start, max(start, last))]
    facts = followup.promise
    outside = {
        a.pk
        for a in activities
        if a.occurred_on < facts.valid_from
        or (facts.effective_end is not None and a.occurred_on > facts.effective_end)
    }
    return Report(
        promise, followup, start, end, grouped, list(lines.values()), activities, charts,
        Outcome.of(followup), outside,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# PDF


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here (it needs the Pango library of the operating system)."""


def render_pdf(report, base_url):
    """The report as PDF bytes: a title page, then the follow-up, with page numbers.

    The PDF is tagged PDF/UA-1, since the report is published and the accessibility law covers
    published documents: a structure tree of headings, lists, tables with header cells and
    figures with alternative text; the language from ``<html lang>``; the title from ``<title>``,
    shown by viewers in place of the file name.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: the system's Pango is missing
        raise PdfUnavailable(str(error)) from error
    fonts, stylesheet = _weasyprint_tools()
    # pdf: the charts drawn as WeasyPrint tags them (see followup/charts/bar_chart.svg), and
    # the activities laid out for speed (report_lines.html).
    html = render_to_string(
        "followup/report_pdf.html",
        {
            "report": report,
            "promise": report.promise,
            "date_query": f"?as_of={report.as_of.isoformat()}",
            "pdf": True,
        },
    )
    # "pdf/ua-1" implies PDF 1.7 and pdf_tags, and adds /MarkInfo, /ViewerPreferences
    # /DisplayDocTitle and the XMP identification of PDF/UA.
    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        finisher=_add_id_tree,
    )


_per_thread = threading.local()


def _weasyprint_tools():
    """A font configuration and the report's stylesheet compiled with it, made once per thread.

    Made per PDF, the font configuration loads the system's fonts again and the stylesheet is
    parsed again, each time; made once, a worker's memory stays level from one PDF to the next.
    Per thread, as Pango's font maps may not be shared between threads.
    """
    tools = getattr(_per_thread, "weasyprint", None)
    if tools is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        stylesheet = CSS(string=render_to_string("followup/report_pdf.css"), font_config=fonts)
        tools = _per_thread.weasyprint = (fonts, stylesheet)
    return tools


def _add_id_tree(document, pdf):
    """Map the table header cells' identifiers in the structure tree's /IDTree.

    WeasyPrint 70 gives each header cell an /ID and each data cell the /Headers that name it, but
    writes no /IDTree, which ISO 32000-1 (14.7.2) requires whenever elements have identifiers:
    without it a reader cannot follow /Headers from a cell to its headers.
    """
    import pydyf  # WeasyPrint's PDF writer: the finisher gets its objects

    def of_type(name):
        return [o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and o.get("Type") == name]

    identified = [element for element in of_type("/StructElem") if "ID" in element]
    root = next(iter(of_type("/StructTreeRoot")), None)
    if not identified or root is None or "IDTree" in root:
        return
    names = pydyf.Array()
    for element in sorted(identified, key=lambda element: element["ID"].string):
        names.extend([element["ID"], element.reference])  # a name tree's keys are sorted
    tree = pydyf.Dictionary({"Names": names})
    pdf.add_object(tree)
    root["IDTree"] = tree.reference


# ---------------------------------------------------------------------------------------------
# Excel


# What a workbook cannot hold, being XML 1.0: control characters other than tab, newline and
# carriage return, lone surrogates, U+FFFE and U+FFFF. openpyxl refuses a text holding one
# (IllegalCharacterError), which would make the whole report fail for one activity's text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xlsx_row(worksheet, values):
    """``values`` as cells of ``worksheet``: every text a text cell, never a formula (openpyxl
    makes one of any text beginning with "="), cleaned of what XML cannot hold.

    A text that looks like a formula is also marked quoted ("quotePrefix"), so that it stays
    text when someone edits the cell in Excel or LibreOffice.
    """
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        if not isinstance(value, str):
            cells.append(value)
            continue
        cell = Cell(worksheet, value=_NOT_XML.sub("", value))
        cell.data_type = "s"
        cell.quotePrefix = cell.value.startswith(FORMULA_STARTS)
        cells.append(cell)
    return cells


def render_xlsx(report):
    """The report as an Excel workbook: summary, quota periods and activities, one sheet each,
    and the outcome indicators' values when the promise has indicators.

    Dates are dates and numbers are numbers, and every text is text (user text that begins like
    a formula is never one); every sheet has a frozen header row and filters.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    bold = Font(bold=True)

    def sheet(title, header, rows, widths, active=False):
        worksheet = workbook.active if active else workbook.create_sheet()
        worksheet.title = title
        worksheet.append(xlsx_row(worksheet, header))
        for cell in worksheet[1]:
            cell.font = bold
        for row in rows:
            worksheet.append(xlsx_row(worksheet, row))
        for index, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        for column in worksheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
        worksheet.freeze_panes = "A2"
        worksheet.auto_filter.ref = worksheet.dimensions
        return worksheet

    status = {s.value: str(s.label) for s in FollowupStatus}
    summary_rows = []
    for line in report.lines:
        result, facts = line.result, line.result.facts
        current = result.current
        needed = result.needed
        summary_rows.append(
            [
                facts.focus_area,
                facts.group or "",
                facts.local_problem or "",
                facts.key,
                facts.text,
                ", ".join(facts.responsible),
                describe_quota(facts),
                status[result.status],
                current.start if current else None,
                current.end if current else None,
                current.count if current else None,
                current.target if current else None,
                line.count,
                result.last_activity,
                describe_needed(result),
                needed.by if needed else None,
            ]
        )
    sheet(
        _("Summary"),
        [
            _("Focus area"), _("Sub-heading"), _("Local problem"), _("Key"), _("Commitment"),
            _("Responsible"), _("Target"), _("Status"), _("Period start"), _("Period end"),
            _("Count"), _("Period target"), _("Count in the report period"), _("Last activity"),
            _("Still needed"), _("Needed by"),
        ],
        summary_rows,
        [22, 22, 16, 24, 60, 30, 26, 14, 12, 12, 8, 10, 12, 12, 30, 12],
        active=True,
    )  # fmt: skip
    sheet(
        _("Quota periods per year"),
        [_("Year"), _("Periods")] + [str(label) for _part, label in YEAR_PARTS],
        [
            [year.year, year.periods] + [getattr(year, part) for part, _label in YEAR_PARTS]
            for year in report.followup.years
        ],
        [8, 10, 12, 12, 12, 12],
    )
    period_rows = [
        [
            line.result.facts.key,
            line.result.facts.text,
            period.start,
            period.end,
            period.partial,
            period.target,
            period.count,
            status[period.status],
            period_label(line.result.facts.per, period),
            period.end.year,
        ]
        for line in report.lines
        if line.result.facts.kind == CommitmentKind.QUOTA
        for period in line.result.periods
    ]
    sheet(
        _("Quota periods"),
        [_("Key"), _("Commitment"), _("Start"), _("End"), _("Partial"), _("Target"),
         _("Count"), _("Status"), _("Period"), _("Year")],
        period_rows,
        [24, 60, 12, 12, 9, 8, 8, 14, 18, 8],
    )  # fmt: skip
    activity_rows = [
        [
            activity.occurred_on,
            activity.commitment.key,
            activity.commitment.text,
            activity.organisation.name,
            activity.quantity,
            activity.kind,
            activity.description,
            activity.place,
            ", ".join(activity.attachment_names),
        ]
        for activity in report.activities
    ]
    sheet(
        _("Activities"),
        [_("Date"), _("Key"), _("Commitment"), _("Carried out by"), _("Quantity"), _("Kind"),
         _("Description"), _("Place"), _("Attachments")],
        activity_rows,
        [12, 24, 50, 30, 9, 16, 70, 20, 40],
    )  # fmt: skip
    problems = [problem for section in report.sections for problem in section.problems]
    if problems:
        sheet(_("Local problems"), *_problem_sheet(problems))
    if report.followup.indicators:
        sheet(_("Outcomes"), *indicator_display.xlsx_sheet(report.followup.indicators))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _problem_sheet(problems):
    """(header, rows, widths) of the local problems: each one's stage, the day of each step,
    its measures by light, the step it is late with and its outcome (``problems`` are the
    report's ProblemSections)."""
    lights = [light for light, _words in LIGHT_WORDS.items()]
    header = [
        _("Focus area"), _("Local problem"), _("Stage"),
        *[str(LocalProblemStatus(status).label) for status, _field in problem_steps.STEPS],
        _("Measures"), *[str(LIGHT_WORDS[light]) for light in lights],
        _("Step overdue"), _("Outcome"),
    ]  # fmt: skip
    rows = []
    for section in problems:
        result = section.result
        counts = dict(result.lights)
        rows.append(
            [
                result.facts.focus_area, result.facts.title, str(result.stage),
                *[step.day for step in result.steps],
                result.measures, *[counts.get(light, 0) for light in lights],
                result.attention_text, section.outcome,
            ]
        )  # fmt: skip
    return header, rows, [22, 30, 22, 14, 14, 14, 14, 10, 12, 12, 12, 12, 50, 60]


def report_filename(promise, as_of, extension):
    return f"uppfoljning-{promise.slug}-{as_of.isoformat()}.{extension}"
