from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.access import (
    readable_by_anyone,
    reportable_commitments,
    reporting_organisations,
)
from commitments.models import Commitment
from commitments.params import page_number

from ..commitment_page import CommitmentPage
from .common import date_param, date_query

PAGE_SIZE = 25


@require_GET
@readable_by_anyone
def commitment_detail(request, promise, public, key):
    """One commitment: staff see it as of any date, with every activity that counts for it;
    anyone sees a public promise's commitment today, with its published activities only."""
    commitment = get_object_or_404(Commitment.objects.for_promise(promise).with_key(key))
    as_of = timezone.localdate()
    if not public:
        as_of = date_param(request, "as_of", as_of)
    page = CommitmentPage.build(promise, commitment, as_of, public=public)
    activities = Paginator(page.activities, PAGE_SIZE).get_page(page_number(request))
    context = {
        "page": page,
        "activities": activities,
        "public": public,
        "date_query": date_query(request, as_of) if not public else "",
        "pagination_query": date_query(request, as_of)[1:] if not public else "",
    }
    if public:
        context["public_promise"] = promise
        return render(request, "followup/commitment_public.html", context)
    context.update(
        promise=promise,
        can_report=bool(reporting_organisations(request.user, promise)),
        can_log_here=reportable_commitments(request.user, promise)
        .filter(pk=commitment.pk)
        .exists(),
        nav="promise",
    )
    return render(request, "followup/commitment_detail.html", context)
