from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..access import can_view, is_staff, memberships
from ..models import Promise


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
    """Staff and members go to their promise (or choose one); visitors see the public ones."""
    user = request.user
    if not user.is_authenticated:
        public = Promise.objects.public().select_related("municipality")
        return render(request, "commitments/home.html", {"promises": public, "public": True})
    promises = Promise.objects.with_parties()
    if not is_staff(user):
        organisations = [m.organisation_id for m in memberships(user)]
        promises = promises.published().with_party(organisations)
    promises = [p for p in promises if can_view(user, p)]
    if len(promises) == 1:
        return redirect(promises[0])
    return render(
        request, "commitments/home.html", {"promises": promises, "public": False, "nav": "home"}
    )


@require_GET
@login_not_required
def accessibility(request):
    """The accessibility statement public-sector sites must publish (lag 2018:1937)."""
    return render(request, "commitments/accessibility.html")
