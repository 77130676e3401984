from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commitments.access import get_promise
from commitments.dates import parse_date

from ..loading import followup_for


@require_GET
@login_not_required
def followup_json(request, slug):
    """The follow-up JSON of the design card; public promises for anyone, others for members."""
    promise = get_promise(request, slug, public_ok=True)
    as_of = timezone.localdate()
    if "as_of" in request.GET:
        try:
            as_of = parse_date(request.GET["as_of"])
        except ValueError:
            return JsonResponse(
                {"error": _("as_of must be a date written YYYY-MM-DD.")}, status=400
            )
    return JsonResponse(
        followup_for(promise, as_of).to_json(), json_dumps_params={"ensure_ascii": False}
    )
