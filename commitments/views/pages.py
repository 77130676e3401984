from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from followup.loading import summaries_for

from ..access import visible_promises
from ..models import Promise
from ..params import page_number

HOME_PAGE_SIZE = 20


@require_GET
@never_cache
@login_not_required
def healthz(request):
    """Liveness for load balancers: the app answers and the database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@login_not_required
def home(request):
    """Visitors see the public promises; staff and members every promise of theirs, each with
    its status and how its commitments stand today."""
    user = request.user
    if not user.is_authenticated:
        # The latest few: the whole country's are on the public list, with its search.
        public = Promise.objects.public().select_related("municipality")
        latest = list(public.order_by("-valid_from", "pk")[: HOME_PAGE_SIZE + 1])
        return render(
            request,
            "commitments/home.html",
            {
                "promises": latest[:HOME_PAGE_SIZE],
                "more": len(latest) > HOME_PAGE_SIZE,
                "public": True,
            },
        )
    today = timezone.localdate()
    page = Paginator(visible_promises(user), HOME_PAGE_SIZE).get_page(page_number(request))
    summaries = summaries_for(page.object_list, today)
    rows = []
    for promise in page:
        summary = summaries[promise.pk]
        rows.append((promise, promise.status_on(today), [(s, n) for s, n in summary.items() if n]))
    return render(
        request,
        "commitments/home.html",
        {"page": page, "rows": rows, "public": False, "nav": "home", "query": ""},
    )


@require_GET
@login_not_required
def accessibility(request):
    """The accessibility statement public-sector sites must publish (lag 2018:1937)."""
    return render(request, "commitments/accessibility.html")
