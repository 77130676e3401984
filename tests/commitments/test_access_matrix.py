"""Who may do what: every view and method of the staff pages, for every persona; then every
page of the Django admin for our models, for the three kinds of admin.

Expected answers: 200 (shown), 302 (done, or to the sign-in page for visitors), 403 (may see but
not change), 404 (not a party, or a local admin of another municipality: the promise does not
exist for them).
"""

import datetime
import json
import uuid
from dataclasses import dataclass
from unittest import mock

import pytest
import time_machine
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from commitments.attachment_files import add_attachments
from commitments.attachment_storage import PrivateFileSystemStorage
from commitments.enums import Role
from commitments.models import (
    Activity,
    Attachment,
    CalendarFeed,
    Commitment,
    FocusArea,
    Indicator,
    IndicatorValue,
    LocalProblem,
    PlannedActivity,
    Promise,
)
from tests.attachments_support import pdf
from tests.commitments.conftest import (
    TODAY,
    make_commitments,
    make_municipal_activity,
    make_police_activity,
)
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LocalProblemFactory,
    MembershipFactory,
    OrganisationFactory,
    PromiseFactory,
    UserFactory,
)
from tests.personas import make_focus_area, make_persona, make_promise

PERSONAS = ["anonymous", "stranger", "police_reporter", "municipal_reporter", "coordinator",
            "reviewer", "admin_user", "local_admin", "foreign_admin"]  # fmt: skip

# view, method, expected status per persona (in the order of PERSONAS)
MATRIX = [
    ("promise_detail", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("activity_list", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("activity_list_csv", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("activity_create", "get", [302, 404, 200, 200, 200, 403, 200, 200, 404]),
    ("activity_create", "post", [302, 404, 302, 302, 302, 403, 302, 302, 404]),
    ("police_activity_detail", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("police_activity_edit", "get", [302, 404, 200, 403, 403, 403, 200, 200, 404]),
    ("police_activity_edit", "post", [302, 404, 302, 403, 403, 403, 302, 302, 404]),
    ("police_activity_delete", "get", [302, 404, 200, 403, 403, 403, 200, 200, 404]),
    ("police_activity_delete", "post", [302, 404, 302, 403, 403, 403, 302, 302, 404]),
    ("municipal_activity_edit", "get", [302, 404, 403, 200, 200, 403, 200, 200, 404]),
    ("municipal_activity_edit", "post", [302, 404, 403, 302, 302, 403, 302, 302, 404]),
    ("municipal_activity_delete", "post", [302, 404, 403, 302, 302, 403, 302, 302, 404]),
    # Review: a coordinator of the organisation that carried it out, and the promise's admins.
    ("police_activity_review", "post", [302, 404, 403, 403, 403, 403, 302, 302, 404]),
    ("municipal_activity_review", "post", [302, 404, 403, 403, 302, 403, 302, 302, 404]),
    # Attachments: read with the activity, attached and removed by those who may change it.
    ("attachment_create", "get", [302, 404, 200, 403, 403, 403, 200, 200, 404]),
    ("attachment_create", "post", [302, 404, 302, 403, 403, 403, 302, 302, 404]),
    ("attachment_download", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("attachment_delete", "get", [302, 404, 200, 403, 403, 403, 200, 200, 404]),
    ("attachment_delete", "post", [302, 404, 302, 403, 403, 403, 302, 302, 404]),
    ("followup_json", "get", [404, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("dashboard", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("report", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("report_pdf", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("report_xlsx", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    # An admin is asked the new promise's title and dates (the activity form's data is no answer).
    ("start_next_promise", "get", [302, 404, 403, 403, 403, 403, 200, 200, 404]),
    ("start_next_promise", "post", [302, 404, 403, 403, 403, 403, 200, 200, 404]),
    ("commitment_detail", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    # Outcome indicators: read by every party; values entered by coordinators, reviewers, admins.
    ("indicator_list", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("indicator_value_create", "get", [302, 404, 403, 403, 200, 200, 200, 200, 404]),
    ("indicator_value_create", "post", [302, 404, 403, 403, 302, 302, 302, 302, 404]),
    ("indicator_value_edit", "get", [302, 404, 403, 403, 200, 200, 200, 200, 404]),
    ("indicator_value_edit", "post", [302, 404, 403, 403, 302, 302, 302, 302, 404]),
    ("indicator_value_delete", "get", [302, 404, 403, 403, 200, 200, 200, 200, 404]),
    ("indicator_value_delete", "post", [302, 404, 403, 403, 302, 302, 302, 302, 404]),
    ("indicator_import", "get", [302, 404, 403, 403, 200, 200, 200, 200, 404]),
    ("indicator_import", "post", [302, 404, 403, 403, 302, 302, 302, 302, 404]),
    # Plans: made by reporters and coordinators for their organisation's commitments (admins for
    # any party); the police reporter's plan changed by them, the promise's admins (a
    # municipal coordinator is of another organisation); read by every member.
    ("plan_list", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("plan_create", "get", [302, 404, 200, 200, 200, 403, 200, 200, 404]),
    ("plan_create", "post", [302, 404, 302, 302, 302, 403, 302, 302, 404]),
    ("police_plan_edit", "get", [302, 404, 200, 403, 403, 403, 200, 200, 404]),
    ("police_plan_edit", "post", [302, 404, 302, 403, 403, 403, 302, 302, 404]),
    ("police_plan_cancel", "get", [302, 404, 200, 403, 403, 403, 200, 200, 404]),
    ("police_plan_cancel", "post", [302, 404, 302, 403, 403, 403, 302, 302, 404]),
    ("police_plan_done", "get", [302, 404, 200, 403, 403, 403, 200, 200, 404]),
    ("police_plan_done", "post", [302, 404, 302, 403, 403, 403, 302, 302, 404]),
    ("municipal_plan_edit", "get", [302, 404, 403, 200, 200, 403, 200, 200, 404]),
    # Local problems: read by every member; raised and stepped by coordinators, reviewers (the
    # BRÅ chair) and admins. Each step's page is of a problem at the step before it.
    ("problem_list", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    ("problem_detail", "get", [302, 404, 200, 200, 200, 200, 200, 200, 404]),
    *(
        (view, method, [302, 404, 403, 403, *[200 if method == "get" else 302] * 4, 404])
        for view in [
            "problem_create",
            "problem_convene",
            "problem_adopt",
            "problem_close",
            "problem_reopen",
            "problem_take_back",
        ]
        for method in ["get", "post"]
    ),
    # The calendar feed: the police reporter's, read by whoever has its address (a stranger
    # included); the settings page is everyone's own.
    ("calendar_feed", "get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("calendar_settings", "get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("calendar_settings", "post", [302, 302, 302, 302, 302, 302, 302, 302, 302]),
    # Reporters and coordinators see what they must do; anyone else goes to their promises.
    ("todo", "get", [302, 200, 200, 200, 200, 302, 302, 200, 200]),
    # Pages outside any promise.
    ("home", "get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    # Everyone signed in sees the promises of their own organisations side by side (a stranger
    # those of Boden's, none here): tests/followup/test_overview.py checks which.
    ("overview", "get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("overview_xlsx", "get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("login", "get", [200, 302, 302, 302, 302, 302, 302, 302, 302]),
    ("password_change", "get", [302, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("logout", "post", [302, 302, 302, 302, 302, 302, 302, 302, 302]),
    ("promise_list", "get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("accessibility", "get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    # Open data and the feed: of public promises only, the same for everyone (this promise is
    # not public: not found, for its own members and admins too); the list is everyone's.
    ("promise_feed", "get", [404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("promise_embed", "get", [404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("open_promise_list", "get", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("open_commitments_csv", "get", [404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("open_activities_csv", "get", [404, 404, 404, 404, 404, 404, 404, 404, 404]),
]
CASES = [
    pytest.param(view, method, persona, expected[index], id=f"{view}-{method}-{persona}")
    for view, method, expected in MATRIX
    for index, persona in enumerate(PERSONAS)
]


# ---------------------------------------------------------------------------------------------
# The data every case of TestAccess reads, built once for the class in a transaction rolled back
# at its end (as the hostile-input catalogue's world): each case runs in a savepoint of its own
# (the `db` fixture) rolled back after it, so what one case posts is gone before the next.
# Building it for each of the 800 cases took most of the module's time. A deleted attachment
# keeps its file: the store deletes a file when the transaction commits, never here.


@dataclass
class Access:
    users: dict  # each persona but the anonymous, by its fixture's name
    focus_area: FocusArea
    police_activity: Activity
    indicator_value: IndicatorValue
    local_problems: dict
    urls: dict
    store: PrivateFileSystemStorage


@pytest.fixture(scope="class")
def access_world(django_db_setup, django_db_blocker, tmp_path_factory):
    store = PrivateFileSystemStorage(
        location=tmp_path_factory.mktemp("access-attachments"), base_url=None
    )
    md5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        time_machine.travel(TODAY, tick=False),
        override_settings(PASSWORD_HASHERS=md5),
        mock.patch.object(Attachment._meta.get_field("file"), "storage", store),
        transaction.atomic(),
    ):
        yield _build_access(store)
        transaction.set_rollback(True)


def _build_access(store):
    promise = make_promise()
    users = {name: make_persona(name, promise) for name in PERSONAS if name != "anonymous"}
    focus_area = make_focus_area(promise)
    commitments = make_commitments(promise, focus_area)
    police_activity = make_police_activity(commitments, promise, users["police_reporter"])
    municipal_activity = make_municipal_activity(commitments, promise, users["municipal_reporter"])
    value = indicator_value(promise)
    problems = local_problems(focus_area)
    return Access(
        users=users,
        focus_area=focus_area,
        police_activity=police_activity,
        indicator_value=value,
        local_problems=problems,
        urls=urls(
            promise,
            police_activity,
            municipal_activity,
            value,
            attachment(police_activity, users["police_reporter"]),
            plans(police_activity, municipal_activity, users),
            calendar(users["police_reporter"]),
            problems,
        ),
        store=store,
    )


@pytest.fixture
def access(access_world, db, today, settings, monkeypatch):
    """The class's data, this case's to change; attachments in the class's store."""
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "commitments.attachment_storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": access_world.store.location, "base_url": None},
        },
    }
    monkeypatch.setattr(Attachment._meta.get_field("file"), "storage", access_world.store)
    return access_world


def indicator_value(promise):
    return IndicatorValueFactory(
        indicator__promise=promise,
        indicator__key="otrygghet",
        measured_on=datetime.date(2024, 10, 1),
    )


def attachment(police_activity, police_reporter):
    return add_attachments(police_activity, [pdf()], police_reporter)[0]


def plans(police_activity, municipal_activity, users):
    """A plan of each reporter's, on the commitment both parties share."""
    return {
        whose: PlannedActivity.objects.create(
            commitment=activity.commitment,
            organisation=activity.organisation,
            planned_on=datetime.date(2025, 9, 1),
            created_by=user,
        )
        for whose, activity, user in [
            ("police", police_activity, users["police_reporter"]),
            ("municipal", municipal_activity, users["municipal_reporter"]),
        ]
    }


def local_problems(focus_area):
    """A problem at each step, the one each step's page is taken from."""
    days = {
        "raised_on": datetime.date(2025, 5, 1),
        "convened_on": datetime.date(2025, 5, 10),
        "plan_adopted_on": datetime.date(2025, 5, 20),
        "closed_on": datetime.date(2025, 6, 1),
    }
    steps = ["raised", "convened", "plan_adopted", "closed"]
    return {
        status: LocalProblemFactory(
            focus_area=focus_area, title=f"Problem {status}", status=status,
            outcome="Klart." if status == "closed" else "",
            **dict(list(days.items())[: steps.index(status) + 1]),
        )
        for status in steps
    }  # fmt: skip


# The problem each step's page is about: one at the step before it.
PROBLEM_STEPS = {"problem_convene": "raised", "problem_adopt": "convened",
                 "problem_take_back": "convened", "problem_close": "plan_adopted",
                 "problem_reopen": "closed", "problem_detail": "raised"}  # fmt: skip


def calendar(police_reporter):
    return CalendarFeed.objects.create(user=police_reporter)


def urls(
    promise, police_activity, municipal_activity, indicator_value, attachment, plans, calendar,
    local_problems,
):  # fmt: skip
    slug = promise.slug
    attached = [slug, police_activity.pk, attachment.pk]
    value = ["otrygghet", indicator_value.pk]

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
        "police_activity_review": activity("activity_review", police_activity),
        "municipal_activity_review": activity("activity_review", municipal_activity),
        "attachment_create": activity("attachment_create", police_activity),
        "attachment_download": reverse("attachment_download", args=attached),
        "attachment_delete": reverse("attachment_delete", args=attached),
        "followup_json": reverse("followup_json", args=[slug]),
        "dashboard": reverse("dashboard", args=[slug]),
        "report": reverse("report", args=[slug]),
        "report_pdf": reverse("report_pdf", args=[slug]),
        "report_xlsx": reverse("report_xlsx", args=[slug]),
        "start_next_promise": reverse("start_next_promise", args=[slug]),
        "commitment_detail": reverse(
            "commitment_detail", args=[slug, police_activity.commitment.key]
        ),
        "indicator_list": reverse("indicator_list", args=[slug]),
        "indicator_import": reverse("indicator_import", args=[slug]),
        "indicator_value_create": reverse("indicator_value_create", args=[slug, "otrygghet"]),
        "indicator_value_edit": reverse("indicator_value_edit", args=[slug, *value]),
        "indicator_value_delete": reverse("indicator_value_delete", args=[slug, *value]),
        "plan_list": reverse("plan_list", args=[slug]),
        "plan_create": reverse("plan_create", args=[slug]),
        **{
            f"{whose}_plan_{action}": reverse(f"plan_{action}", args=[slug, plan.pk])
            for whose, plan in plans.items()
            for action in ("edit", "cancel", "done")
        },
        "problem_list": reverse("problem_list", args=[slug]),
        "problem_create": reverse("problem_create", args=[slug]),
        **{
            view: reverse(view, args=[slug, local_problems[status].pk])
            for view, status in PROBLEM_STEPS.items()
        },
        "calendar_feed": reverse("calendar_feed", args=[calendar.token]),
        "calendar_settings": reverse("calendar_settings"),
        "todo": reverse("todo"),
        "promise_list": reverse("promise_list"),
        "accessibility": reverse("accessibility"),
        "promise_feed": reverse("promise_feed", args=[slug]),
        "promise_embed": reverse("promise_embed", args=[slug]),
        "open_promise_list": reverse("open_promise_list"),
        "open_commitments_csv": reverse("open_commitments_csv", args=[slug]),
        "open_activities_csv": reverse("open_activities_csv", args=[slug]),
        "home": reverse("home"),
        "overview": reverse("overview"),
        "overview_xlsx": reverse("overview_xlsx"),
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
        "submission": str(uuid.uuid4()),  # the log form's one-time token
        "opened_version": activity.version,  # the version the edit form was opened at
    }


def plan_form_data(view, activity):
    """A plan (new or moved), a cancellation, or the activity a plan became."""
    if view.endswith("_done"):
        return {**form_data(activity), "occurred_on": "2025-06-15"}
    return {
        "commitment": activity.commitment_id,
        "organisation": activity.organisation_id,
        "planned_on": "2025-09-20",
        "place": "",
        "note": "",
        "cancel_reason": "Flyttad till hösten.",
        "opened_version": 1,
    }


def problem_form_data(view, focus_area, local_problems):
    """A new problem, or the step of the problem the view is about (at the version it has)."""
    problem = local_problems.get(PROBLEM_STEPS.get(view))
    return {
        "title": "Nytt problem",
        "focus_area": focus_area.pk,
        "raised_on": "2025-06-10",
        "opened_version": problem.version if problem else "",
        "convened_on": "2025-06-10",
        "plan_adopted_on": "2025-06-10",
        "action_plan": "Plan.",
        "measures-TOTAL_FORMS": "0",
        "measures-INITIAL_FORMS": "0",
        "closed_on": "2025-06-10",
        "outcome": "Klart.",
        "reason": "Problemet kom tillbaka.",
    }


def indicator_form_data(value):
    return {
        "measured_on": "2025-05-01",
        "value": "16,5",
        "note": "",
        "source_url": "",
        "opened_version": value.version,
    }


def stored():
    """What a refused post must leave as it was."""
    values = IndicatorValue.objects.values_list("measured_on", "value")
    problems = LocalProblem.objects.values_list("pk", "status", "version")
    return Activity.objects.count(), Promise.objects.count(), sorted(values), sorted(problems)


class TestAccess:
    """Every view and method of the staff pages for every persona, on data built once (for the
    class: it is gone before the admin's tests below, which build their own)."""

    @pytest.mark.parametrize("view, method, persona, expected", CASES)
    def test_access(self, client, access, view, method, persona, expected):
        police_activity, indicator_value = access.police_activity, access.indicator_value
        if persona != "anonymous":
            client.force_login(access.users[persona])
        data = None
        if method == "post" and view == "indicator_import":
            data = {
                "file": SimpleUploadedFile(
                    "v.csv", b"indicator,date,value\notrygghet,2025-05-01,16\n"
                )
            }
        elif method == "post" and view == "attachment_create":
            data = {"files": [pdf()]}
        elif method == "post" and "plan_" in view:
            data = plan_form_data(view, police_activity)
        elif method == "post" and view.startswith("problem"):
            data = problem_form_data(view, access.focus_area, access.local_problems)
        elif method == "post" and view == "calendar_settings":
            data = {}
        elif method == "post":
            data = (
                indicator_form_data(indicator_value)
                if view.startswith("indicator")
                else form_data(police_activity)
            )
        before = stored()
        response = getattr(client, method)(access.urls[view], data)
        if response.streaming:
            # A download: read to its end, which closes its file. Not response.close(): outside the
            # test client that sends request_finished, whose handler closes the database
            # connection (on PostgreSQL, the test's own).
            b"".join(response.streaming_content)
        assert response.status_code == expected
        if persona == "anonymous" and expected == 302 and view != "logout":
            assert response["Location"].startswith(reverse("login"))
        if method == "post" and expected != 302 or persona == "anonymous":
            assert stored() == before  # refused
        elif method == "post" and view.startswith(("indicator", "problem")):
            assert stored() != before  # done


def test_matrix_covers_every_view_of_the_staff_pages():
    from commitments import urls
    from followup import urls as followup_urls

    names = {p.name for p in [*urls.urlpatterns, *followup_urls.urlpatterns]}
    covered = {view.removeprefix("police_").removeprefix("municipal_").removesuffix("_csv")
               for view, _, _ in MATRIX}  # fmt: skip
    covered |= {view for view, _, _ in MATRIX}  # a view whose name ends in _csv itself
    assert names - {"healthz"} <= covered


# ---------------------------------------------------------------------------------------------
# The Django admin: a local admin of another municipality (Arvidsjaur), a local admin of the
# promise's municipality (Älvsbyn) and a national admin, on every page of our models' admin.

ADMIN_PERSONAS = ["foreign_admin", "local_admin", "admin_user"]
HISTORY_MODELS = [
    "promise", "focusarea", "localproblem", "commitment", "activity", "indicator", "membership",
    "plannedactivity",
]  # fmt: skip

# url name, the object it is about (None: none), expected status per admin persona
ADMIN_MATRIX = [
    *(
        case
        for model in HISTORY_MODELS
        for case in [
            (f"commitments_{model}_changelist", None, [200, 200, 200]),
            (f"commitments_{model}_add", None, [200, 200, 200]),
            (f"commitments_{model}_change", model, [404, 200, 200]),
            (f"commitments_{model}_delete", model, [404, 200, 200]),
            (f"commitments_{model}_history", model, [404, 200, 200]),
            (f"commitments_{model}_simple_history", model, [404, 200, 200]),
        ]
    ),
    ("commitments_promise_export", "promise", [404, 200, 200]),
    ("commitments_promise_start_next", "promise", [404, 200, 200]),
    # Erasing a text from an activity and its history; deleted activities to find.
    ("commitments_activity_erase", "activity", [404, 200, 200]),
    ("commitments_activity_deleted", None, [200, 200, 200]),
    ("commitments_promise_import", None, [200, 200, 200]),
    ("commitments_activity_import", None, [200, 200, 200]),
    # Organisations: seen and their memberships managed; never added, renamed or deleted.
    ("commitments_organisation_changelist", None, [200, 200, 200]),
    ("commitments_organisation_add", None, [403, 403, 200]),
    ("commitments_organisation_change", "organisation", [404, 200, 200]),
    ("commitments_organisation_delete", "organisation", [404, 403, 200]),
    ("commitments_organisation_history", "organisation", [404, 200, 200]),
    ("commitments_organisation_simple_history", "organisation", [404, 200, 200]),
    # People: a local admin adds and changes members of their organisations; never deletes.
    ("auth_user_changelist", None, [200, 200, 200]),
    ("auth_user_add", None, [200, 200, 200]),
    ("auth_user_change", "user", [404, 200, 200]),
    ("auth_user_delete", "user", [404, 403, 200]),
    ("auth_user_history", "user", [404, 200, 200]),
    ("auth_user_password_change", "user", [404, 200, 200]),
    ("auth_group_changelist", None, [403, 403, 200]),
    ("autocomplete", None, [200, 200, 200]),
    # The "view on site" redirect names a promise's address.
    ("view_on_site", "promise", [404, 302, 302]),
    ("view_on_site", "commitment", [404, 404, 404]),  # it has none
]
ADMIN_CASES = [
    pytest.param(name, about, persona, expected[index], id=f"{name}-{about}-{persona}")
    for name, about, expected in ADMIN_MATRIX
    for index, persona in enumerate(ADMIN_PERSONAS)
]

# What each municipality's admin pages must never show of the other's.
ALVSBYN = ["älvsbyn", "alvsbyn", "piteå", "hundsok"]
ARVIDSJAUR = ["arvidsjaur"]


def _member(username, organisation, role=Role.REPORTER):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def alvsbyn(promise, focus_area, commitments, police_activity, municipal_activity):
    """The personas' promise, named, with one of everything the admin shows."""
    promise.title = "Trygghetslöfte Älvsbyn"
    promise.save()
    return {
        "promise": promise,
        "focusarea": focus_area,
        "localproblem": LocalProblemFactory(focus_area=focus_area, title="Klotter i Älvsbyn"),
        "commitment": commitments["samverkan"],
        "activity": police_activity,
        "organisation": promise.municipality,
        "user": (kalle := _member("kalle.alvsbyn", promise.municipality)),
        "membership": kalle.memberships.get(),
        "indicator": IndicatorValueFactory(
            indicator__promise=promise, indicator__name="Otrygghet i Älvsbyn"
        ).indicator,
        "plannedactivity": PlannedActivity.objects.create(
            commitment=commitments["samverkan"],
            organisation=promise.police_area,
            planned_on=datetime.date(2025, 9, 1),
            note="Möte i Älvsbyn",
        ),
    }


@pytest.fixture
def arvidsjaur(foreign_admin, today):
    """Another municipality's promise, its admin's own."""
    promise = PromiseFactory(
        slug="arvidsjaur",
        title="Trygghetslöfte Arvidsjaur",
        municipality=OrganisationFactory(name="Arvidsjaurs kommun", municipality=True),
        police_area=OrganisationFactory(name="Lokalpolisområde Arvidsjaur", police=True),
    )
    area = FocusAreaFactory(promise=promise, title="Trafik i Arvidsjaur")
    commitment = CommitmentFactory(focus_area=area, key="arvidsjaur-kontroll")
    LocalProblemFactory(focus_area=area, title="Buskörning i Arvidsjaur")
    ActivityFactory(commitment=commitment, occurred_on=today)
    PlannedActivity.objects.create(
        commitment=commitment, organisation=promise.police_area, planned_on=today
    )
    IndicatorFactory(promise=promise, name="Otrygghet i Arvidsjaur", focus_area=area)
    _member("stina.arvidsjaur", promise.municipality)
    return promise


def admin_url(name, about, objects):
    if name == "autocomplete":
        return reverse("admin:autocomplete") + (
            "?app_label=commitments&model_name=promise&field_name=replaces&term="
        )
    if about is None:
        return reverse(f"admin:{name}")
    obj = objects[about]
    if name == "view_on_site":
        return reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk]
        )
    if name.endswith("_simple_history"):
        return reverse(f"admin:{name}", args=[obj.pk, obj.history.earliest().history_id])
    return reverse(f"admin:{name}", args=[obj.pk])


@pytest.mark.parametrize("name, about, persona, expected", ADMIN_CASES)
def test_admin_access(client, request, alvsbyn, arvidsjaur, name, about, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(admin_url(name, about, alvsbyn))
    assert response.status_code == expected


def test_admin_matrix_covers_every_admin_page_of_our_models():
    names = {
        p.name
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "commitments" or model._meta.model_name == "user"
        for p in model_admin.urls
        if p.name  # the unnamed one only redirects to the change page
    }
    assert names <= {name for name, _, _ in ADMIN_MATRIX}


def _shown(response):
    """The text a page shows, or the texts an autocomplete answers."""
    if response["Content-Type"].startswith("application/json"):
        return " ".join(r["text"] for r in json.loads(response.content)["results"]).lower()
    return response.text.lower()


LISTS = [
    *(f"commitments_{model}_changelist" for model in HISTORY_MODELS),
    "commitments_organisation_changelist",
    "auth_user_changelist",
]
# What a list shows of its own municipality, so that an empty page cannot pass.
OWN = {
    "promise": ("trygghetslöfte älvsbyn", "trygghetslöfte arvidsjaur"),
    "focusarea": ("narkotika", "trafik i arvidsjaur"),
    "localproblem": ("klotter i älvsbyn", "buskörning i arvidsjaur"),
    "commitment": ("samverkan", "arvidsjaur-kontroll"),
    "activity": ("samverkan", "arvidsjaur-kontroll"),
    "indicator": ("otrygghet i älvsbyn", "otrygghet i arvidsjaur"),
    "organisation": ("älvsbyns kommun", "arvidsjaurs kommun"),
    "user": ("kalle.alvsbyn", "stina.arvidsjaur"),
    "membership": ("kalle.alvsbyn", "stina.arvidsjaur"),
    "plannedactivity": ("samverkan", "arvidsjaur-kontroll"),
}
AUTOCOMPLETE = {
    # source model, field: what the answers are about
    ("promise", "replaces"): "promise",
    ("activity", "commitment"): "commitment",
    ("membership", "user"): "user",
    ("membership", "organisation"): "organisation",
}


LOOKUPS = [
    *(pytest.param(name, "", id=name) for name in LISTS),
    # The same lists as raw-id popups.
    *(pytest.param(name, "?_popup=1&_to_field=id", id=f"{name}-popup") for name in LISTS),
    *(
        pytest.param(
            "autocomplete",
            f"?app_label=commitments&model_name={model}&field_name={field}&term=",
            id=f"autocomplete-{model}-{field}",
        )
        for model, field in AUTOCOMPLETE
    ),
]


@pytest.mark.parametrize("name, query", LOOKUPS)
def test_admin_lists_filters_and_lookups_hold_nothing_of_another_municipality(
    client, alvsbyn, arvidsjaur, local_admin, foreign_admin, admin_user, name, query
):
    if name == "autocomplete":
        about = AUTOCOMPLETE[tuple(part.split("=")[1] for part in query.split("&")[1:3])]
    else:
        about = name.removeprefix("commitments_").removeprefix("auth_").split("_")[0]
    url = reverse(f"admin:{name}") + query
    own_alvsbyn, own_arvidsjaur = OWN[about]
    for user, own, foreign in [
        (local_admin, own_alvsbyn, ARVIDSJAUR),
        (foreign_admin, own_arvidsjaur, ALVSBYN),
    ]:
        client.force_login(user)
        shown = _shown(client.get(url))
        assert own in shown
        assert [word for word in foreign if word in shown] == []
    client.force_login(admin_user)
    shown = _shown(client.get(url))
    assert own_alvsbyn in shown
    assert own_arvidsjaur in shown


@pytest.mark.parametrize("model", [m for m in HISTORY_MODELS if m != "membership"])
def test_a_list_filtered_by_another_municipalitys_promise_is_empty(
    client, alvsbyn, arvidsjaur, foreign_admin, model
):
    path = {"promise": "id", "focusarea": "promise__id", "localproblem": "focus_area__promise__id",
            "commitment": "promise__id", "activity": "commitment__promise__id",
            "indicator": "promise__id", "plannedactivity": "promise__id"}[model]  # fmt: skip
    client.force_login(foreign_admin)
    response = client.get(
        reverse(f"admin:commitments_{model}_changelist"), {f"{path}__exact": alvsbyn["promise"].pk}
    )
    assert response.status_code == 200
    assert alvsbyn[model] not in response.context["cl"].result_list


def test_another_municipalitys_objects_cannot_be_changed_deleted_or_reverted(
    client, alvsbyn, arvidsjaur, foreign_admin
):
    client.force_login(foreign_admin)
    promise = alvsbyn["promise"]
    for model in HISTORY_MODELS:
        obj = alvsbyn[model]
        for url in [
            reverse(f"admin:commitments_{model}_change", args=[obj.pk]),
            reverse(f"admin:commitments_{model}_delete", args=[obj.pk]),
            reverse(
                f"admin:commitments_{model}_simple_history",
                args=[obj.pk, obj.history.earliest().history_id],
            ),
        ]:
            assert client.post(url, {"post": "yes", "title": "Kapad"}).status_code in {403, 404}
    assert Promise.objects.filter(pk=promise.pk, title="Trygghetslöfte Älvsbyn").exists()
    for model in [FocusArea, LocalProblem, Commitment, Activity, Indicator]:
        assert model.objects.filter(pk=alvsbyn[model._meta.model_name].pk).exists()


def test_the_export_action_exports_nothing_of_another_municipality(
    client, alvsbyn, arvidsjaur, foreign_admin, local_admin
):
    url = reverse("admin:commitments_promise_changelist")
    data = {"action": "export_files", "_selected_action": [alvsbyn["promise"].pk]}
    client.force_login(foreign_admin)
    response = client.post(url, data)
    assert response.status_code == 302
    assert "älvsbyn" not in response.content.decode().lower()
    client.force_login(local_admin)
    response = client.post(url, data)
    assert response.content.decode().startswith("format: 1\n")


def test_a_deleted_objects_history_is_its_own_municipalitys(
    client, alvsbyn, arvidsjaur, foreign_admin, local_admin
):
    activity = alvsbyn["activity"]
    url = reverse("admin:commitments_activity_history", args=[activity.pk])
    activity.delete()
    client.force_login(foreign_admin)
    assert client.get(url).status_code == 404
    client.force_login(local_admin)
    assert client.get(url).status_code == 200
