from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commitments.access import get_promise

from ..report import PdfUnavailable, build_report, render_pdf, render_xlsx, report_filename
from .common import BadDate, date_query, report_dates
from .dashboard import bad_request


def _report_or_error(request, slug):
    """(report, None), or (None, the 400 page) when the dates in the address are wrong."""
    promise = get_promise(request, slug)
    try:
        as_of, start, end = report_dates(request)
    except BadDate as error:
        return None, bad_request(request, promise, error)
    return build_report(promise, as_of, start, end), None


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def report(request, slug):
    """The report for the council as a printable page."""
    report, error = _report_or_error(request, slug)
    if error:
        return error
    return render(
        request,
        "followup/report.html",
        {
            "report": report,
            "promise": report.promise,
            "date_query": date_query(request, report.as_of),
            "nav": "followup",
        },
    )


@require_GET
def report_pdf(request, slug):
    report, error = _report_or_error(request, slug)
    if error:
        return error
    try:
        pdf = render_pdf(report, request.build_absolute_uri("/"))
    except PdfUnavailable:
        return HttpResponse(
            _("PDF cannot be made on this server (WeasyPrint needs the Pango library)."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return _download(pdf, "application/pdf", report_filename(report, "pdf"))


@require_GET
def report_xlsx(request, slug):
    report, error = _report_or_error(request, slug)
    if error:
        return error
    return _download(
        render_xlsx(report),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report_filename(report, "xlsx"),
    )
