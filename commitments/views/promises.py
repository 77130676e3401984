import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from followup.caching import cache_key, digest
from followup.loading import followup_for
from followup.presentation import sections
from followup.public_page import PublicPage

from ..access import readable_by_anyone, reportable_commitments, succession
from ..forms import PromiseSearchForm
from ..params import page_number
from ..public_list import PublicList, police_area_choices
from .activities import LOGGED, logged_message


@require_GET
@readable_by_anyone
def promise_detail(request, promise, public):
    """Staff see the promise with where to log; anyone sees a public promise's public page."""
    if public:
        return public_page(request, promise)
    today = timezone.localdate()
    reportable = set(reportable_commitments(request.user, promise).values_list("pk", flat=True))
    replaces, replaced_by = succession(request.user, promise)

    @functools.cache
    def follow_up():
        return followup_for(promise, today)

    message = logged_message(request, promise, follow_up()) if LOGGED in request.GET else None
    if message:
        messages.success(request, message)

    def build():
        followup = follow_up()
        return {
            "followup": followup,
            "sections": sections(followup, promise.focus_areas.prefetch_related("local_problems")),
            "summary": [(status, n) for status, n in followup.summary.items() if n],
        }

    return render(
        request,
        "commitments/promise_detail.html",
        {
            "promise": promise,
            # Built only where the cached parts are not; they show where the user may log.
            "page": SimpleLazyObject(build),
            "cache_key": cache_key(promise, "promise", today, digest(reportable)),
            "reportable": reportable,
            "can_report": bool(reportable),
            "replaces": replaces,
            "replaced_by": replaced_by,
            "nav": "promise",
        },
    )


def public_page(request, promise):
    """What was promised and how far it has come, for residents: no staff names, and activity
    descriptions only of commitments an admin has marked publishable (followup.public_page)."""
    today = timezone.localdate()
    # The same for everyone: built only when its cached part is not there.
    return render(
        request,
        "commitments/promise_public.html",
        {
            "public_promise": promise,
            "page": SimpleLazyObject(lambda: PublicPage.build(promise, today)),
            "cache_key": cache_key(promise, "public", today),
        },
    )


@require_GET
@login_not_required
def promise_list(request):
    """The public promises, one municipality at a time, grouped by county and police area
    (commitments.public_list), with a search and filters. Everyone sees the same list: public,
    published promises only.

    Each municipality shows its *current* promise: the one in force today; where none is, the
    next to start (an upcoming promise comes before one that has run out: it is what the
    municipality and police now promise); where none is coming either, the latest that ran out.
    Its other public promises, older or coming, are listed under it. The status filter is the
    current promise's status; the search finds a municipality by its name or by the title or
    police area of any of its public promises.
    """
    form = PromiseSearchForm(request.GET, police_areas=police_area_choices())
    number = page_number(request)
    if not form.is_valid():
        # Listing everything would answer a search that was not made; say what to correct.
        context = {"form": form, "page": None, "groups": []}
        return render(request, "commitments/promise_list.html", context, status=400)
    listing = PublicList.build(timezone.localdate(), number, **form.filters())
    context = {
        "form": form,
        "page": listing.page,
        "groups": listing.groups,
        "query": form.query(),
    }
    return render(request, "commitments/promise_list.html", context)
