from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from followup.engine import followup_for
from followup.presentation import sections

from ..access import get_promise, reportable_commitments


@require_GET
def promise_detail(request, slug):
    """The promise for its staff: every commitment, how it stands today, and where to log."""
    promise = get_promise(request, slug)
    followup = followup_for(promise, timezone.localdate())
    reportable = set(reportable_commitments(request.user, promise).values_list("pk", flat=True))
    areas = promise.focus_areas.prefetch_related("local_problems")
    return render(
        request,
        "commitments/promise_detail.html",
        {
            "promise": promise,
            "followup": followup,
            "sections": sections(followup, areas),
            "reportable": reportable,
            "can_report": bool(reportable),
            "summary": [(status, count) for status, count in followup.summary.items() if count],
            "nav": "followup",
        },
    )
