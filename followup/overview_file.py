"""The overview as an Excel workbook: the rows of the page (the same filter and order), every
page of them, with the figures as numbers; cached (followup.views.overview) until one of its
promises changes, or the day, the order, the language.

Dates are dates and numbers are numbers; every text is a text cell, never a formula (a
municipality's or a promise's name that begins with "=" stays text), as in the report's
workbook (:func:`followup.report.xlsx_row`).
"""

import datetime
import io

from django.urls import reverse
from django.utils.translation import gettext as _

from commitments.enums import PromiseStatus

from .overview import fill
from .progress import LIGHT_ORDER
from .report import xlsx_row
from .results import YearSummary

YEAR_FIELDS = ("periods", "met", "missed", "open", "upcoming")


def header(overview):
    year_parts = {
        "periods": _("%(year)s: quota periods"),
        "met": _("%(year)s: met"),
        "missed": _("%(year)s: missed"),
        "open": _("%(year)s: in progress"),
        "upcoming": _("%(year)s: upcoming"),
    }
    return [
        _("Municipality"), _("County"), _("Local police area"), _("Promise"), _("Valid from"),
        _("Valid until"), _("Until a new promise is given"), _("Days left"), _("Status"),
        *[str(light.label) for light in LIGHT_ORDER],
        *[year_parts[part] % {"year": year} for year in overview.years for part in YEAR_FIELDS],
        _("Open local problems"), _("Local problems needing attention"), _("Indicators improving"),
        _("Indicators worsening"), _("Indicators unchanged"), _("Indicators without values"),
        _("Dashboard"),
    ]  # fmt: skip


def row_values(row, base_url):
    promise, figures = row.promise, row.figures
    empty = YearSummary(0, 0, 0, 0, 0, 0)
    return [
        row.municipality,
        row.county,
        row.police_area,
        promise.title,
        promise.valid_from,
        promise.valid_until,
        _("yes") if promise.until_superseded else _("no"),
        row.days_left_text if row.status == PromiseStatus.EXTENDED else row.days_left,
        row.status_text,
        *figures.lights,
        *[getattr(year or empty, part) for year in figures.years for part in YEAR_FIELDS],
        figures.open_problems,
        figures.attention,
        *figures.trends,
        base_url.rstrip("/") + reverse("dashboard", args=[promise.slug]),
    ]


def render_xlsx(overview, base_url):
    """The workbook of ``overview``, every row with its figures (made here where not yet), its
    links to the dashboards absolute under ``base_url``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    fill(overview.rows, overview.as_of)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Overview")
    sheet.append(xlsx_row(sheet, header(overview)))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in overview.rows:
        sheet.append(xlsx_row(sheet, row_values(row, base_url)))
    widths = [24, 20, 30, 40, 12, 12, 10, 10, 16]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in sheet.iter_cols(min_row=2, min_col=5, max_col=6):
        for cell in column:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(as_of):
    return f"oversikt-{as_of.isoformat()}.xlsx"
