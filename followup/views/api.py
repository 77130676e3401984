import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from alvsbyn_promises.cors import allow_any_origin
from commitments.access import get_promise

from ..caching import cache_key, cached_text
from ..loading import followup_for
from .common import date_param


@require_GET
@login_not_required
def followup_json(request, slug):
    """The follow-up JSON of the design card; public promises for anyone (from any site too),
    others for members."""
    promise = get_promise(request, slug, public_ok=True)
    as_of = date_param(request, "as_of", timezone.localdate())
    content = cached_text(
        cache_key(promise, "json", as_of),
        lambda: json.dumps(followup_for(promise, as_of).to_json(), ensure_ascii=False),
    )
    response = HttpResponse(content, content_type="application/json")
    if promise.published and promise.public:  # open data: any site's scripts may read it
        allow_any_origin(response)
    return response
