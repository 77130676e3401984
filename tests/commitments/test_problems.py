"""The staff pages of local problems: the list, raising one, a problem's page with its steps
as a timeline, and each step's page, for every persona; stale and repeated posts; the
attachment of the minutes; the measures in the follow-up; the pages' query counts."""

import datetime

import pytest
from django.urls import reverse

from commitments import problems
from commitments.attachment_files import add_attachments
from commitments.enums import LocalProblemStatus
from commitments.models import Activity, Attachment, Commitment, LocalProblem
from tests.attachments_support import attachment_store, pdf, stored_files  # noqa: F401  (a fixture)
from tests.factories import FocusAreaFactory, LocalProblemFactory

D = datetime.date
Status = LocalProblemStatus
pytestmark = pytest.mark.usefixtures("today")


def url(name, problem=None, slug="lofte"):
    return reverse(name, args=[slug] if problem is None else [slug, problem.pk])


def fresh(problem):
    return LocalProblem.objects.get(pk=problem.pk)


def convene_data(problem, **changes):
    return {
        "opened_version": problem.version,
        "convened_on": "2025-05-20",
        "participants": [],
        "meeting_note": "BRÅ möttes på kommunhuset.",
        **changes,
    }


def adopt_data(problem, measures=(), **changes):
    data = {
        "opened_version": problem.version,
        "plan_adopted_on": "2025-05-27",
        "action_plan": "Fler kontroller och bättre belysning.",
        "measures-TOTAL_FORMS": str(max(3, len(measures))),
        "measures-INITIAL_FORMS": "0",
        "measures-MIN_NUM_FORMS": "0",
        "measures-MAX_NUM_FORMS": "20",
        # What a browser sends of a row left empty: the choices' first values.
        **{f"measures-{n}-kind": "quota" for n in range(3)},
        **changes,
    }
    for n, measure in enumerate(measures):
        data.update({f"measures-{n}-{name}": value for name, value in measure.items()})
    return data


def quota_measure(promise):
    return {
        "text": "Hastighetskontroller vid skolan.",
        "responsible": [promise.police_area.pk],
        "kind": "quota",
        "target": "4",
        "per": "quarter",
        "unit": "kontroller",
    }


class TestList:
    def test_it_lists_each_problem_with_its_status_dates_and_measures(
        self, client, promise, raised, reviewer, focus_area
    ):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        measure = problems.Measure("Kontroller.", [promise.police_area], "quota", 2, "year")
        problems.adopt_plan(raised, D(2025, 5, 27), "Plan.", [measure], reviewer)
        LocalProblemFactory(focus_area=focus_area, title="Inbrott", raised_on=D(2025, 6, 1))
        client.force_login(reviewer)
        page = client.get(url("problem_list")).text
        assert "Trafik" in page and "Inbrott" in page
        assert "Handlingsplan antagen" in page and "Uppmärksammad" in page
        assert "2025-05-20" in page and "2025-05-27" in page
        assert "Kontroller." in page
        assert "0 av 2" in page  # how the measure stands this period
        assert "Ny lokal problembild" in page

    def test_a_reporter_reads_it_without_the_button(self, client, raised, municipal_reporter):
        client.force_login(municipal_reporter)
        page = client.get(url("problem_list")).text
        assert "Trafik" in page
        assert "Ny lokal problembild" not in page

    def test_it_says_when_there_is_none(self, client, promise, reviewer):
        client.force_login(reviewer)
        assert "Ingen lokal problembild har uppmärksammats" in client.get(url("problem_list")).text


class TestRaising:
    def test_the_form_offers_the_promises_focus_areas_and_today(
        self, client, focus_area, reviewer, today
    ):
        FocusAreaFactory(title="Någon annans")  # another promise's
        client.force_login(reviewer)
        response = client.get(url("problem_create"))
        assert response.status_code == 200
        field = response.context["form"]["focus_area"]
        assert [str(c) for c in field.field.queryset] == ["Narkotika"]
        assert f'value="{today.isoformat()}"' in response.text

    @pytest.mark.parametrize("persona", ["reviewer", "coordinator", "local_admin", "admin_user"])
    def test_those_who_take_the_steps_raise_a_problem(self, client, request, focus_area, persona):
        user = request.getfixturevalue(persona)
        client.force_login(user)
        response = client.post(
            url("problem_create"),
            {
                "title": "Bedrägerier",
                "focus_area": focus_area.pk,
                "description": "Telefonbedrägerier mot äldre.",
                "place": "",
                "raised_on": "2025-06-01",
            },
        )
        problem = LocalProblem.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("problem_detail", problem)
        assert (problem.raised_by, problem.raised_on, problem.status) == (
            user,
            D(2025, 6, 1),
            Status.RAISED,
        )

    @pytest.mark.parametrize(
        "persona, status",
        [("municipal_reporter", 403), ("police_reporter", 403), ("stranger", 404)],
    )
    def test_others_may_not(self, client, request, focus_area, persona, status):
        client.force_login(request.getfixturevalue(persona))
        data = {"title": "X", "focus_area": focus_area.pk, "raised_on": "2025-06-01"}
        assert client.get(url("problem_create")).status_code == status
        assert client.post(url("problem_create"), data).status_code == status
        assert not LocalProblem.objects.exists()

    def test_a_visitor_is_sent_to_sign_in(self, client, promise):
        response = client.get(url("problem_create"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_personal_identity_number_is_refused_on_its_field(self, client, focus_area, reviewer):
        client.force_login(reviewer)
        response = client.post(
            url("problem_create"),
            {
                "title": "Inbrott",
                "focus_area": focus_area.pk,
                "description": "Anmält av 19811218-9876.",
                "raised_on": "2025-06-01",
            },
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert list(errors) == ["description"]
        assert "Ta bort personnumret ur fältet ”Beskrivning”" in errors["description"][0]
        assert not LocalProblem.objects.exists()

    @pytest.mark.parametrize(
        "value, message",
        [
            ("2025-06-16", "Dagen kan inte ligga i framtiden."),
            ("16/6 2025", "ÅÅÅÅ-MM-DD"),
            ("1800-01-01", "1900–2100"),
        ],
    )
    def test_a_bad_day_is_a_form_error(self, client, focus_area, reviewer, value, message):
        client.force_login(reviewer)
        response = client.post(
            url("problem_create"),
            {"title": "Inbrott", "focus_area": focus_area.pk, "raised_on": value},
        )
        assert response.status_code == 200
        assert message in response.context["form"].errors["raised_on"][0]
        assert not LocalProblem.objects.exists()

    def test_the_same_form_posted_twice_raises_one_problem(self, client, focus_area, reviewer):
        client.force_login(reviewer)
        data = {"title": "Inbrott", "focus_area": focus_area.pk, "raised_on": "2025-06-01"}
        first = client.post(url("problem_create"), data)
        second = client.post(url("problem_create"), data)
        assert LocalProblem.objects.count() == 1
        assert second.status_code == 302 and second["Location"] == first["Location"]

    def test_a_title_taken_by_another_problem_is_refused(
        self, client, focus_area, reviewer, coordinator
    ):
        LocalProblemFactory(focus_area=focus_area, title="Inbrott", raised_by=coordinator)
        client.force_login(reviewer)
        response = client.post(
            url("problem_create"),
            {"title": "Inbrott", "focus_area": focus_area.pk, "raised_on": "2025-06-01"},
        )
        assert response.status_code == 200
        assert "redan en problembild med den här rubriken" in response.text
        assert LocalProblem.objects.count() == 1


class TestSteps:
    @pytest.mark.usefixtures("attachment_store")
    def test_convening_gives_the_activity_and_the_link_for_the_minutes(
        self, client, promise, raised, triggered, reviewer
    ):
        client.force_login(reviewer)
        data = convene_data(raised, participants=[promise.police_area.pk])
        response = client.post(url("problem_convene", raised), data)
        assert response.status_code == 302
        assert response["Location"] == url("problem_detail", raised)
        problem = fresh(raised)
        assert (problem.status, problem.convened_on, problem.convened_by) == (
            Status.CONVENED,
            D(2025, 5, 20),
            reviewer,
        )
        activity = Activity.objects.get(local_problem=problem)
        assert (activity.commitment, activity.reported_by) == (triggered, reviewer)
        page = client.get(url("problem_detail", raised)).text
        minutes = reverse("attachment_create", args=[promise.slug, activity.pk])
        assert minutes in page
        assert "Lokalpolisområde Piteå älvdal" in page  # a participant
        # The BRÅ chair (a reviewer) may attach the minutes to it.
        response = client.post(minutes, {"files": [pdf("protokoll.pdf")]})
        assert response.status_code == 302
        assert Attachment.objects.get().activity == activity

    def test_without_a_triggered_commitment_the_page_says_where_minutes_go(
        self, client, raised, reviewer
    ):
        client.force_login(reviewer)
        client.post(url("problem_convene", raised), convene_data(raised))
        page = client.get(url("problem_detail", raised)).text
        assert "Protokollet kan bifogas när ett åtagande i löftet" in page
        assert not Activity.objects.exists()

    def test_the_convening_form_offers_only_the_parties(self, client, raised, promise, reviewer):
        client.force_login(reviewer)
        form = client.get(url("problem_convene", raised)).context["form"]
        assert set(form.fields["participants"].queryset) == {
            promise.police_area,
            promise.municipality,
        }

    def test_adopting_the_plan_makes_its_measures_commitments_in_the_follow_up(
        self, client, promise, raised, reviewer, coordinator
    ):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        client.force_login(coordinator)
        response = client.get(url("problem_adopt", raised))
        assert response.status_code == 200
        assert len(response.context["formset"].forms) == 3
        response = client.post(
            url("problem_adopt", raised), adopt_data(fresh(raised), [quota_measure(promise)])
        )
        assert response.status_code == 302
        measure = Commitment.objects.get(local_problem=raised)
        assert (measure.key, measure.quota_target, measure.quota_per, measure.quota_unit) == (
            "trafik-hastighetskontroller-vid-skolan",
            4,
            "quarter",
            "kontroller",
        )
        assert fresh(raised).plan_adopted_by == coordinator
        dashboard = client.get(reverse("dashboard", args=[promise.slug])).text
        assert "Hastighetskontroller vid skolan." in dashboard
        assert "4 kontroller per kvartal" in dashboard
        page = client.get(url("problem_detail", raised)).text
        assert "Hastighetskontroller vid skolan." in page and "0 av 4" in page

    def test_a_measure_with_errors_adopts_nothing(self, client, promise, raised, reviewer):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        client.force_login(reviewer)
        bad = {**quota_measure(promise), "target": "", "text": "Se 19811218-9876."}
        response = client.post(url("problem_adopt", raised), adopt_data(fresh(raised), [bad]))
        assert response.status_code == 200
        errors = response.context["formset"].forms[0].errors
        assert errors["target"] == ["Ett kvantitativt åtagande behöver ett mål."]
        assert "personnumret" in errors["text"][0]
        assert fresh(raised).status == Status.CONVENED
        assert not Commitment.objects.filter(local_problem=raised).exists()

    def test_a_plan_without_measures_is_adopted(self, client, raised, reviewer):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        client.force_login(reviewer)
        response = client.post(url("problem_adopt", raised), adopt_data(fresh(raised)))
        assert response.status_code == 302
        assert fresh(raised).status == Status.PLAN_ADOPTED
        assert (
            "Handlingsplanen har inga egna åtgärder"
            in client.get(url("problem_detail", raised)).text
        )

    def test_closing_needs_an_outcome_and_reopening_a_reason(self, client, raised, reviewer):
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        problems.adopt_plan(raised, D(2025, 5, 27), "Plan.", [], reviewer)
        client.force_login(reviewer)
        data = {"opened_version": fresh(raised).version, "closed_on": "2025-06-10", "outcome": ""}
        response = client.post(url("problem_close", raised), data)
        assert response.context["form"].errors["outcome"] == ["Säg vad som förändrades."]
        data["outcome"] = "Inga klagomål sedan maj."
        assert client.post(url("problem_close", raised), data).status_code == 302
        data = {"opened_version": fresh(raised).version, "reason": ""}
        response = client.post(url("problem_reopen", raised), data)
        assert response.context["form"].errors["reason"] == [
            "Säg varför problembilden öppnas igen."
        ]
        data["reason"] = "Klagomålen kom tillbaka."
        assert client.post(url("problem_reopen", raised), data).status_code == 302
        problem = fresh(raised)
        assert (problem.status, problem.closed_on, problem.outcome) == (
            Status.PLAN_ADOPTED,
            None,
            "",
        )
        page = client.get(url("problem_detail", raised)).text
        assert "Klagomålen kom tillbaka." in page  # the reason
        assert "Inga klagomål sedan maj." in page  # the outcome of the closing undone
        assert "bra" in page  # who reopened it (a staff page: names are fine)

    def test_a_day_before_the_step_before_is_refused_on_its_field(self, client, raised, reviewer):
        client.force_login(reviewer)
        response = client.post(
            url("problem_convene", raised), convene_data(raised, convened_on="2025-05-01")
        )
        assert response.status_code == 200
        assert response.context["form"].errors["convened_on"] == [
            "Dagen kan inte ligga före dagen den uppmärksammades (2025-05-02)."
        ]
        assert fresh(raised).status == Status.RAISED

    def test_a_step_not_next_is_refused(self, client, raised, reviewer):
        client.force_login(reviewer)
        response = client.get(url("problem_close", raised))
        assert response.status_code == 302
        data = {"opened_version": raised.version, "closed_on": "2025-06-10", "outcome": "Klart."}
        response = client.post(url("problem_close", raised), data)
        assert response.status_code == 200
        assert "En problembild kan avslutas först när dess handlingsplan har antagits" in (
            response.text
        )
        assert fresh(raised).status == Status.RAISED

    def test_taking_the_convening_back_removes_its_activity_and_files(
        self, client, request, raised, triggered, reviewer, django_capture_on_commit_callbacks
    ):
        store = request.getfixturevalue("attachment_store")
        problems.convene(raised, D(2025, 5, 20), [], "", reviewer)
        activity = Activity.objects.get(local_problem=raised)
        add_attachments(activity, [pdf("protokoll.pdf")], reviewer)
        client.force_login(reviewer)
        assert client.get(url("problem_take_back", raised)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url("problem_take_back", raised), {"opened_version": fresh(raised).version}
            )
        assert response.status_code == 302
        assert fresh(raised).status == Status.RAISED
        assert not Activity.objects.exists() and not Attachment.objects.exists()
        assert stored_files(store) == []
        page = client.get(url("problem_detail", raised)).text
        assert "Sammankallandet 2025-05-20 togs tillbaka" in page

    def test_a_stale_form_is_refused_with_the_conflict(self, client, raised, reviewer, coordinator):
        client.force_login(reviewer)
        opened = raised.version
        problems.convene(raised, D(2025, 5, 21), [], "Annat möte.", coordinator)
        problems.take_back_convening(raised, coordinator)
        response = client.post(url("problem_convene", raised), convene_data(raised))
        assert response.status_code == 409
        assert "Någon annan har ändrat den lokala problembilden" in response.text
        conflict = response.context["conflict"]
        assert [(row.yours, row.current) for row in conflict["rows"]] == [
            ("2025-05-20", "–"),
            ("BRÅ möttes på kommunhuset.", "–"),
        ]
        assert "version-conflict" in response.text
        assert response.context["form"]["opened_version"].initial == fresh(raised).version
        assert fresh(raised).status == Status.RAISED
        assert opened < fresh(raised).version

    def test_a_double_post_steps_once(self, client, raised, triggered, reviewer):
        client.force_login(reviewer)
        data = convene_data(raised)
        assert client.post(url("problem_convene", raised), data).status_code == 302
        assert client.post(url("problem_convene", raised), data).status_code == 302
        assert Activity.objects.count() == 1
        assert fresh(raised).history.count() == 2

    def test_a_post_without_its_version_is_refused(self, client, raised, reviewer):
        client.force_login(reviewer)
        data = convene_data(raised)
        del data["opened_version"]
        response = client.post(url("problem_convene", raised), data)
        assert response.status_code == 200
        assert "Formuläret anger inte vilken version" in response.text
        assert fresh(raised).status == Status.RAISED

    @pytest.mark.parametrize(
        "name", ["problem_detail", "problem_convene", "problem_close", "problem_take_back"]
    )
    def test_another_promises_problem_is_not_found(self, client, reviewer, name):
        elsewhere = LocalProblemFactory(title="Någon annans")
        client.force_login(reviewer)
        response = client.get(url(name, elsewhere))
        assert response.status_code == 404
        assert "<h1>Sidan finns inte</h1>" in response.text  # the site's Swedish page

    def test_a_reporter_reads_the_page_without_the_steps(self, client, raised, municipal_reporter):
        client.force_login(municipal_reporter)
        page = client.get(url("problem_detail", raised)).text
        assert "Trafik" in page and "Rattfylleri och störande körning" in page
        assert url("problem_convene", raised) not in page
        assert client.get(url("problem_convene", raised)).status_code == 403
        response = client.post(url("problem_convene", raised), convene_data(raised))
        assert response.status_code == 403
        assert fresh(raised).status == Status.RAISED

    def test_a_step_page_is_405_for_other_methods(self, client, raised, reviewer):
        client.force_login(reviewer)
        assert client.put(url("problem_convene", raised)).status_code == 405
        assert client.post(url("problem_detail", raised)).status_code == 405


class TestQueryCounts:
    """The list and a problem's page ask the database the same number of times whatever the
    number of problems and measures."""

    def _world(self, promise, focus_area, reviewer, size):
        for n in range(size):
            problem = problems.raise_problem(
                focus_area, title=f"Problem {n}", raised_on=D(2025, 5, 1), user=reviewer
            )
            problems.convene(problem, D(2025, 5, 2), [promise.municipality], "", reviewer)
            measures = [
                problems.Measure(f"Åtgärd {n}.{m}", [promise.police_area], "quota", 2, "year")
                for m in range(size)
            ]
            problems.adopt_plan(problem, D(2025, 5, 3), "Plan.", measures, reviewer)
        return problem

    @pytest.mark.parametrize("size, page", [(s, p) for s in (1, 4) for p in ("list", "detail")])
    def test_it_is_constant(
        self, client, promise, focus_area, triggered, reviewer, size, page,
        django_assert_num_queries,
    ):  # fmt: skip
        last = self._world(promise, focus_area, reviewer, size)
        client.force_login(reviewer)
        address = url("problem_list") if page == "list" else url("problem_detail", last)
        client.get(address)  # the session, the follow-up in the cache
        expected = {"list": 10, "detail": 13}[page]
        with django_assert_num_queries(expected):
            assert client.get(address).status_code == 200
