import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import RequestFactory

from commitments.demo import load_demo
from commitments.models import Activity, Commitment, LocalProblem, Membership, Promise

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
    logged = Activity.objects.filter(local_problem__isnull=True)
    for activity in logged.select_related("commitment", "reported_by"):
        activity.full_clean()
        membership = Membership.objects.get(user=activity.reported_by)
        assert (membership.organisation_id, membership.role) == (
            activity.organisation_id,
            "reporter",
        )


class TestLocalProblems:
    """A local problem at each step, with the activities the convenings give by the rule."""

    def test_one_at_each_step_with_the_days_of_the_steps_taken(self, demo):
        problems = LocalProblem.objects.filter(focus_area__promise=demo).order_by("position")
        assert [
            (p.title, p.status, p.raised_on, p.convened_on, p.plan_adopted_on, p.closed_on)
            for p in problems
        ] == [
            ("Trafik", "plan_adopted", D(2024, 8, 6), D(2024, 8, 27), D(2024, 9, 10), None),
            ("Inbrott i villaområden", "closed", D(2024, 10, 8), D(2024, 10, 22),
             D(2024, 11, 19), D(2025, 9, 30)),
            ("Bedrägerier mot äldre", "convened", D(2026, 8, 18), D(2026, 10, 6), None, None),
            ("Stölder ur förråd och garage", "raised", D(2026, 9, 1), None, None, None),
        ]  # fmt: skip

    def test_the_steps_say_what_was_done(self, demo):
        burglary = LocalProblem.objects.get(title="Inbrott i villaområden")
        assert "minskade" in burglary.outcome
        assert burglary.place == "Korsträsk och Vidsel"
        assert "grannsamverkan" in burglary.action_plan
        fraud = LocalProblem.objects.get(title="Bedrägerier mot äldre")
        assert "arbetsgrupp" in fraud.meeting_note and not fraud.action_plan
        assert sorted(o.name for o in fraud.participants.all()) == [
            "Lokalpolisområde Piteå älvdal",
            "Älvsbyns kommun",
        ]
        assert {p.raised_by.username for p in LocalProblem.objects.exclude(title="Trafik")} == {
            "bra"
        }

    def test_the_closed_problems_measures_have_quotas_met_and_a_milestone_done(self, demo):
        measures = Commitment.objects.filter(local_problem__title="Inbrott i villaområden")
        assert sorted((c.kind, c.quota_target, c.quota_per) for c in measures) == [
            ("milestone", None, ""),
            ("quota", 2, "validity"),
            ("quota", 12, "validity"),
        ]
        assert [count(demo, c.key, 2024) + count(demo, c.key, 2025) for c in measures] == [
            12, 2, 1,
        ]  # fmt: skip

    def test_each_convening_gave_the_triggered_commitment_its_activity(self, demo):
        convenings = Activity.objects.filter(local_problem__isnull=False).order_by("occurred_on")
        assert [
            (a.commitment.key, a.occurred_on, a.local_problem.title, a.organisation.name)
            for a in convenings
        ] == [
            ("lokala-bra-sammankallas", D(2024, 8, 27), "Trafik", "Älvsbyns kommun"),
            ("lokala-bra-sammankallas", D(2024, 10, 22), "Inbrott i villaområden",
             "Älvsbyns kommun"),
            ("lokala-bra-sammankallas", D(2026, 10, 6), "Bedrägerier mot äldre",
             "Älvsbyns kommun"),
        ]  # fmt: skip
        # The file's convening was imported (by nobody); the demo's were recorded by the chair.
        assert [a.reported_by and a.reported_by.username for a in convenings] == [
            None, "bra", "bra",
        ]  # fmt: skip
        assert not Activity.objects.filter(
            commitment__key="lokala-bra-sammankallas", local_problem__isnull=True
        ).exists()

    def test_steps_after_today_are_not_taken(self, db, time_machine):
        time_machine.move_to(datetime.datetime(2025, 1, 1, 12), tick=False)
        promise = load_demo()
        problems = LocalProblem.objects.filter(focus_area__promise=promise).order_by("position")
        assert [(p.title, p.status) for p in problems] == [
            ("Trafik", "plan_adopted"),
            ("Inbrott i villaområden", "plan_adopted"),
        ]


def test_running_it_twice_changes_nothing(demo):
    def counts():
        return [m.objects.count() for m in (Promise, Activity, Membership, LocalProblem)]

    before = counts()
    load_demo()
    assert counts() == before


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
