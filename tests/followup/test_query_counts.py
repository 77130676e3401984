"""Every page asks the database the same number of times whatever the database holds and
however large the promise: counted exactly, at two sizes, with the cache empty and warm."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.attachment_files import add_attachments
from commitments.enums import PlanStatus, Role
from commitments.models import CalendarFeed, Membership, PlannedActivity
from tests.attachments_support import attachment_store, pdf  # noqa: F401  (a fixture)
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

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2025, 10, 20, 12), tick=False)


def build(promise, commitments, activities, other_promises, indicators=0):
    """A promise of ``commitments`` (sub-commitments, one following another, a local problem's
    measure, every kind), ``activities`` and ``indicators`` (one without values, the others
    with a value a year), beside ``other_promises`` with activities of their own."""
    for _ in range(other_promises):
        other = PromiseFactory(municipality=promise.municipality, police_area=promise.police_area)
        ActivityFactory.create_batch(3, commitment=CommitmentFactory(promise=other))
    areas = [FocusAreaFactory(promise=promise) for _ in range(2)]
    problem = LocalProblemFactory(focus_area=areas[1])
    parties = [promise.police_area, promise.municipality]
    made = []
    for n in range(commitments):
        kind = {0: {"quota_per": "quarter" if n % 2 else "year"}, 1: {"milestone": True}}.get(
            n % 3, {"ongoing": True}
        )
        made.append(
            CommitmentFactory(
                promise=promise,
                focus_area=areas[n % 2],
                local_problem=problem if n % 7 == 6 and n % 2 else None,
                parent=made[n - 1] if n % 5 == 4 else None,
                follows=made[0] if n == 3 else None,
                group="Skolan" if n % 4 == 0 and n % 5 != 4 else "",
                publish_activities=n % 2 == 0,  # the public page's timeline lists theirs
                responsible=parties,
                key=f"c{n}",
                **kind,
            )
        )
    for n in range(activities):
        activity = ActivityFactory(
            commitment=made[n % commitments],
            occurred_on=D(2024, 1, 1) + datetime.timedelta(days=(n * 11) % 650),
            organisation=parties[n % 2],
            description=f"Aktivitet {n}.",
            reported_by=None,
        )
        if n % 4 == 0:
            activity.participants.add(parties[(n + 1) % 2])
    for n in range(activities // 4):  # open plans ahead and overdue, one carried out
        PlannedActivity.objects.create(
            commitment=made[n % commitments],
            organisation=parties[n % 2],
            planned_on=D(2025, 10, 1) + datetime.timedelta(days=(n * 5) % 90),
            status=PlanStatus.DONE if n == 1 else PlanStatus.OPEN,
        )
    for n in range(indicators):
        indicator = IndicatorFactory(
            promise=promise, key=f"i{n}", focus_area=areas[n % 2] if n % 3 else None
        )
        for year in range(2019, 2026) if n else ():
            IndicatorValueFactory(indicator=indicator, measured_on=D(year, 10, 1))
    return made


SIZES = {"small": (5, 8, 0, 1), "large": (30, 200, 4, 5)}


@pytest.fixture(params=SIZES)
def world(request, promise, police_reporter, reviewer):
    promise.public = True
    promise.until_superseded = True
    promise.save()
    made = build(promise, *SIZES[request.param])
    activity = made[0].activities.order_by("pk").first()
    activity.reported_by = police_reporter
    activity.save()
    # Files on the activity and on others: one at the small size, several at the large.
    request.getfixturevalue("attachment_store")
    files = {"small": 1, "large": 4}[request.param]
    for listed in [activity, *made[1].activities.order_by("pk")[:files]]:
        add_attachments(listed, [pdf(f"{n}.pdf") for n in range(files)], police_reporter)
    return promise, activity


# Page: (who reads it, queries with the cache empty, queries with it warm).
# The follow-up reads the open plans in one query more than before plans (issue 13), and its
# local problems (their steps' days, for "Behöver uppmärksamhet") in one more (issue 15).
PAGES = {
    "dashboard": ("reviewer", 18, 7),
    "promise": ("reviewer", 16, 7),
    # The public pages with published activities (issue 14): the timeline's participating
    # organisations; the commitment's page counts its published activities and lists a page.
    "public": (None, 14, 3),
    "json": ("reviewer", 13, 6),
    "public json": (None, 10, 3),
    "commitment": ("reviewer", 19, 12),  # + its open plans, listed (not on the public page)
    "public commitment": (None, 13, 6),
    "report": ("reviewer", 19, 7),  # + the names of the listed activities' attachments
    "activities": ("reviewer", 13, 13),
    "activity": ("reviewer", 20, 20),  # + its attachments, + their history (added, removed)
    "log form": ("reporter", 11, 10),
    "edit form": ("reporter", 14, 14),
    "csv": ("reviewer", 7, 7),
    "todo": ("reporter", 14, 7),
    "home": ("reviewer", 15, 8),
    "plans": ("reviewer", 10, 10),
    "plan form": ("reporter", 10, 10),
    "calendar": (None, 13, 6),
}


def address(name, promise, activity):
    slug = promise.slug
    return {
        "dashboard": reverse("dashboard", args=[slug]),
        "promise": reverse("promise_detail", args=[slug]),
        "public": reverse("promise_detail", args=[slug]),
        "json": reverse("followup_json", args=[slug]),
        "public json": reverse("followup_json", args=[slug]),
        "commitment": reverse("commitment_detail", args=[slug, "c0"]),
        "public commitment": reverse("commitment_detail", args=[slug, "c0"]),
        "report": reverse("report", args=[slug]),
        "activities": reverse("activity_list", args=[slug]),
        "activity": reverse("activity_detail", args=[slug, activity.pk]),
        "log form": reverse("activity_create", args=[slug]) + "?commitment=c0",
        "edit form": reverse("activity_edit", args=[slug, activity.pk]),
        "csv": reverse("activity_list", args=[slug]) + "?format=csv",
        "todo": reverse("todo"),
        "home": reverse("home"),
        "plans": reverse("plan_list", args=[slug]),
        "plan form": reverse("plan_create", args=[slug]) + "?commitment=c0",
        "calendar": reverse("calendar_feed", args=[feed_token(promise)]),
    }[name]


def feed_token(promise):
    """The police reporter's calendar feed (the police area's plans and period ends)."""
    user = Membership.objects.get(organisation=promise.police_area, user__username="polis").user
    return CalendarFeed.objects.get_or_create(user=user)[0].token


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        response.getvalue()  # a streamed file is read as it is sent
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize("name", PAGES)
def test_page(name, world, client, police_reporter, reviewer):
    promise, activity = world
    who, cold, warm = PAGES[name]
    user = {"reviewer": reviewer, "reporter": police_reporter, None: None}[who]
    if user is not None:
        client.force_login(user)
    url = address(name, promise, activity)
    got = (count(client, url), count(client, url))
    assert got == (cold, warm)


def log(client, promise, **fields):
    """Open the log form for c0 and post it: (the form's HTML, the answer, its queries)."""
    url = reverse("activity_create", args=[promise.slug]) + "?commitment=c0"
    form = client.get(url).text
    data = {
        "commitment": re.search(r'<option value="(\d+)" selected', form).group(1),
        "occurred_on": "2025-10-01",
        "quantity": "1",
        "description": "Hundsök på skolan.",
        "submission": str(uuid.uuid4()),
        **fields,
    }
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return form, response, len(queries)


def test_logging_an_activity_takes_nine_queries(world, client, police_reporter):
    promise, _activity = world
    client.force_login(police_reporter)
    _form, response, queries = log(client, promise)
    assert queries == 9
    # The page it leads to says how the commitment stands, counting the new activity.
    assert "Registrerat för" in client.get(response["Location"]).text


def test_the_reporters_own_organisation_only(world, client, promise):
    """A coordinator of two parties (more than one organisation to choose) still logs in a
    bounded number of queries: the responsible parties are then asked for once."""
    promise, _activity = world
    user = UserFactory(username="tva")
    for organisation in [promise.police_area, promise.municipality]:
        MembershipFactory(user=user, organisation=organisation, role=Role.REPORTER)
    client.force_login(user)
    assert log(client, promise, organisation=promise.municipality_id)[2] == 10


@pytest.mark.parametrize(("other_is_party", "queries"), [(False, 9), (True, 10)])
def test_a_coordinator_of_other_parties_too(world, client, other_is_party, queries):
    """The municipality's coordinator who also coordinates a rescue service: whether that one
    is a party is read with the promise, not asked again by each check of the post. With one
    party to log for, nine queries as for a reporter; with two, one more (the test above)."""
    promise, _activity = world
    rescue = OrganisationFactory(name="Räddningstjänsten")
    if other_is_party:
        promise.other_parties.add(rescue)
    user = UserFactory(username="samordnare")
    for organisation in [promise.municipality, rescue]:
        MembershipFactory(user=user, organisation=organisation, role=Role.COORDINATOR)
    client.force_login(user)
    form, _response, got = log(client, promise, organisation=promise.municipality_id)
    assert (">Räddningstjänsten</option>" in form) is other_is_party
    assert got == queries
