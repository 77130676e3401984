"""Review: in a promise that asks for it, what a municipal reporter logs waits for a coordinator
of the municipality, counts only once approved, and comes back to the reporter with a reason
when returned."""

import json
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from commitments.enums import ReviewStatus
from commitments.models import Activity
from tests.factories import ActivityFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(promise, focus_area, today):
    """The municipality's quota, one a year, in a promise that reviews the municipality's
    activities."""
    promise.review_for.set([promise.municipality])
    return CommitmentFactory(
        focus_area=focus_area, key="kommunenkat", quota_target=1, responsible=[promise.municipality]
    )


def log(client, promise, commitment, **fields):
    url = reverse("activity_create", args=[promise.slug]) + f"?commitment={commitment.key}"
    data = {
        "commitment": commitment.pk,
        "occurred_on": "2025-05-05",
        "quantity": "1",
        "description": "Enkäten genomförd i årskurs 9.",
        "submission": str(uuid.uuid4()),
        **fields,
    }
    return client.post(url, data)


def count(client, promise, key="kommunenkat"):
    url = reverse("followup_json", args=[promise.slug]) + "?as_of=2025-06-15"
    data = json.loads(client.get(url).content)
    return next(c for c in data["commitments"] if c["key"] == key)["periods"][-1]["count"]


def review(client, promise, activity, decision, reason=""):
    url = reverse("activity_review", args=[promise.slug, activity.pk])
    return client.post(url, {"decision": decision, "reason": reason})


def test_a_reporters_activity_counts_once_approved(
    client, promise, survey, municipal_reporter, coordinator
):
    client.force_login(municipal_reporter)
    response = log(client, promise, survey)
    activity = Activity.objects.get()
    assert activity.review_status == ReviewStatus.SUBMITTED
    page = client.get(response["Location"]).text
    assert "skickats för granskning" in page
    assert count(client, promise) == 0
    detail = client.get(reverse("activity_detail", args=[promise.slug, activity.pk])).text
    assert "Inskickad för granskning" in detail
    assert 'name="decision"' not in detail  # a reporter does not review
    assert review(client, promise, activity, "approve").status_code == 403

    client.force_login(coordinator)
    dashboard = client.get(reverse("dashboard", args=[promise.slug])).text
    assert "1 aktivitet väntar på granskning" in dashboard
    assert (
        'name="decision"'
        in client.get(reverse("activity_detail", args=[promise.slug, activity.pk])).text
    )
    assert review(client, promise, activity, "approve").status_code == 302
    activity.refresh_from_db()
    assert (activity.review_status, activity.reviewed_by) == (ReviewStatus.APPROVED, coordinator)
    assert count(client, promise) == 1
    assert "väntar på granskning" not in client.get(reverse("dashboard", args=[promise.slug])).text


def test_returned_with_a_reason_the_reporter_is_emailed_and_resubmits(
    client, promise, survey, municipal_reporter, coordinator, django_capture_on_commit_callbacks
):
    municipal_reporter.email = "kommun@example.org"
    municipal_reporter.save()
    client.force_login(municipal_reporter)
    log(client, promise, survey)
    activity = Activity.objects.get()
    client.force_login(coordinator)
    response = review(client, promise, activity, "return", "")
    assert response.status_code == 400
    assert "Skriv varför den skickas tillbaka" in response.text
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes once it is saved
        response = review(client, promise, activity, "return", "Ange vilken skola.")
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.review_status == ReviewStatus.RETURNED
    (message,) = mail.outbox
    assert message.to == ["kommun@example.org"]
    assert "Ange vilken skola." in message.body
    assert f"/promises/{promise.slug}/activities/{activity.pk}/" in message.body
    assert count(client, promise) == 0

    client.force_login(municipal_reporter)
    url = reverse("activity_edit", args=[promise.slug, activity.pk])
    data = {
        "commitment": survey.pk, "occurred_on": "2025-05-05", "quantity": "1",
        "description": "Enkäten genomförd i årskurs 9 på Älvåkerskolan.",
        "opened_version": activity.version, "organisation": promise.municipality_id,
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert (activity.review_status, activity.review_reason) == (ReviewStatus.SUBMITTED, "")


def test_a_reporter_changing_an_approved_activity_submits_it_again(
    client, promise, survey, municipal_reporter, coordinator
):
    activity = ActivityFactory(
        commitment=survey, organisation=promise.municipality, reported_by=municipal_reporter
    )
    client.force_login(municipal_reporter)
    url = reverse("activity_edit", args=[promise.slug, activity.pk])
    data = {
        "commitment": survey.pk, "occurred_on": activity.occurred_on.isoformat(),
        "quantity": "3", "description": activity.description,
        "opened_version": activity.version, "organisation": promise.municipality_id,
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    activity.refresh_from_db()
    assert activity.review_status == ReviewStatus.SUBMITTED  # 3 does not count unreviewed


def test_coordinators_police_and_promises_without_review_need_no_approval(
    client, promise, survey, commitments, coordinator, police_reporter
):
    client.force_login(coordinator)  # the municipality's coordinator: approves their own
    log(client, promise, survey)
    client.force_login(police_reporter)  # the police are not reviewed in this promise
    log(client, promise, commitments["hundsok"], occurred_on="2025-05-06")
    assert set(Activity.objects.values_list("review_status", flat=True)) == {"approved"}
    promise.review_for.clear()
    assert not Activity.objects.exclude(review_status="approved").exists()


def test_only_the_organisations_coordinators_and_admins_review(
    client, promise, survey, municipal_reporter, reviewer, police_reporter, stranger, local_admin
):
    activity = ActivityFactory(
        commitment=survey,
        organisation=promise.municipality,
        reported_by=municipal_reporter,
        review_status=ReviewStatus.SUBMITTED,
    )
    for user, status in [(reviewer, 403), (police_reporter, 403), (stranger, 404)]:
        client.force_login(user)
        assert review(client, promise, activity, "approve").status_code == status
    client.logout()
    assert review(client, promise, activity, "approve").status_code == 302  # to sign in
    activity.refresh_from_db()
    assert activity.review_status == ReviewStatus.SUBMITTED
    client.force_login(local_admin)
    assert review(client, promise, activity, "approve").status_code == 302
    activity.refresh_from_db()
    assert activity.review_status == ReviewStatus.APPROVED


def test_public_pages_show_only_approved_activities(client, promise, survey, municipal_reporter):
    promise.public = True
    promise.save()
    survey.publish_activities = True
    survey.save()
    for description, status in [("Godkänd enkät.", "approved"), ("Väntande enkät.", "submitted")]:
        ActivityFactory(
            commitment=survey, organisation=promise.municipality, description=description,
            reported_by=municipal_reporter, review_status=status,
        )  # fmt: skip
    for url in [
        reverse("promise_detail", args=[promise.slug]),
        reverse("commitment_detail", args=[promise.slug, "kommunenkat"]),
    ]:
        page = client.get(url).text
        assert "Godkänd enkät." in page
        assert "Väntande enkät." not in page
