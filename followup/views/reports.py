from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commitments.access import get_promise

from ..report import PdfUnavailable, build_report, render_pdf, render_xlsx, report_filename
from .common import date_query, report_dates


def _report(request, slug):
    """The report for the dates in the address (a BadParameter, so a 400, when they are wrong)."""
    promise = get_promise(request, slug)
    return build_report(promise, *report_dates(request))


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def report(request, slug):
    """The report for the council as a printable page."""
    report = _report(request, slug)
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
    report = _report(request, slug)
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
    report = _report(request, slug)
    return _download(
        render_xlsx(report),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report_filename(report, "xlsx"),
    )
