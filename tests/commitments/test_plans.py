"""Planned activities through the whole loop: plan, list, move, cancel, overdue, carried out
(the activity logged and the plan closed in one step), and what the follow-up says of them."""

import datetime
import uuid

from django.urls import reverse

from commitments.enums import PlanStatus
from commitments.models import Activity, PlannedActivity
from followup.loading import followup_for
from tests.personal_data import refusal

D = datetime.date


def plan(commitment, day, organisation=None, created_by=None, **fields):
    return PlannedActivity.objects.create(
        commitment=commitment,
        organisation=organisation or commitment.responsible.first(),
        planned_on=day,
        created_by=created_by,
        **fields,
    )


def new(client, promise, commitment, **fields):
    data = {
        "commitment": commitment.pk,
        "planned_on": "2025-09-10",
        "place": "Högstadieskolan",
        "note": "Hundsök med tullen.",
        **fields,
    }
    return client.post(reverse("plan_create", args=[promise.slug]), data)


def followup_json(client, promise, as_of):
    url = reverse("followup_json", args=[promise.slug])
    return {c["key"]: c for c in client.get(url, {"as_of": as_of}).json()["commitments"]}


class TestPlanning:
    def test_a_reporter_plans_a_dog_search(self, client, promise, police_reporter, commitments):
        client.force_login(police_reporter)
        response = new(client, promise, commitments["hundsok"])
        assert response.status_code == 302
        saved = PlannedActivity.objects.get()
        assert (saved.promise, saved.organisation, saved.planned_on) == (
            promise,
            promise.police_area,
            D(2025, 9, 10),
        )
        assert saved.created_by == police_reporter
        assert saved.status == PlanStatus.OPEN
        assert saved.history.count() == 1

    def test_a_day_before_today_is_refused_in_swedish(
        self, client, promise, police_reporter, commitments
    ):
        client.force_login(police_reporter)
        response = new(client, promise, commitments["hundsok"], planned_on="2025-06-14")
        assert response.status_code == 200
        assert "Ett planerat datum kan inte ligga före i dag." in response.text
        assert not PlannedActivity.objects.exists()

    def test_today_is_accepted(self, client, promise, police_reporter, commitments):
        client.force_login(police_reporter)
        assert (
            new(client, promise, commitments["hundsok"], planned_on="2025-06-15").status_code == 302
        )

    def test_a_day_after_the_promise_is_refused(
        self, client, promise, police_reporter, commitments
    ):
        client.force_login(police_reporter)
        response = new(client, promise, commitments["hundsok"], planned_on="2026-01-10")
        assert "planned_on" in response.context["form"].errors
        assert not PlannedActivity.objects.exists()

    def test_only_the_organisations_own_commitments(
        self, client, promise, municipal_reporter, commitments
    ):
        client.force_login(municipal_reporter)
        response = new(client, promise, commitments["hundsok"])
        assert "commitment" in response.context["form"].errors
        url = reverse("plan_create", args=[promise.slug])
        assert client.get(url, {"commitment": "hundsok"}).status_code == 404

    def test_a_personal_identity_number_in_the_note_is_refused(
        self, client, promise, police_reporter, commitments
    ):
        client.force_login(police_reporter)
        response = new(client, promise, commitments["hundsok"], note="Elev 19900101-1234.")
        assert response.status_code == 200
        assert refusal("Anteckning") in str(response.context["form"].errors)
        assert not PlannedActivity.objects.exists()

    def test_the_commitment_named_in_the_address_is_chosen_on_the_form(
        self, client, promise, police_reporter, commitments
    ):
        # A browser sends the selected option: the first one were none marked.
        client.force_login(police_reporter)
        url = reverse("plan_create", args=[promise.slug]) + "?commitment=kontroller"
        form = client.get(url).text
        assert f'<option value="{commitments["kontroller"].pk}" selected>' in form

    def test_a_kind_outside_the_quotas_list_is_refused(
        self, client, promise, police_reporter, commitments
    ):
        client.force_login(police_reporter)
        url = reverse("plan_create", args=[promise.slug]) + "?commitment=kontroller"
        data = {
            "commitment": commitments["kontroller"].pk,
            "planned_on": "2025-06-20",
            "kind": "fotboll",
        }
        assert "kind" in client.post(url, data).context["form"].errors
        data["kind"] = "trafikkontroll"
        assert client.post(url, data).status_code == 302


class TestList:
    def test_overdue_first_then_by_day_each_state_in_words(
        self, client, promise, police_reporter, commitments, time_machine
    ):
        hundsok = commitments["hundsok"]
        later = plan(hundsok, D(2025, 9, 1))
        soon = plan(hundsok, D(2025, 6, 20))
        late = plan(hundsok, D(2025, 6, 16))
        time_machine.move_to(datetime.datetime(2025, 6, 18, 12), tick=False)
        client.force_login(police_reporter)
        response = client.get(reverse("plan_list", args=[promise.slug]))
        rows = response.context["rows"]
        assert [row[0] for row in rows] == [late, soon, later]
        assert [row[2] for row in rows] == ["Försenad", "Planerad", "Planerad"]

    def test_filters_by_organisation_commitment_and_month(
        self, client, promise, police_reporter, commitments
    ):
        a = plan(commitments["hundsok"], D(2025, 9, 1))
        b = plan(commitments["samverkan"], D(2025, 10, 1), organisation=promise.municipality)
        client.force_login(police_reporter)
        url = reverse("plan_list", args=[promise.slug])

        def listed(**query):
            return [row[0] for row in client.get(url, query).context["rows"]]

        assert listed() == [a, b]
        assert listed(organisation=promise.municipality_id) == [b]
        assert listed(commitment=commitments["hundsok"].pk) == [a]
        assert listed(month="2025-10") == [b]
        assert client.get(url, {"month": "2025-13"}).status_code == 400
        assert client.get(url, {"month": "3000-01"}).status_code == 400

    def test_done_and_cancelled_are_shown_when_asked(
        self, client, promise, police_reporter, commitments
    ):
        cancelled = plan(
            commitments["hundsok"],
            D(2025, 9, 1),
            status=PlanStatus.CANCELLED,
            cancel_reason="Skolan stängd.",
        )
        client.force_login(police_reporter)
        url = reverse("plan_list", args=[promise.slug])
        assert client.get(url).context["rows"] == []
        response = client.get(url, {"show": "cancelled"})
        assert [row[0] for row in response.context["rows"]] == [cancelled]
        assert "Skolan stängd." in response.text


class TestMoveAndCancel:
    def test_a_plan_is_moved_and_its_history_kept(
        self, client, promise, police_reporter, commitments
    ):
        made = plan(commitments["hundsok"], D(2025, 9, 1), created_by=police_reporter)
        client.force_login(police_reporter)
        url = reverse("plan_edit", args=[promise.slug, made.pk])
        data = {"planned_on": "2025-09-15", "place": "Gymnasiet", "note": "", "opened_version": 1}
        assert client.post(url, data).status_code == 302
        made.refresh_from_db()
        assert (made.planned_on, made.place) == (D(2025, 9, 15), "Gymnasiet")
        assert made.history.count() == 2

    def test_a_move_over_a_change_made_since_is_refused(
        self, client, promise, police_reporter, commitments
    ):
        made = plan(commitments["hundsok"], D(2025, 9, 1), created_by=police_reporter)
        made.place = "Någon annans ändring"
        made.save()
        client.force_login(police_reporter)
        url = reverse("plan_edit", args=[promise.slug, made.pk])
        data = {"planned_on": "2025-09-15", "place": "Gymnasiet", "note": "", "opened_version": 1}
        response = client.post(url, data)
        assert response.status_code == 409
        made.refresh_from_db()
        assert made.place == "Någon annans ändring"

    def test_a_plan_cannot_move_before_today(self, client, promise, police_reporter, commitments):
        made = plan(commitments["hundsok"], D(2025, 9, 1), created_by=police_reporter)
        client.force_login(police_reporter)
        url = reverse("plan_edit", args=[promise.slug, made.pk])
        data = {"planned_on": "2025-06-01", "place": "", "note": "", "opened_version": 1}
        assert "planned_on" in client.post(url, data).context["form"].errors

    def test_a_cancelled_plan_keeps_its_reason_in_history(
        self, client, promise, police_reporter, commitments
    ):
        made = plan(commitments["hundsok"], D(2025, 9, 1), created_by=police_reporter)
        client.force_login(police_reporter)
        url = reverse("plan_cancel", args=[promise.slug, made.pk])
        assert "cancel_reason" in client.post(url, {"opened_version": 1}).context["form"].errors
        data = {"cancel_reason": "Hunden sjuk.", "opened_version": 1}
        assert client.post(url, data).status_code == 302
        made.refresh_from_db()
        assert made.status == PlanStatus.CANCELLED
        assert made.history.first().cancel_reason == "Hunden sjuk."
        # A cancelled plan is not moved, cancelled again or carried out.
        assert client.get(url).status_code == 302
        assert client.get(reverse("plan_done", args=[promise.slug, made.pk])).status_code == 302

    def test_a_plan_whose_organisation_is_no_longer_responsible(
        self, client, promise, police_reporter, commitments
    ):
        """The admin gave the commitment to the municipality alone: moving the police's plan
        says why it cannot be, above the form (it was a server error); cancelling it works."""
        made = plan(commitments["hundsok"], D(2025, 9, 1), created_by=police_reporter)
        commitments["hundsok"].responsible.set([promise.municipality])
        client.force_login(police_reporter)
        url = reverse("plan_edit", args=[promise.slug, made.pk])
        data = {"planned_on": "2025-09-03", "place": "", "note": "", "opened_version": 1}
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "Utförd av: Lokalpolisområde Piteå älvdal ansvarar inte för det här åtagandet."
        ]
        assert PlannedActivity.objects.get(pk=made.pk).planned_on == D(2025, 9, 1)
        url = reverse("plan_cancel", args=[promise.slug, made.pk])
        data = {"cancel_reason": "Kommunen tar över.", "opened_version": 1}
        assert client.post(url, data).status_code == 302
        assert PlannedActivity.objects.get(pk=made.pk).status == PlanStatus.CANCELLED


class TestCarriedOut:
    def test_the_log_form_is_filled_in_from_the_plan(
        self, client, promise, police_reporter, commitments
    ):
        made = plan(
            commitments["hundsok"],
            D(2025, 6, 20),
            created_by=police_reporter,
            kind="hundsök",
            place="Skolan",
            note="Med tullen.",
        )
        client.force_login(police_reporter)
        form = client.get(reverse("plan_done", args=[promise.slug, made.pk])).context["form"]
        assert form["commitment"].value() == commitments["hundsok"].pk
        assert form["occurred_on"].value() == D(2025, 6, 15)  # today: the plan's day is ahead
        assert (form["place"].value(), form["description"].value()) == ("Skolan", "Med tullen.")
        assert form["kind"].value() == "hundsök"

    def test_an_overdue_plan_is_dated_its_own_day(
        self, client, promise, police_reporter, commitments, time_machine
    ):
        made = plan(commitments["hundsok"], D(2025, 6, 16), created_by=police_reporter)
        time_machine.move_to(datetime.datetime(2025, 6, 20, 12), tick=False)
        client.force_login(police_reporter)
        form = client.get(reverse("plan_done", args=[promise.slug, made.pk])).context["form"]
        assert form["occurred_on"].value() == D(2025, 6, 16)

    def test_the_whole_loop(self, client, promise, police_reporter, commitments, time_machine):
        """Plan, see it planned in the follow-up, let it go overdue, carry it out: the activity
        counts, the plan is closed and linked, and the JSON's planned falls back."""
        hundsok = commitments["hundsok"]
        client.force_login(police_reporter)
        assert new(client, promise, hundsok, planned_on="2025-09-10").status_code == 302
        made = PlannedActivity.objects.get()

        json = followup_json(client, promise, "2025-06-15")["hundsok"]
        assert json["needed"] == {"count": 2, "by": "2025-12-31"}
        assert json["planned"] == 1
        result = next(
            r for r in followup_for(promise, D(2025, 6, 15)).commitments if r.key == "hundsok"
        )
        assert result.uncovered  # two needed, one planned

        time_machine.move_to(datetime.datetime(2025, 9, 12, 12), tick=False)
        client.force_login(police_reporter)  # the session of June has expired
        rows = client.get(reverse("plan_list", args=[promise.slug])).context["rows"]
        assert rows[0][1] == "overdue"
        assert followup_json(client, promise, "2025-09-12")["hundsok"]["planned"] == 0

        url = reverse("plan_done", args=[promise.slug, made.pk])
        data = {
            "commitment": hundsok.pk,
            "occurred_on": "2025-09-10",
            "quantity": "1",
            "description": "Hundsök med tullen.",
            "submission": str(uuid.uuid4()),
        }
        response = client.post(url, data)
        assert response.status_code == 302
        activity = Activity.objects.get()
        made.refresh_from_db()
        assert (made.status, made.activity) == (PlanStatus.DONE, activity)
        assert activity.plan == made
        counted = followup_json(client, promise, "2025-09-12")["hundsok"]
        assert counted["periods"][-1]["count"] == 1
        assert counted["needed"] == {"count": 1, "by": "2025-12-31"}
        # The same form posted again logs nothing more.
        assert client.post(url, data).status_code == 302
        assert Activity.objects.count() == 1

    def test_a_refused_activity_leaves_the_plan_open(
        self, client, promise, police_reporter, commitments
    ):
        made = plan(commitments["hundsok"], D(2025, 6, 20), created_by=police_reporter)
        client.force_login(police_reporter)
        data = {
            "commitment": commitments["hundsok"].pk,
            "occurred_on": "2025-06-20",  # in the future
            "quantity": "1",
            "description": "Hundsök.",
            "submission": str(uuid.uuid4()),
        }
        response = client.post(reverse("plan_done", args=[promise.slug, made.pk]), data)
        assert response.status_code == 200
        made.refresh_from_db()
        assert made.status == PlanStatus.OPEN
        assert not Activity.objects.exists()


class TestFollowupText:
    def test_needed_and_planned_in_words(self, client, promise, police_reporter, commitments):
        plan(commitments["hundsok"], D(2025, 11, 12))
        client.force_login(police_reporter)
        text = client.get(reverse("commitment_detail", args=[promise.slug, "hundsok"])).text
        assert "2 hundsök till före 2025-12-31 · 1 planerad 2025-11-12" in text

    def test_plans_after_the_period_or_of_another_kind_are_not_counted(self, promise, commitments):
        plan(commitments["hundsok"], D(2026, 1, 12))  # outside the promise, yet in the db
        plan(commitments["kontroller"], D(2025, 6, 17), kind="fotboll")
        plan(commitments["kontroller"], D(2025, 6, 18), kind="trafikkontroll")
        plan(commitments["kontroller"], D(2025, 6, 23), kind="trafikkontroll")  # next week
        results = {r.key: r for r in followup_for(promise, D(2025, 6, 16)).commitments}
        assert results["hundsok"].planned == 0
        assert results["kontroller"].planned_on == (D(2025, 6, 18),)  # Monday to Sunday

    def test_an_uncovered_quota_is_flagged_on_the_dashboard_and_todo(
        self, client, promise, police_reporter, commitments
    ):
        client.force_login(police_reporter)
        dashboard = client.get(reverse("dashboard", args=[promise.slug])).text
        assert "Inte täckt av planer" in dashboard
        todo = client.get(reverse("todo")).text
        assert "Inte täckt av planer" in todo
