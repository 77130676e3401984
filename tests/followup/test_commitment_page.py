"""A commitment's own page: periods, what is still needed, its place in the promise, and the
activities that count for it; the public variant for citizens."""

import datetime

import pytest
from django.urls import reverse

from commitments.enums import PlanStatus
from commitments.models import Activity, PlannedActivity
from followup.commitment_page import MAX_LISTED_PLANS
from tests.factories import ActivityFactory, CommitmentFactory

D = datetime.date


def url(promise, key, **params):
    return reverse("commitment_detail", args=[promise.slug, key])


@pytest.fixture
def get(client, promise):
    def get(user, key, **params):
        if user is not None:
            client.force_login(user)
        return client.get(url(promise, key), params)

    return get


class TestStaffPage:
    def test_every_period_with_count_status_and_what_is_still_needed(self, get, reviewer, zoo):
        response = get(reviewer, "at-risk")
        assert response.status_code == 200
        page = response.context["page"]
        assert [(m.label, m.period.count, m.period.status) for m in page.periods] == [
            ("2024", 0, "missed"),
            ("2025", 1, "at_risk"),
        ]
        text = response.text
        assert '<h1 class="h2">Åtagande at-risk.</h1>' in text
        assert "Behövs: 1 till före 2025-12-31" in text
        assert "Antal per period" in text and 'role="img"' in text

    def test_its_activities_newest_first_with_links(self, get, reviewer, zoo, promise):
        for day in (D(2025, 4, 1), D(2025, 6, 1)):
            ActivityFactory(commitment=zoo["at-risk"], occurred_on=day)
        activities = list(get(reviewer, "at-risk").context["activities"])
        assert [a.occurred_on for a in activities] == [D(2025, 6, 1), D(2025, 4, 1), D(2025, 3, 1)]
        text = get(reviewer, "at-risk").text
        assert reverse("activity_detail", args=[promise.slug, activities[0].pk]) in text

    def test_activities_are_paged(self, get, reviewer, zoo):
        for n in range(30):
            ActivityFactory(
                commitment=zoo["active"], occurred_on=D(2025, 1, 1) + datetime.timedelta(n)
            )
        first = get(reviewer, "active").context["activities"]
        assert (len(first.object_list), first.paginator.count) == (25, 31)
        second = get(reviewer, "active", page="2").context["activities"]
        assert len(second.object_list) == 6

    def test_sub_commitments_and_the_parent_link_to_each_other(self, get, reviewer, zoo, promise):
        child = CommitmentFactory(
            focus_area=zoo["behind"].focus_area, parent=zoo["behind"], key="behind-centrum",
            text="Varav en i centrum.",
        )  # fmt: skip
        ActivityFactory(commitment=child, occurred_on=D(2025, 5, 1), description="I centrum.")
        text = get(reviewer, "behind").text
        assert 'href="/promises/lofte/commitments/behind-centrum/"' in text
        assert "registrerad på" in text  # the child's activity counts for the parent
        assert 'href="/promises/lofte/commitments/behind/"' in get(reviewer, "behind-centrum").text

    def test_a_follower_counts_and_lists_the_activities_its_party_took_part_in(
        self, get, reviewer, promise, focus_area
    ):
        control = CommitmentFactory(focus_area=focus_area, key="kontroll", quota_target=1)
        CommitmentFactory(
            focus_area=focus_area, key="deltagande", quota_target=1, follows=control,
            responsible=[promise.municipality],
        )  # fmt: skip
        joined = ActivityFactory(commitment=control, occurred_on=D(2025, 3, 1))
        joined.participants.set([promise.municipality])
        ActivityFactory(commitment=control, occurred_on=D(2025, 4, 1), description="Utan kommunen.")
        response = get(reviewer, "deltagande", as_of="2025-06-01")
        assert [a.pk for a in response.context["activities"]] == [joined.pk]
        assert response.context["page"].result.current.count == 1
        assert "Räknar också" in response.text
        assert 'href="/promises/lofte/commitments/kontroll/?as_of=2025-06-01"' in response.text

    def test_a_daily_quota_is_summed_up_month_by_month(self, get, reviewer, promise, focus_area):
        CommitmentFactory(focus_area=focus_area, key="dagligen", quota_target=1, quota_per="day")
        page = get(reviewer, "dagligen", as_of="2025-03-10").context["page"]
        assert len(page.months) == 24 and page.months[0].periods == 31
        assert [m.label for m in page.periods][-2:] == ["2025-03-09", "2025-03-10"]
        assert len(page.periods) == 10

    def test_a_reporter_of_a_responsible_party_can_log_from_it(self, get, police_reporter, zoo):
        text = get(police_reporter, "behind").text
        assert "/activities/new/?commitment=behind" in text

    def test_a_reviewer_cannot(self, get, reviewer, zoo):
        assert "/activities/new/?commitment=behind" not in get(reviewer, "behind").text

    def test_an_unknown_key_is_not_found(self, get, reviewer, zoo):
        assert get(reviewer, "finns-inte").status_code == 404

    def test_query_budget_with_50_commitments_and_5000_activities(
        self, client, reviewer, promise, big, django_assert_max_num_queries
    ):
        client.force_login(reviewer)
        client.get(url(promise, "c0"))
        with django_assert_max_num_queries(14):
            response = client.get(url(promise, "c0"))
        assert response.context["activities"].paginator.count == 100


class TestPlans:
    @pytest.fixture
    def plans(self, zoo, promise, police_reporter):
        def plan(day, commitment=None, **fields):
            return PlannedActivity.objects.create(
                commitment=commitment or zoo["behind"], organisation=promise.police_area,
                planned_on=day, created_by=police_reporter, **fields,
            )  # fmt: skip

        child = CommitmentFactory(
            focus_area=zoo["behind"].focus_area, parent=zoo["behind"], key="behind-centrum",
            text="Varav en i centrum.", responsible=[promise.police_area],
        )  # fmt: skip
        return {
            "ahead": plan(D(2025, 11, 12), kind="hundsök", place="Högstadieskolan"),
            "overdue": plan(D(2025, 10, 1)),
            "child": plan(D(2025, 12, 1), child),
            "cancelled": plan(
                D(2025, 11, 13), status=PlanStatus.CANCELLED, cancel_reason="Inställt."
            ),
            "done": plan(D(2025, 10, 2), status=PlanStatus.DONE),
            "other": plan(D(2025, 11, 14), zoo["at-risk"]),
        }

    def listed(self, response):
        return [row.plan.pk for row in response.context["page"].plans]

    def test_its_open_plans_by_day_with_the_overdue_marked_in_words(
        self, get, reviewer, plans, promise
    ):
        response = get(reviewer, "behind")
        assert self.listed(response) == [plans[k].pk for k in ("overdue", "ahead", "child")]
        assert [row.overdue for row in response.context["page"].plans] == [True, False, False]
        section = response.text.split('id="plans-heading"')[1].split("</section>")[0]
        section = " ".join(section.split())
        assert "2025-10-01 <span" in section and "Försenad" in section
        assert "2025-11-12 · Lokalpolisområde Piteå älvdal · hundsök · Högstadieskolan" in section
        assert section.count("Försenad") == 1
        assert "planerad på" in section and "Varav en i centrum." in section  # the child's
        listing = reverse("plan_list", args=[promise.slug])
        assert f'href="{listing}?commitment={plans["ahead"].commitment_id}"' in section

    def test_a_reporter_of_a_responsible_party_can_plan_from_it(self, get, police_reporter, plans):
        assert "/plans/new/?commitment=behind" in get(police_reporter, "behind").text

    def test_a_reviewer_reads_them_but_cannot_plan(self, get, reviewer, plans):
        text = get(reviewer, "behind").text
        assert "Planerade aktiviteter" in text and "/plans/new/" not in text

    def test_none_open_says_so(self, get, reviewer, zoo):
        assert "Inga öppna planer." in get(reviewer, "met").text

    def test_the_earliest_are_listed_and_the_page_says_there_are_more(
        self, get, reviewer, zoo, promise
    ):
        PlannedActivity.objects.bulk_create(
            PlannedActivity(
                promise=promise,
                commitment=zoo["met"],
                organisation=promise.police_area,
                planned_on=D(2025, 11, 1) + datetime.timedelta(days=n),
            )  # fmt: skip
            for n in range(MAX_LISTED_PLANS + 1)
        )
        response = get(reviewer, "met")
        assert len(response.context["page"].plans) == MAX_LISTED_PLANS
        assert "planlistan har alla" in response.text

    def test_they_are_not_on_the_public_page(self, get, plans, promise, zoo):
        promise.public = True
        promise.save()
        zoo["behind"].publish_activities = True
        zoo["behind"].save()
        response = get(None, "behind")
        assert response.templates[0].name == "followup/commitment_public.html"
        assert response.context["page"].plans == []
        assert "Planerade aktiviteter" not in response.text
        assert "/plans/" not in response.text and "Högstadieskolan" not in response.text


class TestPublicPage:
    @pytest.fixture
    def public(self, promise, zoo, police_reporter):
        promise.public = True
        promise.save()
        zoo["active"].publish_activities = True
        zoo["active"].save()
        police_reporter.first_name, police_reporter.last_name = "Petra", "Polis"
        police_reporter.save()
        return promise

    def test_anyone_reads_it_without_staff_names_or_activity_pages(self, get, public):
        response = get(None, "active")
        assert response.status_code == 200
        assert response.templates[0].name == "followup/commitment_public.html"
        text = response.text
        assert "Aktivitet för active." in text
        assert (
            "Petra" not in text
            and "polis" not in text.lower().split("<main")[1].split("lokalpolisområde")[0]
        )
        assert "/activities/" not in text

    def test_only_published_activities_are_listed(self, get, public):
        text = get(None, "at-risk").text
        assert "Aktivitet för at-risk." not in text
        assert "Inga aktiviteter är publicerade för det här åtagandet." in text

    def test_the_public_page_links_each_commitment_to_its_page(self, client, public):
        text = client.get(reverse("promise_detail", args=[public.slug])).text
        for key in ("active", "behind", "met"):
            assert f'href="/promises/{public.slug}/commitments/{key}/"' in text

    def test_as_of_is_for_staff_only(self, get, public):
        page = get(None, "met", as_of="2024-06-01").context["page"]
        assert page.followup.as_of == D(2025, 10, 20)

    def test_a_promise_that_is_not_public_needs_signing_in(self, client, promise, zoo):
        response = client.get(url(promise, "met"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_stranger_is_told_it_does_not_exist(self, get, stranger, zoo):
        assert get(stranger, "met").status_code == 404


def test_every_commitment_on_the_promise_page_links_to_its_page(client, reviewer, zoo, promise):
    client.force_login(reviewer)
    text = client.get(reverse("promise_detail", args=[promise.slug])).text
    for key in zoo:
        assert f'href="/promises/{promise.slug}/commitments/{key}/"' in text


def test_activity_count_matches_the_database(get, reviewer, zoo):
    activities = get(reviewer, "done").context["activities"]
    assert activities.paginator.count == Activity.objects.filter(commitment=zoo["done"]).count()
