"""Who may do what: every view and method of the staff pages, for every persona.

Expected answers: 200 (shown), 302 (done, or to the sign-in page for visitors), 403 (may see but
not change), 404 (not a party: the promise does not exist for them).
"""

import pytest
from django.urls import reverse

from commitments.models import Activity, Promise

PERSONAS = ["anonymous", "stranger", "police_reporter", "municipal_reporter", "coordinator",
            "reviewer", "admin_user"]  # fmt: skip

# view, method, expected status per persona (in the order of PERSONAS)
MATRIX = [
    ("promise_detail", "get", [302, 404, 200, 200, 200, 200, 200]),
    ("activity_list", "get", [302, 404, 200, 200, 200, 200, 200]),
    ("activity_list_csv", "get", [302, 404, 200, 200, 200, 200, 200]),
    ("activity_create", "get", [302, 404, 200, 200, 200, 403, 200]),
    ("activity_create", "post", [302, 404, 302, 302, 302, 403, 302]),
    ("police_activity_detail", "get", [302, 404, 200, 200, 200, 200, 200]),
    ("police_activity_edit", "get", [302, 404, 200, 403, 403, 403, 200]),
    ("police_activity_edit", "post", [302, 404, 302, 403, 403, 403, 302]),
    ("police_activity_delete", "get", [302, 404, 200, 403, 403, 403, 200]),
    ("police_activity_delete", "post", [302, 404, 302, 403, 403, 403, 302]),
    ("municipal_activity_edit", "get", [302, 404, 403, 200, 200, 403, 200]),
    ("municipal_activity_edit", "post", [302, 404, 403, 302, 302, 403, 302]),
    ("municipal_activity_delete", "post", [302, 404, 403, 302, 302, 403, 302]),
    ("followup_json", "get", [404, 404, 200, 200, 200, 200, 200]),
    ("dashboard", "get", [302, 404, 200, 200, 200, 200, 200]),
    ("report", "get", [302, 404, 200, 200, 200, 200, 200]),
    ("report_pdf", "get", [302, 404, 200, 200, 200, 200, 200]),
    ("report_xlsx", "get", [302, 404, 200, 200, 200, 200, 200]),
    # An admin is asked the new promise's title and dates (the activity form's data is no answer).
    ("start_next_promise", "get", [302, 404, 403, 403, 403, 403, 200]),
    ("start_next_promise", "post", [302, 404, 403, 403, 403, 403, 200]),
    ("commitment_detail", "get", [302, 404, 200, 200, 200, 200, 200]),
    # Reporters and coordinators see what they must do; anyone else goes to their promises.
    ("todo", "get", [302, 200, 200, 200, 200, 302, 302]),
    # Pages outside any promise.
    ("home", "get", [200, 200, 200, 200, 200, 200, 200]),
    ("login", "get", [200, 302, 302, 302, 302, 302, 302]),
    ("password_change", "get", [302, 200, 200, 200, 200, 200, 200]),
    ("logout", "post", [302, 302, 302, 302, 302, 302, 302]),
    ("promise_list", "get", [200, 200, 200, 200, 200, 200, 200]),
    ("accessibility", "get", [200, 200, 200, 200, 200, 200, 200]),
]
CASES = [
    pytest.param(view, method, persona, expected[index], id=f"{view}-{method}-{persona}")
    for view, method, expected in MATRIX
    for index, persona in enumerate(PERSONAS)
]


@pytest.fixture
def urls(promise, police_activity, municipal_activity):
    slug = promise.slug

    def activity(name, activity):
        return reverse(name, args=[slug, activity.pk])

    return {
        "promise_detail": reverse("promise_detail", args=[slug]),
        "activity_list": reverse("activity_list", args=[slug]),
        "activity_list_csv": reverse("activity_list", args=[slug]) + "?format=csv",
        "activity_create": reverse("activity_create", args=[slug]),
        "police_activity_detail": activity("activity_detail", police_activity),
        "police_activity_edit": activity("activity_edit", police_activity),
        "police_activity_delete": activity("activity_delete", police_activity),
        "municipal_activity_edit": activity("activity_edit", municipal_activity),
        "municipal_activity_delete": activity("activity_delete", municipal_activity),
        "followup_json": reverse("followup_json", args=[slug]),
        "dashboard": reverse("dashboard", args=[slug]),
        "report": reverse("report", args=[slug]),
        "report_pdf": reverse("report_pdf", args=[slug]),
        "report_xlsx": reverse("report_xlsx", args=[slug]),
        "start_next_promise": reverse("start_next_promise", args=[slug]),
        "commitment_detail": reverse(
            "commitment_detail", args=[slug, police_activity.commitment.key]
        ),
        "todo": reverse("todo"),
        "promise_list": reverse("promise_list"),
        "accessibility": reverse("accessibility"),
        "home": reverse("home"),
        "login": reverse("login"),
        "password_change": reverse("password_change"),
        "logout": reverse("logout"),
    }


def form_data(activity):
    return {
        "commitment": activity.commitment_id,
        "occurred_on": "2025-05-05",
        "quantity": "1",
        "description": "Samverkansmöte.",
        "place": "",
        "organisation": activity.organisation_id,  # asked of admins only: they act for any party
    }


@pytest.mark.parametrize("view, method, persona, expected", CASES)
def test_access(client, request, urls, view, method, persona, expected, police_activity):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    data = form_data(police_activity) if method == "post" else None
    before = Activity.objects.count(), Promise.objects.count()
    response = getattr(client, method)(urls[view], data)
    assert response.status_code == expected
    if persona == "anonymous" and expected == 302 and view != "logout":
        assert response["Location"].startswith(reverse("login"))
    if method == "post" and expected != 302 or persona == "anonymous":
        assert (Activity.objects.count(), Promise.objects.count()) == before  # refused


def test_matrix_covers_every_view_of_the_staff_pages():
    from commitments import urls
    from followup import urls as followup_urls

    names = {p.name for p in [*urls.urlpatterns, *followup_urls.urlpatterns]}
    covered = {view.removeprefix("police_").removeprefix("municipal_").removesuffix("_csv")
               for view, _, _ in MATRIX}  # fmt: skip
    assert names - {"healthz"} <= covered
