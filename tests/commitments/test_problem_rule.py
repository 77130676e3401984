"""The local-problem workflow as functions (commitments.problems): each step's order and days,
who recorded it and its history; and the rule that a convening gives every commitment
triggered by local problems its activity, which goes when the convening is taken back."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments import convening, problems
from commitments.enums import LocalProblemStatus, ReviewStatus, Trigger
from commitments.models import Activity, Commitment, LocalProblem, Promise, StaleVersion
from followup.loading import followup_for
from tests.commitments.test_admin import form_data
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    LocalProblemFactory,
    OrganisationFactory,
    PromiseFactory,
)

D = datetime.date
Status = LocalProblemStatus


def refusal(call, *args, **kwargs):
    """The {field: [messages]} of the ValidationError ``call`` raises."""
    with pytest.raises(ValidationError) as raised:
        call(*args, **kwargs)
    return raised.value.message_dict


def parties(promise):
    return [promise.police_area, promise.municipality]


class TestSteps:
    def test_raising_records_the_day_and_who(self, raised, reviewer, focus_area):
        assert raised.status == Status.RAISED
        assert (raised.raised_on, raised.raised_by) == (D(2025, 5, 2), reviewer)
        assert raised.focus_area == focus_area
        assert raised.history.count() == 1

    def test_raising_defaults_to_today_and_refuses_the_future(self, focus_area, reviewer, today):
        made = problems.raise_problem(focus_area, title="Inbrott", user=reviewer)
        assert made.raised_on == today
        errors = refusal(
            problems.raise_problem,
            focus_area,
            title="Bedrägerier",
            raised_on=today + datetime.timedelta(days=1),
            user=reviewer,
        )
        assert errors == {"raised_on": ["Dagen kan inte ligga i framtiden."]}

    def test_raising_refuses_a_personal_identity_number(self, focus_area, reviewer):
        errors = refusal(
            problems.raise_problem,
            focus_area,
            title="Inbrott",
            description="Anmält av 19811218-9876.",
            user=reviewer,
        )
        assert list(errors) == ["description"]
        assert "personnumret" in errors["description"][0]
        assert not LocalProblem.objects.exists()

    def test_convening_records_day_participants_note_and_who(self, raised, promise, reviewer):
        done = problems.convene(raised, D(2025, 5, 20), parties(promise), "Möte i BRÅ.", reviewer)
        assert done.status == Status.CONVENED
        assert (done.convened_on, done.convened_by, done.meeting_note) == (
            D(2025, 5, 20),
            reviewer,
            "Möte i BRÅ.",
        )
        assert set(done.participants.all()) == set(parties(promise))

    def test_each_step_is_one_history_record_with_its_participants(
        self, raised, promise, reviewer, coordinator
    ):
        problems.convene(raised, D(2025, 5, 20), parties(promise), "", reviewer)
        problems.adopt_plan(raised, D(2025, 5, 27), "Kontroller vid skolan.", [], coordinator)
        problems.close(raised, D(2025, 6, 10), "Färre klagomål.", reviewer)
        problems.reopen(raised, "Klagomålen kom tillbaka.", coordinator)
        records = list(LocalProblem.objects.get(pk=raised.pk).history.order_by("history_id"))
        assert [r.status for r in records] == [
            Status.RAISED, Status.CONVENED, Status.PLAN_ADOPTED, Status.CLOSED, Status.PLAN_ADOPTED,
        ]  # fmt: skip
        assert [r.history_user for r in records] == [
            reviewer, reviewer, coordinator, reviewer, coordinator,
        ]  # fmt: skip
        convened = records[1]
        assert {row.organisation for row in convened.participants.all()} == set(parties(promise))
        assert records[3].outcome == "Färre klagomål."
        assert records[4].history_change_reason == "Klagomålen kom tillbaka."

    def test_steps_go_forward_only(self, raised, promise, reviewer):
        errors = refusal(problems.adopt_plan, raised, D(2025, 5, 20), "Plan.", [], reviewer)
        assert errors["__all__"] == [
            "En plan kan antas först när BRÅ har sammankallats; problembilden är: Uppmärksammad."
        ]
        errors = refusal(problems.close, raised, D(2025, 5, 20), "Klart.", reviewer)
        assert "antagits" in errors["__all__"][0]
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        problems.adopt_plan(raised, D(2025, 5, 21), "Plan.", [], reviewer)
        problems.close(raised, D(2025, 5, 22), "Klart.", reviewer)
        errors = refusal(problems.convene, raised, D(2025, 5, 23), [], "", reviewer)
        assert errors["__all__"] == [
            "BRÅ kan bara sammankallas om en uppmärksammad problembild; den här är: Avslutad."
        ]
        errors = refusal(problems.take_back_convening, raised, reviewer)
        assert "sista steget" in errors["__all__"][0]
        assert LocalProblem.objects.get(pk=raised.pk).status == Status.CLOSED

    def test_a_day_before_the_step_before_or_after_today_is_refused(self, raised, reviewer, today):
        errors = refusal(problems.convene, raised, D(2025, 5, 1), [], "", reviewer)
        assert errors == {
            "convened_on": ["Dagen kan inte ligga före dagen den uppmärksammades (2025-05-02)."]
        }
        errors = refusal(problems.convene, raised, today + datetime.timedelta(1), [], "", reviewer)
        assert errors == {"convened_on": ["Dagen kan inte ligga i framtiden."]}
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        errors = refusal(problems.adopt_plan, raised, D(2025, 5, 19), "Plan.", [], reviewer)
        assert errors == {
            "plan_adopted_on": ["Dagen kan inte ligga före BRÅ sammankallades (2025-05-20)."]
        }
        problems.adopt_plan(raised, D(2025, 5, 20), "Plan.", [], reviewer)  # the same day is fine
        errors = refusal(problems.close, raised, D(2025, 5, 19), "Klart.", reviewer)
        assert list(errors) == ["closed_on"]
        assert LocalProblem.objects.get(pk=raised.pk).status == Status.PLAN_ADOPTED

    def test_a_day_outside_the_years_bounds_is_refused(self, raised, reviewer):
        errors = refusal(problems.convene, raised, D(1899, 12, 31), [], "", reviewer)
        assert errors == {"convened_on": ["Dagen måste vara ett datum under åren 1900–2100."]}

    def test_the_plan_and_the_outcome_need_their_text(self, raised, reviewer):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        assert refusal(problems.adopt_plan, raised, D(2025, 5, 21), "  ", [], reviewer) == {
            "action_plan": ["Skriv handlingsplanen."]
        }
        problems.adopt_plan(raised, D(2025, 5, 21), "Plan.", [], reviewer)
        assert refusal(problems.close, raised, D(2025, 5, 22), "", reviewer) == {
            "outcome": ["Säg vad som förändrades."]
        }

    def test_participants_must_be_parties(self, raised, reviewer):
        outsider = OrganisationFactory(name="Bodens kommun", municipality=True)
        errors = refusal(problems.convene, raised, D(2025, 5, 20), [outsider], "", reviewer)
        assert errors == {"participants": ["Bodens kommun är inte part i löftet."]}

    def test_reopening_needs_a_reason_and_goes_back_to_the_plan(self, raised, reviewer):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        problems.adopt_plan(raised, D(2025, 5, 21), "Plan.", [], reviewer)
        problems.close(raised, D(2025, 5, 22), "Klart.", reviewer)
        assert refusal(problems.reopen, raised, " ", reviewer) == {
            "reason": ["Säg varför problembilden öppnas igen."]
        }
        assert list(refusal(problems.reopen, raised, "Se 19811218-9876.", reviewer)) == ["reason"]
        assert list(refusal(problems.reopen, raised, "x" * 101, reviewer)) == ["reason"]
        opened = problems.reopen(raised, "Nya klagomål.", reviewer)
        assert opened.status == Status.PLAN_ADOPTED
        assert (opened.closed_on, opened.closed_by, opened.outcome) == (None, None, "")
        assert opened.plan_adopted_on == D(2025, 5, 21)
        errors = refusal(problems.reopen, opened, "Igen.", reviewer)
        assert "avslutad" in errors["__all__"][0]

    def test_a_form_opened_before_a_change_is_refused(self, raised, reviewer):
        opened = raised.version
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        problems.take_back_convening(raised, reviewer)
        with pytest.raises(StaleVersion):
            problems.convene(raised, D(2025, 5, 21), [], "", reviewer, version=opened)
        assert LocalProblem.objects.get(pk=raised.pk).status == Status.RAISED

    def test_the_same_step_posted_twice_is_done_once(self, raised, triggered, reviewer):
        opened = raised.version
        for _ in range(2):
            done = problems.convene(raised, D(2025, 5, 20), [], "", reviewer, version=opened)
        assert done.history.count() == 2
        assert Activity.objects.filter(local_problem=raised).count() == 1
        opened = done.version
        for _ in range(2):
            problems.take_back_convening(raised, reviewer, version=opened)
        assert LocalProblem.objects.get(pk=raised.pk).history.count() == 3


@pytest.mark.usefixtures("today")
class TestMeasures:
    def test_the_plans_measures_are_commitments_of_the_problem(
        self, raised, promise, reviewer, focus_area
    ):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        problems.adopt_plan(
            raised,
            D(2025, 5, 21),
            "Fler kontroller.",
            [
                problems.Measure(
                    "Hastighetskontroller vid skolan.",
                    [promise.police_area],
                    "quota",
                    target=4,
                    per="quarter",
                    unit="kontroller",
                ),
                problems.Measure("Ny belysning.", [promise.municipality], "milestone"),
            ],
            reviewer,
        )
        made = list(Commitment.objects.filter(local_problem=raised).order_by("position"))
        assert [c.key for c in made] == [
            "trafik-hastighetskontroller-vid-skolan",
            "trafik-ny-belysning",
        ]
        quota = made[0]
        assert (quota.promise, quota.focus_area, quota.quota_target, quota.quota_per) == (
            promise,
            focus_area,
            4,
            "quarter",
        )
        assert list(quota.responsible.all()) == [promise.police_area]
        results = {r.key: r for r in followup_for(promise, D(2025, 6, 15)).commitments}
        shown = results["trafik-hastighetskontroller-vid-skolan"]
        assert shown.facts.local_problem == "Trafik"
        assert (shown.current.target, shown.current.count, shown.status) == (4, 0, "behind")
        assert results["trafik-ny-belysning"].status == "not_started"

    def test_a_measure_refused_refuses_the_plan(self, raised, promise, reviewer):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        outsider = OrganisationFactory(name="Bodens kommun", municipality=True)
        with pytest.raises(ValidationError):
            problems.adopt_plan(
                raised,
                D(2025, 5, 21),
                "Plan.",
                [problems.Measure("Kontroller.", [outsider], "ongoing")],
                reviewer,
            )
        assert LocalProblem.objects.get(pk=raised.pk).status == Status.CONVENED
        assert not Commitment.objects.filter(local_problem=raised).exists()

    def test_keys_are_unique_in_the_promise_and_cut_at_a_word(self, promise, focus_area):
        CommitmentFactory(focus_area=focus_area, key="trafik-kontroller")
        assert problems.measure_key(promise, "Trafik", "Kontroller") == "trafik-kontroller-2"
        long = problems.measure_key(promise, "Trafik", "ord " * 40)
        assert len(long) <= problems.KEY_LENGTH and not long.endswith("-")
        assert problems.measure_key(promise, "!", "?") == "atgard"


@pytest.mark.usefixtures("today")
class TestTheRule:
    def test_a_convening_gives_the_triggered_commitment_its_activity(
        self, raised, promise, triggered, reviewer
    ):
        others = PromiseFactory(municipality=promise.municipality)  # not its promise
        CommitmentFactory(
            promise=others, focus_area__promise=others, conditional=True,
            triggered_by=Trigger.LOCAL_PROBLEMS, responsible=[others.police_area],
        )  # fmt: skip
        problems.convene(raised, D(2025, 5, 20), parties(promise), "", reviewer)
        (activity,) = Activity.objects.filter(local_problem=raised)
        assert activity.commitment == triggered
        assert activity.occurred_on == D(2025, 5, 20)
        assert activity.description == (
            "BRÅ sammankallades om den lokala problembilden Trafik: Rattfylleri och störande "
            "körning med unga i fokus."
        )
        assert activity.place == "Centrum"
        assert activity.organisation == promise.municipality  # responsible: it convenes BRÅ
        assert list(activity.participants.all()) == [promise.police_area]
        assert activity.reported_by == reviewer
        assert activity.review_status == ReviewStatus.APPROVED
        assert Activity.objects.count() == 1

    def test_it_counts_for_the_conditional_commitments_status(
        self, raised, triggered, reviewer, promise
    ):
        before = {r.key: r for r in followup_for(promise, D(2025, 6, 15)).commitments}
        assert before["bra-sammankallas"].status == "not_triggered"
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        promise = Promise.objects.get(pk=promise.pk)  # with its new change stamp
        after = {r.key: r for r in followup_for(promise, D(2025, 6, 15)).commitments}
        assert after["bra-sammankallas"].status == "active"
        assert after["bra-sammankallas"].last_activity == D(2025, 5, 20)

    def test_the_first_responsible_party_carries_it_out_without_the_municipality(
        self, raised, promise, focus_area, reviewer
    ):
        CommitmentFactory(
            focus_area=focus_area, key="polisen-kallar", conditional=True,
            triggered_by=Trigger.LOCAL_PROBLEMS, responsible=[promise.police_area],
        )  # fmt: skip
        problems.convene(raised, D(2025, 5, 20), [promise.municipality], "", reviewer)
        activity = Activity.objects.get(local_problem=raised)
        assert activity.organisation == promise.police_area
        assert list(activity.participants.all()) == [promise.municipality]

    def test_a_long_description_is_shortened(self, focus_area, triggered, reviewer):
        long = problems.raise_problem(
            focus_area, title="Bedrägerier", description="ord " * 200, user=reviewer
        )
        problems.convene(long, D(2025, 6, 15), [], "", reviewer)
        text = Activity.objects.get(local_problem=long).description
        assert text.endswith("…")
        assert len(text) < 300

    def test_no_activity_without_a_triggered_commitment(self, raised, focus_area, reviewer):
        CommitmentFactory(focus_area=focus_area, conditional=True)  # not triggered_by
        done = problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        assert done.status == Status.CONVENED
        assert not Activity.objects.exists()

    def test_a_convening_outside_the_days_in_force_is_refused(
        self, focus_area, promise, reviewer, time_machine
    ):
        time_machine.move_to(datetime.datetime(2026, 2, 1, 12), tick=False)  # expired
        late = problems.raise_problem(
            focus_area, title="Klotter", raised_on=D(2025, 12, 20), user=reviewer
        )
        errors = refusal(problems.convene, late, D(2026, 1, 10), [], "", reviewer)
        assert errors == {
            "convened_on": [
                "BRÅ kan bara registreras som sammankallat en dag då löftet gäller "
                "(2024-01-01 – 2025-12-31): sammankallandet ger dess åtaganden en aktivitet "
                "den dagen."
            ]
        }
        assert LocalProblem.objects.get(pk=late.pk).status == Status.RAISED

    def test_taking_the_convening_back_removes_its_activity(
        self, raised, promise, triggered, reviewer, coordinator
    ):
        problems.convene(raised, D(2025, 5, 20), parties(promise), "Möte.", reviewer)
        activity = Activity.objects.get(local_problem=raised)
        other = ActivityFactory(commitment=triggered, occurred_on=D(2025, 4, 1))  # logged by hand
        back = problems.take_back_convening(raised, coordinator)
        assert back.status == Status.RAISED
        assert (back.convened_on, back.convened_by, back.meeting_note) == (None, None, "")
        assert not back.participants.exists()
        assert list(Activity.objects.all()) == [other]
        deleted = Activity.history.filter(id=activity.pk, history_type="-").get()
        assert deleted.history_user == coordinator

    def test_the_convening_cannot_be_taken_back_once_the_plan_is_adopted(
        self, raised, triggered, reviewer
    ):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        problems.adopt_plan(raised, D(2025, 5, 21), "Plan.", [], reviewer)
        with pytest.raises(ValidationError):
            problems.take_back_convening(raised, reviewer)
        assert Activity.objects.filter(local_problem=raised).count() == 1


@pytest.mark.usefixtures("today")
class TestSync:
    def test_it_gives_one_activity_per_triggered_commitment_while_convened(
        self, promise, focus_area, triggered, reviewer
    ):
        second = CommitmentFactory(
            focus_area=focus_area, key="polisen", conditional=True,
            triggered_by=Trigger.LOCAL_PROBLEMS, responsible=[promise.police_area],
        )  # fmt: skip
        imported = LocalProblemFactory(
            focus_area=focus_area,
            title="Inbrott",
            status=Status.CONVENED,
            raised_on=D(2025, 3, 1),
            convened_on=D(2025, 3, 10),
        )
        synced = convening.sync_convened_activities(imported, reviewer)
        assert len(synced.created) == 2 and synced.changed
        assert {a.commitment for a in imported.activities.all()} == {triggered, second}
        again = convening.sync_convened_activities(imported, reviewer)
        assert not again.changed
        imported.convened_on = D(2025, 3, 12)
        imported.save()
        moved = convening.sync_convened_activities(imported, reviewer)
        assert len(moved.redated) == 2
        assert {a.occurred_on for a in imported.activities.all()} == {D(2025, 3, 12)}
        imported.status, imported.convened_on = Status.RAISED, None
        imported.save()
        assert convening.sync_convened_activities(imported, reviewer).deleted == 2
        assert not imported.activities.exists()

    def test_it_removes_doubles_and_activities_of_commitments_no_longer_triggered(
        self, raised, triggered, reviewer
    ):
        raised = problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        double = convening.convening_activity(raised, triggered, reviewer)
        double.save()
        assert convening.sync_convened_activities(raised, reviewer).deleted == 1
        Commitment.objects.filter(pk=triggered.pk).update(triggered_by="")
        assert convening.sync_convened_activities(raised, reviewer).deleted == 1
        assert not Activity.objects.exists()

    def test_it_skips_a_day_outside_the_days_in_force_and_says_so(
        self, focus_area, triggered, reviewer
    ):
        early = LocalProblemFactory(
            focus_area=focus_area, title="Klotter", status=Status.CONVENED,
            convened_on=D(2023, 11, 1),
        )  # fmt: skip
        synced = convening.sync_convened_activities(early, reviewer)
        assert not synced.created
        assert synced.skipped == [
            "BRÅ sammankallas vid uppkomna lokala problembilder.: ingen aktivitet för "
            "sammankallandet 2023-11-01: Datumet måste ligga inom de dagar löftet gäller "
            "(2024-01-01 – 2025-12-31)."
        ]
        assert not Activity.objects.exists()


def admin_post(client, url, **changes):
    """Post the admin's change form at ``url`` as it shows, with ``changes``."""
    return client.post(url, {**form_data(client.get(url)), **changes}, follow=True)


def problem_url(problem):
    return reverse("admin:commitments_localproblem_change", args=[problem.pk])


class TestTheAdmin:
    """The admin keeps full control of a problem's steps, and the rule holds there too: a
    convening day set, moved or taken away in the admin gives, moves or removes the triggered
    commitment's activity; a step's day is recorded as the admin's."""

    def test_a_convening_recorded_in_the_admin_gives_the_activity(
        self, admin_client, admin_user, raised, triggered
    ):
        response = admin_post(
            admin_client, problem_url(raised), status="convened", convened_on="2025-05-20"
        )
        assert response.status_code == 200 and response.redirect_chain
        problem = LocalProblem.objects.get(pk=raised.pk)
        assert (problem.convened_on, problem.convened_by) == (D(2025, 5, 20), admin_user)
        assert problem.raised_by != admin_user  # not a step the admin changed
        activity = Activity.objects.get()
        assert (activity.commitment, activity.occurred_on) == (triggered, D(2025, 5, 20))
        assert (activity.local_problem, activity.reported_by) == (problem, admin_user)

    def test_a_day_moved_moves_it_and_a_day_taken_away_removes_it(
        self, admin_client, raised, triggered, reviewer
    ):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        admin_post(admin_client, problem_url(raised), convened_on="2025-05-27")
        assert Activity.objects.get().occurred_on == D(2025, 5, 27)
        admin_post(admin_client, problem_url(raised), status="raised", convened_on="")
        problem = LocalProblem.objects.get(pk=raised.pk)
        assert (problem.status, problem.convened_on, problem.convened_by) == ("raised", None, None)
        assert not Activity.objects.exists()

    def test_a_day_for_a_step_not_reached_is_refused(self, admin_client, raised, triggered):
        response = admin_post(admin_client, problem_url(raised), convened_on="2025-05-20")
        assert not response.redirect_chain
        assert response.context["adminform"].form.errors["convened_on"] == [
            "Problembilden har inte kommit till det här steget: dess status är Uppmärksammad. "
            "Ange det här datumet med stegets status eller en senare, eller lämna det tomt."
        ]
        assert LocalProblem.objects.get(pk=raised.pk).convened_on is None
        assert not Activity.objects.exists()

    def test_a_day_outside_the_days_in_force_is_saved_and_the_admin_told(
        self, admin_client, raised, triggered
    ):
        response = admin_post(
            admin_client, problem_url(raised), status="convened", convened_on="2026-01-10"
        )
        assert LocalProblem.objects.get(pk=raised.pk).convened_on == D(2026, 1, 10)
        assert not Activity.objects.exists()
        assert any(
            str(message).startswith("Inte registrerad: BRÅ sammankallas vid uppkomna")
            for message in response.context["messages"]
        )

    def test_the_focus_areas_inline_says_a_rule_of_a_day_it_does_not_show(
        self, admin_client, focus_area, raised, reviewer
    ):
        """The inline shows the status and the day raised, not the later steps' days: a change
        that breaks their rule is refused with the day's name above the row, not a server
        error."""
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        url = reverse("admin:commitments_focusarea_change", args=[focus_area.pk])
        response = admin_post(admin_client, url, **{"local_problems-0-status": "raised"})
        (inline,) = response.context["inline_admin_formsets"]
        assert inline.formset.forms[0].non_field_errors() == [
            "BRÅ sammankallat: Problembilden har inte kommit till det här steget: dess "
            "status är Uppmärksammad. Ange det här datumet med stegets status eller en senare, "
            "eller lämna det tomt."
        ]
        response = admin_post(admin_client, url, **{"local_problems-0-raised_on": "2025-06-01"})
        (inline,) = response.context["inline_admin_formsets"]
        assert inline.formset.forms[0].non_field_errors() == [
            "BRÅ sammankallat: Ett steg kan inte dateras före steget före det."
        ]
        problem = LocalProblem.objects.get(pk=raised.pk)
        assert (problem.status, problem.raised_on) == ("convened", D(2025, 5, 2))
