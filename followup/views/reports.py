"""The council report as a page, a PDF and a workbook, each cached by promise, change stamp,
period and language (followup.caching): what they show is the same for everyone who may see
the promise, so the user is no part of the key."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commitments.access import get_promise

from ..caching import cache_key, cached_file
from ..report import PdfUnavailable, build_report, render_pdf, render_xlsx, report_filename
from .common import date_query, report_dates


def _period(request, slug):
    """The promise and the report's (as_of, from, to) from the address (a BadParameter, so a
    400, when they are wrong); the promise read with its change stamp, before its data."""
    return get_promise(request, slug), *report_dates(request)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def report(request, slug):
    """The report for the council as a printable page."""
    promise, as_of, start, end = _period(request, slug)
    query = date_query(request, as_of)
    return render(
        request,
        "followup/report.html",
        {
            # Built only where the cached part is not.
            "report": SimpleLazyObject(lambda: build_report(promise, as_of, start, end)),
            "cache_key": cache_key(promise, "report", as_of, start, end, query),
            "promise": promise,
            "as_of": as_of,
            "start": start,
            "end": end,
            "date_query": query,
            "nav": "followup",
        },
    )


@require_GET
def report_pdf(request, slug):
    promise, as_of, start, end = _period(request, slug)
    # The PDF's links are absolute, to the address it was asked for.
    base_url = request.build_absolute_uri("/")
    try:
        pdf = cached_file(
            cache_key(promise, "report.pdf", as_of, start, end, base_url),
            lambda: render_pdf(build_report(promise, as_of, start, end), base_url),
        )
    except PdfUnavailable:
        return HttpResponse(
            _("PDF cannot be made on this server (WeasyPrint needs the Pango library)."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return _download(pdf, "application/pdf", report_filename(promise, as_of, "pdf"))


@require_GET
def report_xlsx(request, slug):
    promise, as_of, start, end = _period(request, slug)
    workbook = cached_file(
        cache_key(promise, "report.xlsx", as_of, start, end),
        lambda: render_xlsx(build_report(promise, as_of, start, end)),
    )
    return _download(
        workbook,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report_filename(promise, as_of, "xlsx"),
    )
