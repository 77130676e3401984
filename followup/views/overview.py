from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.params import page_number

from ..caching import cached_file
from ..overview import Overview
from ..overview_file import filename, render_xlsx

TEMPLATE = "followup/overview.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def overview(request):
    """The person's promises side by side (followup.overview): filtered, sorted, paged. A
    filter that cannot be read is shown with its errors and nothing listed (400)."""
    number = page_number(request)
    built = Overview.build(request.user, timezone.localdate(), request.GET)
    context = {"overview": built, "nav": "overview", "wide_page": True}
    if built.rows is None:
        return render(request, TEMPLATE, context, status=400)
    context["page"] = built.page(number)
    return render(request, TEMPLATE, context)


@require_GET
def overview_xlsx(request):
    """The overview's rows, every page of them, as a workbook: the same filter and order. Made
    once for the same rows as they stand (the national one takes a second and more)."""
    built = Overview.build(request.user, timezone.localdate(), request.GET)
    if built.rows is None:
        context = {"overview": built, "nav": "overview", "wide_page": True}
        return render(request, TEMPLATE, context, status=400)
    base_url = request.build_absolute_uri("/")
    content = cached_file(built.file_key(base_url), lambda: render_xlsx(built, base_url))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename(built.as_of)}"'
    return response
