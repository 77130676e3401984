"""The app's addresses and, for the bench only, the floor: the least a promise's page can do.

The floor is an empty view through the same middleware (signed in, as every staff page) that
runs one SQL aggregate of the promise's counts and renders, with Django's templates, a plain
table with as many rows as the promise has commitments (the dashboard's size). Every page's
time is read as a ratio to it, measured in the same run, so that figures from a fast and a
slow machine compare.
"""

from django.db.models import Count, Sum
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from alvsbyn_promises.urls import handler400, handler403, handler404, handler500, urlpatterns
from commitments.models import Promise

TABLE = engines["django"].from_string(
    "<!doctype html><title>{{ counts.title }}</title>"
    "<p>{{ counts.activity_count }} activities, {{ counts.quantity }} in all</p>"
    "<table><thead><tr><th>#</th><th>commitment</th><th>count</th></tr></thead><tbody>"
    "{% for number, text, count in rows %}"
    "<tr><td>{{ number }}</td><td>{{ text }}</td><td>{{ count }}</td></tr>"
    "{% endfor %}</tbody></table>"
)


def floor(request, slug):
    counts = (
        Promise.objects.filter(slug=slug)
        .values("title")
        .annotate(
            commitment_count=Count("commitments", distinct=True),
            activity_count=Count("commitments__activities"),
            quantity=Sum("commitments__activities__quantity"),
        )
        .get()
    )
    rows = [(n, f"Åtagande {n}", n % 5) for n in range(1, counts["commitment_count"] + 1)]
    return HttpResponse(TABLE.render({"counts": counts, "rows": rows}))


urlpatterns = [path("bench/floor/<slug:slug>/", floor, name="bench_floor"), *urlpatterns]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
