"""A public promise's summary for a municipality's website to show in a frame.

``/promises/<slug>/embed/`` is the one page of the site that may be framed, and only by the
origins in ``EMBED_ALLOWED_ORIGINS``: it then goes without ``X-Frame-Options`` and its CSP's
``frame-ancestors`` lists exactly those origins. With none listed it is framed by nobody, like
every other page (``X-Frame-Options: DENY``, ``frame-ancestors 'none'``), and still opens when
visited directly. It shows what the public page shows, in brief, and nothing of a promise that
is not public and published (404 for everyone, staff included). It sets no cookie.
"""

import functools

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from followup.caching import cache_key
from followup.loading import followup_for
from followup.progress import progress

from ..models import Promise


def framable_by_embed_origins(view):
    """``view`` framable by the origins of ``EMBED_ALLOWED_ORIGINS`` as they are at the request
    (settings can change in tests): without X-Frame-Options (``xframe_options_exempt``) and with
    a CSP whose ``frame-ancestors`` is those origins (django-csp's ``csp_replace``). With no
    origins, the view's response keeps the site's DENY and ``frame-ancestors 'none'``. An
    error page (404) is never framable: it is raised, not returned, and gets the site's
    headers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        origins = list(settings.EMBED_ALLOWED_ORIGINS)
        if not origins:
            return view(request, *args, **kwargs)
        framable = csp_replace({"frame-ancestors": origins})(xframe_options_exempt(view))
        return framable(request, *args, **kwargs)

    return wrapper


@require_GET
@login_not_required
@framable_by_embed_origins
def promise_embed(request, slug):
    """The summary of a public, published promise: its status and dates, its commitments by
    status as a bar, the latest year's quota periods and when it was last updated, with a link
    to the full public page. The same for everyone, cached by the promise's change stamp."""
    promise = get_object_or_404(
        Promise.objects.public()
        .with_slug(slug)
        .with_successor_start()
        .select_related("change_stamp")
    )
    today = timezone.localdate()

    def build():
        followup = followup_for(promise, today)
        return {
            "followup": followup,
            "progress": progress(followup, ()),
            "year": latest_year(followup),
            "updated": last_updated(promise, followup),
        }

    return render(
        request,
        "commitments/promise_embed.html",
        {
            "embedded_promise": promise,
            "page": SimpleLazyObject(build),
            "cache_key": cache_key(promise, "embed", today),
        },
    )


def latest_year(followup):
    """The quota periods of the latest calendar year that has begun (a YearSummary), or None
    when the promise has no quota period in a year up to the follow-up's date."""
    begun = [year for year in followup.years if year.year <= followup.as_of.year]
    return begun[-1] if begun else None


def last_updated(promise, followup):
    """When the promise last changed as the public sees it: its latest counted activity up to
    the follow-up's date, or the promise's own last change if later (as on the public page)."""
    dates = [c.last_activity for c in followup.commitments if c.last_activity]
    return max([*dates, timezone.localdate(promise.updated_at)])
