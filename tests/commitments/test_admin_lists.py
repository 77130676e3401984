"""The admin at national scale, as its users meet it: lists counted only so far, filters that
stay small (years, statuses, the promises a local admin has), the status decided in SQL as the
model decides it, and forms whose choices follow the promise."""

import datetime

import pytest
from django import forms
from django.contrib.admin import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import admin_lists
from commitments.admin import ActivityAdmin
from commitments.enums import PromiseStatus
from commitments.models import Activity, Commitment, Promise
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    OrganisationFactory,
    PromiseFactory,
)

D = datetime.date
ACTIVITIES = reverse("admin:commitments_activity_changelist")
PROMISES = reverse("admin:commitments_promise_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def commitment(focus_area, today):
    return CommitmentFactory(focus_area=focus_area, key="hundsok")


@pytest.fixture
def boden(today):
    """Another municipality's promise, 2022–2023, with an activity."""
    promise = PromiseFactory(
        title="Medborgarlöfte Boden",
        municipality=OrganisationFactory(name="Bodens kommun", municipality=True),
        valid_from=D(2022, 1, 1),
        valid_until=D(2023, 12, 31),
    )
    commitment = CommitmentFactory(focus_area=FocusAreaFactory(promise=promise), key="boden")
    ActivityFactory(commitment=commitment, occurred_on=D(2022, 5, 1), description="I Boden.")
    return promise


def shown(response):
    return [str(a.pk) for a in response.context["cl"].result_list]


# ---------------------------------------------------------------------------------------------
# The count


class TestBoundedCount:
    @pytest.fixture
    def five(self, commitment, monkeypatch):
        monkeypatch.setattr(admin_lists.BoundedPaginator, "limit", 3)
        return [
            ActivityFactory(commitment=commitment, occurred_on=D(2025, 1, day))
            for day in range(1, 6)
        ]

    def test_a_list_past_the_limit_says_more_than(self, admin_client, five):
        response = admin_client.get(ACTIVITIES)
        assert "fler än 3 aktiviteter" in response.text
        assert response.context["cl"].paginator.more

    def test_the_count_reads_no_further_than_the_limit(self, admin_client, five):
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(ACTIVITIES)
        counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
        assert len(counts) == 1  # no second count of the whole table
        assert "LIMIT 4" in counts[0]

    def test_no_action_offers_all_rows_of_a_list_past_the_limit(self, admin_client, five):
        response = admin_client.get(ACTIVITIES)
        assert 'class="question' not in response.text  # "Select all 3 activities"
        assert "action-select" in response.text  # the rows shown are still chosen one by one

    def test_a_list_within_the_limit_says_how_many(self, admin_client, five):
        response = admin_client.get(ACTIVITIES, {"occurred_on__year": "2025", "q": "plan"})
        assert "5 aktiviteter" not in response.text
        assert "fler än 3 resultat" in response.text
        response = admin_client.get(ACTIVITIES, {"occurred_on__year": "2024"})
        assert "0 aktiviteter" in response.text
        assert "Visa alla" in response.text

    def test_a_page_past_the_limit_is_no_page(self, admin_client, five, monkeypatch):
        monkeypatch.setattr(admin_lists.BoundedPaginator, "limit", 2)
        monkeypatch.setattr(ActivityAdmin, "list_per_page", 1)
        assert admin_client.get(ACTIVITIES, {"p": "2"}).status_code == 200
        response = admin_client.get(ACTIVITIES, {"p": "3"})
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")

    def test_the_checkbox_is_the_one_django_renders(self, admin_client, five):
        activity = five[0]
        model_admin = site._registry[Activity]
        django_own = forms.CheckboxInput(
            {
                "class": "action-select",
                "aria-label": f"Välj detta objekt för en åtgärd - {activity}",
            },
            lambda value: False,
        ).render("_selected_action", str(activity.pk))
        assert model_admin.action_checkbox(activity) == django_own


# ---------------------------------------------------------------------------------------------
# Years


class TestActivityYears:
    def test_the_years_span_the_promises_newest_first(self, admin_client, commitment, boden):
        response = admin_client.get(ACTIVITIES)
        (spec,) = [
            s for s in response.context["cl"].filter_specs if s.parameter_name.endswith("year")
        ]
        years = [title for _, title in spec.lookup_choices]
        assert years == ["2025", "2024", "2023", "2022"]  # no activity after today (2025)

    def test_a_local_admin_is_offered_the_years_of_their_promises(
        self, client, local_admin, commitment, boden
    ):
        client.force_login(local_admin)
        response = client.get(ACTIVITIES)
        (spec,) = [
            s for s in response.context["cl"].filter_specs if s.parameter_name.endswith("year")
        ]
        assert [title for _, title in spec.lookup_choices] == ["2025", "2024"]

    def test_a_year_shows_its_activities(self, admin_client, commitment):
        in_2024 = ActivityFactory(commitment=commitment, occurred_on=D(2024, 12, 31))
        in_2025 = ActivityFactory(commitment=commitment, occurred_on=D(2025, 1, 1))
        assert shown(admin_client.get(ACTIVITIES, {"occurred_on__year": "2024"})) == [
            str(in_2024.pk)
        ]
        assert shown(admin_client.get(ACTIVITIES, {"occurred_on__year": "2025"})) == [
            str(in_2025.pk)
        ]

    @pytest.mark.parametrize("year", ["abc", "99999999999999999999", "9999", "1899", "²"])
    def test_a_year_that_is_none_is_an_unreadable_filter(self, admin_client, commitment, year):
        response = admin_client.get(ACTIVITIES, {"occurred_on__year": year})
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")

    def test_no_date_drill_down_reads_the_activities(self, admin_client, commitment):
        ActivityFactory(commitment=commitment)
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(ACTIVITIES)
        reading_dates = [q for q in queries if "DISTINCT" in q["sql"] or "MIN(" in q["sql"]]
        assert [q["sql"] for q in reading_dates if "commitments_activity" in q["sql"]] == []


class TestPromiseYears:
    def test_a_year_shows_the_promises_valid_in_it(self, admin_client, promise, boden):
        ids = [int(pk) for pk in shown(admin_client.get(PROMISES, {"year": "2023"}))]
        assert ids == [boden.pk]
        ids = {int(pk) for pk in shown(admin_client.get(PROMISES, {"year": "2024"}))}
        assert ids == {promise.pk}


# ---------------------------------------------------------------------------------------------
# The promise filter


class TestPromiseFilter:
    def choices(self, response):
        """The promises offered: none when the filter is not shown at all."""
        specs = [s for s in response.context["cl"].filter_specs if s.title == "löfte"]
        return [title for spec in specs for _, title in spec.lookup_choices]

    def test_a_local_admin_chooses_among_their_promises(
        self, client, local_admin, promise, commitment, boden
    ):
        client.force_login(local_admin)
        choices = self.choices(client.get(ACTIVITIES))
        assert choices == [f"{promise.title} (2024–2025)"]

    def test_past_the_limit_only_the_chosen_promise_is_a_choice(
        self, admin_client, promise, commitment, boden, monkeypatch
    ):
        monkeypatch.setattr(admin_lists, "PROMISE_CHOICES_LIMIT", 1)
        assert self.choices(admin_client.get(ACTIVITIES)) == []
        response = admin_client.get(ACTIVITIES, {"commitment__promise": boden.pk})
        assert self.choices(response) == ["Medborgarlöfte Boden (2022–2023)"]
        assert len(shown(response)) == 1

    def test_the_promise_list_links_to_each_promises_activities(
        self, admin_client, promise, commitment, boden
    ):
        mine = ActivityFactory(commitment=commitment, occurred_on=D(2025, 2, 1))
        link = f"{ACTIVITIES}?commitment__promise={promise.pk}"
        assert link in admin_client.get(PROMISES).text
        assert (
            link
            in admin_client.get(reverse("admin:commitments_promise_change", args=[promise.pk])).text
        )
        assert shown(admin_client.get(link)) == [str(mine.pk)]

    def test_the_former_filters_address_still_filters(self, admin_client, commitment, boden):
        response = admin_client.get(ACTIVITIES, {"commitment__promise__id__exact": boden.pk})
        assert len(shown(response)) == 1
        assert response.context["cl"].result_list[0].description == "I Boden."

    def test_another_municipalitys_promise_shows_nothing_and_is_not_named(
        self, client, local_admin, commitment, boden
    ):
        ActivityFactory(commitment=commitment, occurred_on=D(2025, 2, 1))
        client.force_login(local_admin)
        response = client.get(ACTIVITIES, {"commitment__promise": boden.pk})
        assert shown(response) == []
        assert "Boden" not in response.text

    @pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999"])
    def test_a_promise_that_is_none_is_an_unreadable_filter(self, admin_client, commitment, value):
        response = admin_client.get(ACTIVITIES, {"commitment__promise": value})
        assert response.status_code == 302

    def test_no_list_offers_every_organisation(self, admin_client, promise, commitment, boden):
        for model in ["promise", "commitment", "activity", "membership", "focusarea"]:
            response = admin_client.get(reverse(f"admin:commitments_{model}_changelist"))
            assert "Bodens kommun" not in response.text.split('id="changelist-filter"')[-1]


# ---------------------------------------------------------------------------------------------
# Status today, in SQL


class TestPromiseStatusInSql:
    @pytest.fixture
    def promises(self, db):
        """Promises in every status on some day of 2024–2028."""

        def make(slug, **fields):
            fields = {"valid_from": D(2024, 1, 1), "valid_until": D(2025, 12, 31), **fields}
            return PromiseFactory(slug=slug, **fields)

        open_ended = make("open-ended", until_superseded=True)
        make(
            "successor", replaces=open_ended, valid_from=D(2026, 7, 1), valid_until=D(2027, 12, 31)
        )
        fixed = make("fixed")
        make(
            "fixed-successor", replaces=fixed, valid_from=D(2025, 6, 1), valid_until=D(2026, 12, 31)
        )
        unreplaced = make("unreplaced", until_superseded=True)
        make(
            "draft-successor",
            replaces=unreplaced,
            published=False,
            valid_from=D(2026, 1, 1),
            valid_until=D(2027, 12, 31),
        )
        make("early", until_superseded=True, valid_from=D(2025, 1, 1), valid_until=D(2026, 12, 31))
        make("draft", published=False)
        return Promise.objects.with_parties()

    @pytest.mark.parametrize(
        "day",
        [D(2023, 12, 31), D(2024, 1, 1), D(2025, 6, 1), D(2025, 12, 31), D(2026, 1, 1),
         D(2026, 6, 30), D(2026, 7, 1), D(2027, 1, 1), D(2028, 1, 1)],
    )  # fmt: skip
    def test_it_agrees_with_the_model_on_every_day(self, promises, day):
        by_model = {p.slug: p.status_on(day) for p in promises}
        by_sql = {
            p.slug: status
            for status in PromiseStatus.values
            for p in Promise.objects.in_status_on(status, day)
        }
        assert by_sql == by_model

    def test_every_status_occurs_in_the_cases(self, promises):
        days = [D(2023, 12, 31), D(2025, 6, 1), D(2026, 6, 30), D(2027, 1, 1), D(2028, 1, 1)]
        seen = {p.status_on(day) for p in promises for day in days}
        assert seen == set(PromiseStatus.values)

    def test_the_list_filters_by_it(self, admin_client, promises, time_machine):
        time_machine.move_to(datetime.datetime(2026, 3, 1, 12), tick=False)
        response = admin_client.get(PROMISES, {"status": "extended"})
        slugs = {p.slug for p in response.context["cl"].result_list}
        assert slugs == {"open-ended", "unreplaced"}

    def test_an_unknown_status_is_an_unreadable_filter(self, admin_client, promises):
        assert admin_client.get(PROMISES, {"status": "gone"}).status_code == 302


# ---------------------------------------------------------------------------------------------
# Forms whose choices follow the promise


class TestChoicesFollowThePromise:
    def test_a_new_commitment_is_offered_its_promises_focus_areas(
        self, admin_client, promise, focus_area, boden
    ):
        url = reverse("admin:commitments_commitment_add")
        form = admin_client.get(url, {"promise": promise.pk}).context["adminform"].form
        assert list(form.fields["focus_area"].queryset) == [focus_area]
        assert set(form.fields["responsible"].queryset) == set(promise.parties())
        form = admin_client.get(url).context["adminform"].form
        assert list(form.fields["focus_area"].queryset) == []
        assert "Välj löftet" in form.fields["focus_area"].help_text

    def test_a_new_commitment_is_saved_with_its_promise(self, admin_client, promise, focus_area):
        response = admin_client.post(
            reverse("admin:commitments_commitment_add"),
            {
                "promise": promise.pk, "focus_area": focus_area.pk, "key": "ny",
                "text": "Ett nytt åtagande.", "responsible": [promise.police_area_id],
                "kind": "ongoing", "position": "0",
            },
        )  # fmt: skip
        assert response.status_code == 302
        assert Commitment.objects.get(key="ny").focus_area == focus_area

    def test_a_local_problem_moves_only_within_its_promise(
        self, admin_client, promise, focus_area, boden
    ):
        other_area = FocusAreaFactory(promise=promise, title="Trafik")
        problem = LocalProblemFactory(focus_area=focus_area)
        response = admin_client.get(
            reverse("admin:commitments_localproblem_change", args=[problem.pk])
        )
        offered = set(response.context["adminform"].form.fields["focus_area"].queryset)
        assert offered == {focus_area, other_area}

    def test_a_new_local_problem_searches_for_its_focus_area(
        self, admin_client, promise, focus_area, boden
    ):
        """Adding one, the focus area is searched for: a list would hold every promise's."""
        elsewhere = FocusAreaFactory(promise=boden, title="Narkotika i Boden")
        url = reverse("admin:commitments_localproblem_add")
        page = admin_client.get(url).text
        assert "admin-autocomplete" in page
        assert "Narkotika i Boden" not in page and focus_area.title not in page
        response = admin_client.post(
            url,
            {"focus_area": elsewhere.pk, "title": "Trafik", "status": "raised",
             "raised_on": "2025-03-01", "position": "0"},
        )  # fmt: skip
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert elsewhere.local_problems.get().title == "Trafik"

    def test_every_row_of_the_promise_page_shows_its_own_choices(
        self, admin_client, promise, focus_area
    ):
        other_area = FocusAreaFactory(promise=promise, title="Trafik")
        police, municipality = promise.police_area, promise.municipality
        first = CommitmentFactory(focus_area=focus_area, key="forsta", responsible=[police])
        second = CommitmentFactory(
            focus_area=other_area, key="andra", responsible=[police, municipality]
        )
        response = admin_client.get(reverse("admin:commitments_promise_change", args=[promise.pk]))
        (inline,) = [
            i for i in response.context["inline_admin_formsets"] if i.formset.model is Commitment
        ]
        rows = {form.instance.key: form for form in inline.formset.forms}
        assert rows["forsta"]["focus_area"].value() == focus_area.pk
        assert rows["andra"]["focus_area"].value() == other_area.pk
        assert f'value="{other_area.pk}" selected' in str(rows["andra"]["focus_area"])
        checked = str(rows["andra"]["responsible"]).count("checked")
        assert checked == 2
        assert str(rows["forsta"]["responsible"]).count("checked") == 1
        # The empty row that "Add another" copies offers the same focus areas.
        empty = str(inline.formset.empty_form["focus_area"])
        assert "Narkotika" in empty and "Trafik" in empty
        assert first.pk and second.pk

    def test_an_organisations_members_are_named_on_its_page(
        self, admin_client, promise, municipal_reporter
    ):
        response = admin_client.get(
            reverse("admin:commitments_organisation_change", args=[promise.municipality_id])
        )
        assert f'<option value="{municipal_reporter.pk}" selected>kommun</option>' in response.text
