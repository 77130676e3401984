import datetime

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, CommitmentFactory, LocalProblemFactory

D = datetime.date


@pytest.fixture
def page(client, promise):
    def get(user):
        client.force_login(user)
        return client.get(reverse("promise_detail", args=[promise.slug]))

    return get


def test_shows_every_commitment_with_its_parties_quota_and_status(
    page, police_reporter, commitments, promise
):
    ActivityFactory(commitment=commitments["hundsok"], occurred_on=D(2025, 2, 1))
    response = page(police_reporter)
    text = response.text
    assert "<title>Medborgarlöfte" in text
    assert "Hundsök i skolan två gånger per år." in text
    assert "Mål: 2 hundsök per år" in text
    assert "Ansvarig: Lokalpolisområde Piteå älvdal, Älvsbyns kommun" in text
    assert "1 av 2 (2025-01-01 – 2025-12-31)" in text
    assert "I fas" in text  # on 2025-06-15, one of two is the pace
    assert "Senaste aktivitet: 2025-02-01" in text


def test_log_buttons_only_where_the_user_may_report(page, police_reporter, commitments, promise):
    text = page(police_reporter).text
    url = reverse("activity_create", args=[promise.slug])
    assert f"{url}?commitment=hundsok" in text
    assert f"{url}?commitment=samverkan" in text
    assert f"{url}?commitment=enkat" not in text


def test_reviewer_sees_no_log_button(page, reviewer, commitments, promise):
    text = page(reviewer).text
    assert reverse("activity_create", args=[promise.slug]) not in text
    assert "Hundsök i skolan två gånger per år." in text


def test_local_problems_with_their_action_plan_and_measures(
    page, reviewer, focus_area, commitments
):
    problem = LocalProblemFactory(
        focus_area=focus_area, title="Trafik", status="plan_adopted",
        action_plan="Kontroller på rätt tid och plats.",
    )  # fmt: skip
    CommitmentFactory(
        focus_area=focus_area, local_problem=problem, ongoing=True, text="Trafikkontroller."
    )
    text = page(reviewer).text
    assert "Lokal problembild: Trafik" in text
    assert "Handlingsplan antagen" in text
    assert "Kontroller på rätt tid och plats." in text
    assert text.index("Lokal problembild: Trafik") < text.index("Trafikkontroller.")


def test_extended_promise_says_so(page, reviewer, promise, commitments, time_machine):
    promise.until_superseded = True
    promise.save()
    time_machine.move_to(datetime.datetime(2026, 2, 1, 12), tick=False)
    text = page(reviewer).text
    assert "Förlängt tills nytt löfte ges" in text
    assert "Löftet gavs till 2025-12-31 och fortsätter att gälla tills ett nytt löfte ges." in text


def test_query_count_does_not_grow_with_commitments(
    client, page, police_reporter, promise, focus_area, commitments, django_assert_max_num_queries
):
    for n in range(30):
        c = CommitmentFactory(
            focus_area=focus_area, key=f"extra-{n}", responsible=[promise.police_area]
        )
        ActivityFactory(commitment=c, occurred_on=D(2025, 1, 1) + datetime.timedelta(days=n))
    page(police_reporter)  # signs in
    with django_assert_max_num_queries(13):
        response = client.get(reverse("promise_detail", args=[promise.slug]))
    assert (
        response.text.count("Registrera aktivitet<span") == 33
    )  # three of the fixture and thirty more
