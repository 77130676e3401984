"""The weekly reminder names the organisation's overdue plans and its plans of the coming week."""

import datetime

import pytest
from django.core import mail

from commitments.enums import PlanStatus
from commitments.models import PlannedActivity
from followup.reminders import send_reminders
from tests.factories import ActivityFactory, CommitmentFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def people(police_reporter, municipal_reporter):
    for user in [police_reporter, municipal_reporter]:
        user.email = f"{user.username}@example.org"
        user.save()


def test_overdue_and_coming_plans_of_their_organisation(people, promise, focus_area):
    # Met already: nothing but the plans calls for a reminder.
    commitment = CommitmentFactory(
        focus_area=focus_area, key="hundsok", text="Hundsök i skolan.", quota_target=1
    )
    for day, place, status in [
        (D(2025, 6, 10), "Skolan", PlanStatus.OPEN),  # overdue
        (D(2025, 6, 18), "Gymnasiet", PlanStatus.OPEN),  # this week
        (D(2025, 6, 30), "Långt fram", PlanStatus.OPEN),  # later
        (D(2025, 6, 17), "Inställt", PlanStatus.CANCELLED),
    ]:
        PlannedActivity.objects.create(
            commitment=commitment,
            organisation=promise.police_area,
            planned_on=day,
            place=place,
            status=status,
            cancel_reason="Nej." if status == PlanStatus.CANCELLED else "",
        )
    ActivityFactory(commitment=commitment, occurred_on=D(2025, 3, 1))
    assert send_reminders(D(2025, 6, 15)).sent == 1
    (message,) = mail.outbox
    assert message.to == ["polis@example.org"]
    assert "2 planerade aktiviteter" in message.subject
    body = message.body
    assert "2025-06-10 Hundsök i skolan. (Skolan)" in body
    assert "2025-06-18 Hundsök i skolan. (Gymnasiet)" in body
    assert "Långt fram" not in body and "Inställt" not in body
    assert "http://127.0.0.1:8000/promises/lofte/plans/" in body
