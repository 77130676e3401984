from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.access import get_promise

from ..loading import followup_for
from .common import date_param


@require_GET
@login_not_required
def followup_json(request, slug):
    """The follow-up JSON of the design card; public promises for anyone, others for members."""
    promise = get_promise(request, slug, public_ok=True)
    as_of = date_param(request, "as_of", timezone.localdate())
    return JsonResponse(
        followup_for(promise, as_of).to_json(), json_dumps_params={"ensure_ascii": False}
    )
