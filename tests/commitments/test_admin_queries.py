"""Every admin list and change page of our models reads the same number of queries whatever the
database holds and whatever the size of the promise: a promise of 3 commitments and of 30, 5
activities and 200, 1 other promise and 4, a few people and many.

Each page is asked at the small size, the world grown, and asked again: the exact count must be
the one below both times, for a national admin and for a local admin (whose lists are scoped).
Each count is a page's second asking, as a running server answers it: the first also reads what
a process keeps once read (content types).
"""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.enums import CommitmentKind, Role
from commitments.models import Activity, Membership
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
serial = itertools.count()


def add_commitments(promise, area, problem, count):
    """``count`` commitments of every kind: sub-commitments, followers, a local problem's."""
    police, municipality = promise.police_area, promise.municipality
    made = []
    for n in range(count):
        kind = [CommitmentKind.QUOTA, CommitmentKind.MILESTONE, CommitmentKind.ONGOING][n % 3]
        quota = {"quota_target": 2, "quota_per": "year"} if kind == CommitmentKind.QUOTA else {}
        parent = made[-1] if n % 5 == 4 and made[-1].parent_id is None else None
        made.append(
            CommitmentFactory(
                focus_area=area,
                key=f"c-{next(serial)}",
                kind=kind,
                quota_target=quota.get("quota_target"),
                quota_per=quota.get("quota_per", ""),
                parent=parent,
                group="" if parent else "Skolan",
                local_problem=problem if n % 7 == 6 else None,
                follows=made[0] if n % 6 == 5 else None,
                responsible=[police, municipality] if n % 2 else [police],
            )
        )
    return made


def add_activities(commitments, count, participants):
    """``count`` activities with up to two participants each (in bulk: no history needed)."""
    activities = Activity.objects.bulk_create(
        ActivityFactory.build(
            commitment=commitments[n % len(commitments)],
            occurred_on=D(2024, 1, 1) + datetime.timedelta(days=(n * 7) % 520),
            organisation=commitments[n % len(commitments)].promise.police_area,
            reported_by=None,
        )
        for n in range(count)
    )
    Activity.participants.through.objects.bulk_create(
        Activity.participants.through(activity=activity, organisation=organisation)
        for n, activity in enumerate(activities)
        for organisation in participants[: n % 3]
    )


def add_promise(municipality=None):
    """Another promise with a focus area, a local problem, commitments and activities."""
    other = PromiseFactory(
        municipality=municipality or OrganisationFactory(municipality=True),
        police_area=OrganisationFactory(police=True),
    )
    area = FocusAreaFactory(promise=other)
    problem = LocalProblemFactory(focus_area=area)
    commitments = add_commitments(other, area, problem, 4)
    add_activities(commitments, 6, [other.municipality])
    return other


def add_indicators(promise, area, count, values):
    """``count`` indicators (every other one in ``area``), each with ``values`` values."""
    made = []
    for n in range(count):
        indicator = IndicatorFactory(
            promise=promise, key=f"i-{next(serial)}", focus_area=area if n % 2 else None
        )
        for year in range(values):
            IndicatorValueFactory(indicator=indicator, measured_on=D(2015 + year, 10, 1))
        made.append(indicator)
    return made


def add_members(organisation, count):
    for _ in range(count):
        MembershipFactory(
            user=UserFactory(username=f"medlem-{next(serial)}"), organisation=organisation
        )


@pytest.fixture
def world(promise, local_admin, admin_user, today):
    """The personas' promise, small: 3 commitments, 5 activities, 1 other promise."""
    other_party = OrganisationFactory(name="Älvsbyns Energi")
    promise.other_parties.add(other_party)
    area = FocusAreaFactory(promise=promise, title="Narkotika")
    problem = LocalProblemFactory(focus_area=area, title="Trafik")
    commitments = add_commitments(promise, area, problem, 3)
    add_activities(commitments, 5, [promise.municipality, other_party])
    indicators = add_indicators(promise, area, 1, 2)
    kalle = UserFactory(username="kalle")
    MembershipFactory(user=kalle, organisation=promise.municipality, role=Role.REPORTER)
    add_promise()
    return {
        "promise": promise,
        "area": area,
        "problem": problem,
        "commitments": commitments,
        "activity": Activity.objects.filter(commitment__promise=promise).earliest("pk"),
        "kalle": kalle,
        "other_party": other_party,
        "indicator": indicators[0],
    }


def grow(world):
    """The same pages' objects in a larger world: 30 commitments, 200 activities, 4 other
    promises (one of them the municipality's next), more people, local problems, parties."""
    promise = world["promise"]
    participants = [promise.municipality, world["other_party"]]
    more = add_commitments(promise, world["area"], world["problem"], 27)
    add_activities(world["commitments"] + more, 195, participants)
    world["activity"].participants.set(participants)
    add_promise(municipality=promise.municipality)
    add_promise()
    add_promise()
    for n in range(3):
        LocalProblemFactory(focus_area=world["area"], title=f"Problembild {n}")
        FocusAreaFactory(promise=promise)
    add_members(promise.municipality, 8)
    add_indicators(promise, world["area"], 5, 1)
    for _ in range(8):
        IndicatorValueFactory(indicator=world["indicator"])
    for organisation in [promise.police_area, world["other_party"]]:
        MembershipFactory(user=world["kalle"], organisation=organisation)
    promise.other_parties.add(OrganisationFactory(name="Räddningstjänsten Älvsbyn"))


def changelist(model, query=""):
    return lambda world: reverse(f"admin:{model}_changelist") + query


def change(model, key):
    return lambda world: reverse(f"admin:{model}_change", args=[world[key].pk])


def add(model, query=""):
    return lambda world: reverse(f"admin:{model}_add") + query


PAGES = {
    # Lists, whole and filtered.
    "promise list": changelist("commitments_promise"),
    "promise list, active": changelist("commitments_promise", "?status=active"),
    "promise list, valid in 2025": changelist("commitments_promise", "?year=2025"),
    "activity list": changelist("commitments_activity"),
    "activity list, 2025": changelist("commitments_activity", "?occurred_on__year=2025"),
    "activity list, a promise": lambda w: (
        changelist("commitments_activity")(w) + f"?commitment__promise={w['promise'].pk}"
    ),
    "activity list, searched": changelist("commitments_activity", "?q=plan"),
    "commitment list": changelist("commitments_commitment"),
    "commitment list, a promise": lambda w: (
        changelist("commitments_commitment")(w) + f"?promise={w['promise'].pk}"
    ),
    "focus area list": changelist("commitments_focusarea"),
    "local problem list": changelist("commitments_localproblem"),
    "indicator list": changelist("commitments_indicator"),
    "organisation list": changelist("commitments_organisation"),
    "membership list": changelist("commitments_membership"),
    "user list": changelist("auth_user"),
    # Change pages: the promise's own objects, and its municipality and people.
    "promise page": change("commitments_promise", "promise"),
    "commitment page": lambda w: reverse(
        "admin:commitments_commitment_change", args=[w["commitments"][0].pk]
    ),
    "activity page": change("commitments_activity", "activity"),
    "focus area page": change("commitments_focusarea", "area"),
    "local problem page": change("commitments_localproblem", "problem"),
    "indicator page": change("commitments_indicator", "indicator"),
    "organisation page": lambda w: reverse(
        "admin:commitments_organisation_change", args=[w["promise"].municipality_id]
    ),
    "membership page": lambda w: reverse(
        "admin:commitments_membership_change",
        args=[Membership.objects.get(user=w["kalle"], organisation=w["promise"].municipality).pk],
    ),
    "user page": change("auth_user", "kalle"),
    # Add pages, a new commitment's with its promise named.
    "promise add": add("commitments_promise"),
    "commitment add": lambda w: add("commitments_commitment")(w) + f"?promise={w['promise'].pk}",
    "activity add": add("commitments_activity"),
}

# (national admin, local admin): the queries of each page.
EXPECTED = {
    "promise list": (8, 10),
    "promise list, active": (8, 10),
    "promise list, valid in 2025": (8, 10),
    "activity list": (7, 9),
    "activity list, 2025": (7, 9),
    "activity list, a promise": (7, 9),
    "activity list, searched": (7, 9),
    "commitment list": (6, 8),
    "commitment list, a promise": (6, 8),
    "focus area list": (6, 8),
    "local problem list": (6, 8),
    "indicator list": (6, 8),
    "organisation list": (5, 7),
    "membership list": (5, 7),
    "user list": (6, 7),
    "promise page": (18, 20),  # the review's parties: offered and chosen
    "commitment page": (15, 17),
    "activity page": (10, 12),  # its attachments
    "focus area page": (6, 8),
    "local problem page": (7, 9),  # the participants: offered (the parties) and chosen
    "indicator page": (7, 9),
    "organisation page": (5, 7),
    "membership page": (8, 10),
    "user page": (9, 8),
    "promise add": (6, 8),
    "commitment add": (13, 15),
    "activity add": (5, 7),
}


@pytest.mark.parametrize("persona", ["admin_user", "local_admin"])
def test_every_admin_page_reads_as_many_queries_whatever_the_size(
    client, request, world, django_assert_num_queries, persona
):
    client.force_login(request.getfixturevalue(persona))
    column = persona == "local_admin"
    for size in ["small", "grown"]:
        if size == "grown":
            grow(world)
        for page, url in PAGES.items():
            address = url(world)
            assert client.get(address).status_code == 200, page
            with django_assert_num_queries(EXPECTED[page][column], info=f"{page}, {size}"):
                client.get(address)


def test_every_page_has_its_count():
    assert EXPECTED.keys() == PAGES.keys()


@pytest.mark.parametrize("page", ["organisation", "promise"])
def test_a_delete_confirmation_names_twenty_of_each_kind(client, admin_user, world, page):
    """An organisation, a promise, each kept by its thousands of activities: the page names
    twenty of them and reads as many queries at 35 activities as at 235 (it read each one's
    commitment: 1,884 queries for a municipality at national scale)."""
    client.force_login(admin_user)
    police = world["promise"].police_area  # every activity here is the police's
    obj = police if page == "organisation" else world["promise"]
    url = reverse(f"admin:commitments_{page}_delete", args=[obj.pk])
    counts = []
    for more in [30, 200]:
        add_activities(world["commitments"], more, [])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            answer = client.get(url)
        counts.append(len(queries))
        assert len(re.findall(r'href="/admin/commitments/activity/\d+/change/"', answer.text)) == 20
        assert "Bara de 20 första av varje slag nämns." in answer.text
    assert counts[0] == counts[1]
