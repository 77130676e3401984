"""The calendar feed, read by a real iCalendar parser: a person's organisations' open plans and
the period ends that still need activities; another's plans absent; a renewed address."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from commitments.enums import PlanStatus
from commitments.models import CalendarFeed, PlannedActivity

D = datetime.date


@pytest.fixture
def plans(promise, commitments, police_reporter, municipal_reporter):
    def plan(key, day, organisation, **fields):
        return PlannedActivity.objects.create(
            commitment=commitments[key], organisation=organisation, planned_on=day, **fields
        )

    return {
        "dog": plan("hundsok", D(2025, 9, 10), promise.police_area, kind="hundsök", place="Skolan"),
        "cancelled": plan(
            "hundsok",
            D(2025, 9, 11),
            promise.police_area,
            status=PlanStatus.CANCELLED,
            cancel_reason="Inställt.",
        ),
        "municipal": plan("samverkan", D(2025, 9, 12), promise.municipality),
    }


def feed(client, user):
    token = CalendarFeed.objects.get_or_create(user=user)[0].token
    response = client.get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_a_reporters_feed_has_their_organisations_plans_and_period_ends(
    client, police_reporter, plans, settings
):
    settings.SITE_URL = "https://lofte.example.se"
    found = events(feed(client, police_reporter))
    dog = found[f"plan-{plans['dog'].pk}@lofte.example.se"]
    assert dog.decoded("dtstart") == D(2025, 9, 10)  # all day
    assert dog.decoded("dtend") == D(2025, 9, 11)
    assert str(dog["summary"]) == "Planerat: Hundsök"
    assert str(dog["location"]) == "Skolan"
    assert str(dog["url"]).startswith("https://lofte.example.se/promises/lofte/plans/")
    assert "dtstamp" in dog
    # The cancelled plan and the municipality's are not theirs.
    assert not any(uid.startswith(f"plan-{plans['cancelled'].pk}@") for uid in found)
    assert not any(uid.startswith(f"plan-{plans['municipal'].pk}@") for uid in found)
    # The police quotas still open end on 31 December (the yearly one) and on Sunday (weekly).
    ends = {uid: e for uid, e in found.items() if uid.startswith("needed-")}
    days = sorted(e.decoded("dtstart") for e in ends.values())
    assert D(2025, 12, 31) in days
    assert all(isinstance(day, datetime.date) and not isinstance(day, datetime.datetime)
               for day in days)  # fmt: skip


def test_uids_are_stable(client, police_reporter, plans):
    assert set(events(feed(client, police_reporter))) == set(events(feed(client, police_reporter)))


def test_another_persons_plans_are_absent(client, municipal_reporter, plans):
    found = events(feed(client, municipal_reporter))
    assert any(uid.startswith(f"plan-{plans['municipal'].pk}@") for uid in found)
    assert not any(uid.startswith(f"plan-{plans['dog'].pk}@") for uid in found)


def test_a_stranger_sees_nothing_of_the_promise(client, stranger, plans):
    assert events(feed(client, stranger)) == {}


def test_an_unknown_or_malformed_token_is_404(client, db):
    for token in ["a" * 43, "short", "a" * 42 + "1", "a" * 200]:
        assert client.get(reverse("calendar_feed", args=[token])).status_code == 404


def test_the_settings_page_makes_a_token_and_renewing_ends_the_old_one(client, police_reporter):
    client.force_login(police_reporter)
    page = client.get(reverse("calendar_settings"))
    old = CalendarFeed.objects.get(user=police_reporter).token
    assert old in page.text
    assert client.get(reverse("calendar_settings")).status_code == 200
    assert CalendarFeed.objects.get(user=police_reporter).token == old  # made once
    assert client.post(reverse("calendar_settings")).status_code == 302
    new = CalendarFeed.objects.get(user=police_reporter).token
    assert new != old and len(new) == 43
    client.logout()
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200


def test_an_inactive_persons_feed_is_404(client, police_reporter):
    token = CalendarFeed.objects.create(user=police_reporter).token
    police_reporter.is_active = False
    police_reporter.save()
    assert client.get(reverse("calendar_feed", args=[token])).status_code == 404
