from django.conf import settings
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
# Where DIGG, which supervises the accessibility law, takes reports of inaccessible services.
DIGG_REPORT_URL = "https://www.digg.se/anmal-bristande-tillganglighet"


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
    """The accessibility statement public-sector services must publish (lag 2018:1937), after
    DIGG's model: who publishes the service, how accessible it is and what is known not to be,
    how to report a problem and how soon it is answered, the supervisory authority, how the
    service was tested, and when the statement was last reviewed.

    The publisher, the contact and the dates come from the ACCESSIBILITY_* settings. Without a
    contact the statement says so and sends people to the municipality that published the
    promise (its contact is on the promise's page) rather than to no one.
    """
    phone = settings.ACCESSIBILITY_CONTACT_PHONE
    contact = {
        "email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "phone": phone,
        "phone_href": "tel:" + "".join(c for c in phone if c in "+0123456789"),
        "url": settings.ACCESSIBILITY_CONTACT_URL,
    }
    return render(
        request,
        "commitments/accessibility.html",
        {
            "publisher": settings.ACCESSIBILITY_PUBLISHER,
            "contact": contact if phone or contact["email"] or contact["url"] else None,
            "response_days": settings.ACCESSIBILITY_RESPONSE_DAYS,
            "reviewed_on": settings.ACCESSIBILITY_REVIEWED_ON,
            "published_on": settings.ACCESSIBILITY_PUBLISHED_ON,
            "supervision_url": DIGG_REPORT_URL,
        },
    )
