import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import RequestFactory

from commitments.demo import load_demo
from commitments.models import Activity, Membership, Promise

D = datetime.date


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 12), tick=False)
    return load_demo()


def authenticate(**credentials):
    # Sign-in goes through django-axes, which needs the request (for the address).
    return django_authenticate(RequestFactory().post("/accounts/login/"), **credentials)


def count(promise, key, year):
    activities = Activity.objects.filter(
        commitment__promise=promise, commitment__key=key, occurred_on__year=year
    )
    return activities.aggregate(total=Sum("quantity"))["total"] or 0


def test_demo_users_sign_in_with_the_demo_password(demo):
    for username in ["polis", "kommun", "bra", "admin"]:
        assert authenticate(username=username, password="demo") is not None


@pytest.mark.parametrize(
    "username, organisation, role",
    [
        ("polis", "Lokalpolisområde Piteå älvdal", "reporter"),
        ("kommun", "Älvsbyns kommun", "reporter"),
        ("bra", "Älvsbyns kommun", "reviewer"),
    ],
)
def test_each_demo_user_has_the_right_organisation_and_role(demo, username, organisation, role):
    membership = Membership.objects.get(user__username=username)
    assert (membership.organisation.name, membership.role) == (organisation, role)


def test_admin_is_staff(demo):
    admin = authenticate(username="admin", password="demo")
    assert admin.is_staff and admin.is_superuser


def test_activities_show_met_missed_and_completed_commitments(demo):
    assert count(demo, "narkotika-hundsok", 2024) == 2  # met: two a year
    assert count(demo, "narkotika-hundsok", 2025) == 1  # missed
    assert count(demo, "arbetsliv-kontroll", 2025) == 1  # met: one a year
    assert Activity.objects.filter(
        commitment__key="vnr-hotellkurage-huskurage", completes=True
    ).exists()
    assert not Activity.objects.filter(commitment__key="vnr-medarbetarsamtal").exists()
    years = {d.year for d in Activity.objects.values_list("occurred_on", flat=True)}
    assert {2024, 2025} <= years


def test_every_activity_is_valid_and_logged_by_a_reporter_of_its_organisation(demo):
    for activity in Activity.objects.select_related("commitment", "reported_by"):
        activity.full_clean()
        membership = Membership.objects.get(user=activity.reported_by)
        assert (membership.organisation_id, membership.role) == (
            activity.organisation_id,
            "reporter",
        )


def test_running_it_twice_changes_nothing(demo):
    before = (Promise.objects.count(), Activity.objects.count(), Membership.objects.count())
    load_demo()
    assert (Promise.objects.count(), Activity.objects.count(), Membership.objects.count()) == before


def test_activities_after_today_are_left_out(db, time_machine):
    time_machine.move_to(datetime.datetime(2025, 1, 1, 12), tick=False)
    promise = load_demo()
    assert not Activity.objects.filter(
        commitment__promise=promise, occurred_on__gt=D(2025, 1, 1)
    ).exists()
    assert Activity.objects.filter(commitment__promise=promise).exists()


def test_command_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG är avstängt"):
        call_command("load_demo")
    assert not Promise.objects.exists()


def test_command_loads_when_forced(db, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert "Demon är laddad" in out.getvalue()
    assert Promise.objects.filter(slug="alvsbyn-2024").exists()
