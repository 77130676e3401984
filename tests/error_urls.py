"""The site's URLs and handlers, plus views that fail on purpose (for tests/test_error_pages.py)."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path

from alvsbyn_promises.errors import BadParameter
from alvsbyn_promises.urls import (  # noqa: F401 (Django reads the handlers from this module)
    handler400,
    handler403,
    handler404,
    handler500,
    urlpatterns,
)


class Unexpected(Exception):
    pass


FAILURES = {
    "bad": lambda: BadParameter("page måste vara ett heltal."),
    "denied": PermissionDenied,
    "missing": Http404,
    "boom": lambda: Unexpected("a bug"),
}


@login_not_required
def fail(request, kind):
    raise FAILURES[kind]()


urlpatterns = [
    path("fail/<str:kind>/", fail),
    path("api/fail/<str:kind>/", fail),
    *urlpatterns,
]
