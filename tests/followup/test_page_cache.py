"""Cached follow-up pages: a change is seen on the next request, whatever was cached before.

Every kind of change raises the promise's change stamp (commitments.stamps); every cached page
is keyed on it. The pages are asked for once before the change (so they are cached) and once
after, and must show the change.
"""

import datetime
import io

import pytest
from django.urls import reverse

from commitments import stamps
from commitments.activity_files import import_activities
from commitments.erasure import erase_text
from commitments.models import Activity, ChangeStamp, Organisation
from commitments.services import move_activities
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    PromiseFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2025, 10, 20, 12), tick=False)


@pytest.fixture
def commitment(promise, focus_area):
    return CommitmentFactory(
        promise=promise, focus_area=focus_area, key="hundsok", text="Hundsök i skolan."
    )


@pytest.fixture
def activity(commitment):
    return ActivityFactory(
        commitment=commitment, occurred_on=D(2025, 3, 1), description="Hundsök på skolan."
    )


def stamp(promise):
    return ChangeStamp.objects.get(promise=promise).changes


class TestStampRises:
    """Each change a follow-up page can show raises the stamp of the promise it shows in."""

    def rises(self, promise, change):
        before = stamp(promise)
        change()
        assert stamp(promise) > before

    def test_a_new_promise_has_a_stamp(self, promise):
        assert stamp(promise) == 0

    def test_activity_logged_edited_deleted(self, promise, commitment, activity):
        self.rises(promise, lambda: ActivityFactory(commitment=commitment))
        activity.quantity = 3
        self.rises(promise, activity.save)
        self.rises(promise, activity.delete)

    def test_participants(self, promise, activity):
        self.rises(promise, lambda: activity.participants.add(promise.municipality))
        self.rises(promise, lambda: promise.municipality.participations.remove(activity))

    def test_commitment_and_its_responsible(self, promise, commitment):
        commitment.text = "Hundsök i alla skolor."
        self.rises(promise, commitment.save)
        self.rises(promise, lambda: commitment.responsible.add(promise.municipality))
        self.rises(
            promise, lambda: CommitmentFactory(promise=promise, focus_area=commitment.focus_area)
        )

    def test_focus_area_and_local_problem(self, promise, focus_area):
        focus_area.title = "Narkotika i skolan"
        self.rises(promise, focus_area.save)
        problem = LocalProblemFactory(focus_area=focus_area)
        problem.title = "Nedskräpning"
        self.rises(promise, problem.save)
        self.rises(promise, problem.delete)

    def test_the_promise_and_its_successor(self, promise):
        promise.title = "Nytt namn"
        self.rises(promise, promise.save)
        successor = PromiseFactory(
            replaces=promise, valid_from=D(2026, 1, 1), valid_until=D(2026, 12, 31),
            municipality=promise.municipality, police_area=promise.police_area, published=False,
        )  # fmt: skip
        successor.published = True
        # Publishing the successor ends an open-ended promise: its pages change too.
        self.rises(promise, successor.save)

    def test_a_party_renamed(self, promise):
        organisation = Organisation.objects.get(pk=promise.municipality_id)
        organisation.name = "Älvsby kommun"
        self.rises(promise, organisation.save)

    def test_erasure_and_import_and_move(self, promise, commitment, activity, admin_user):
        self.rises(
            promise, lambda: erase_text(activity.pk, "skolan", reason="Fel", user=admin_user)
        )
        rows = "date,commitment,quantity,organisation,kind,description,place\n"
        rows += f"2025-04-01,hundsok,1,{promise.police_area.name},,Hundsök igen.,\n"
        self.rises(
            promise,
            lambda: import_activities(promise, io.BytesIO(rows.encode()), user=admin_user),
        )
        successor = PromiseFactory(valid_from=D(2026, 1, 1), valid_until=D(2026, 12, 31))
        CommitmentFactory(
            promise=successor, focus_area=FocusAreaFactory(promise=successor), key="hundsok"
        )
        before = stamp(promise), stamp(successor)
        move_activities([Activity.objects.get(pk=activity.pk)], successor)
        assert stamp(promise) > before[0] and stamp(successor) > before[1]

    def test_only_the_promise_concerned(self, promise, commitment):
        other = PromiseFactory()
        before = stamp(other)
        ActivityFactory(commitment=commitment)
        stamps.touch(promise.pk)
        assert stamp(other) == before


@pytest.fixture
def pages(promise):
    """The cached pages of the promise, each read as the reviewer (staff) or anyone (public)."""
    promise.public = True
    promise.save()
    return {
        "dashboard": reverse("dashboard", args=[promise.slug]),
        "promise": reverse("promise_detail", args=[promise.slug]),
        "json": reverse("followup_json", args=[promise.slug]),
    }


def read(client, pages):
    return {name: client.get(url).content.decode() for name, url in pages.items()}


class TestNextRequestShowsTheChange:
    def test_logged_edited_deleted_activity(self, client, reviewer, pages, commitment, activity):
        client.force_login(reviewer)
        before = read(client, pages)
        assert all("1 av 2" in before[name] for name in ["dashboard", "promise"])
        assert '"count": 1' in before["json"]
        second = ActivityFactory(commitment=commitment, occurred_on=D(2025, 4, 1))
        after = read(client, pages)
        assert all("2 av 2" in after[name] for name in ["dashboard", "promise"])
        assert '"count": 2' in after["json"]
        second.quantity = 5
        second.save()
        assert '"count": 6' in read(client, pages)["json"]
        second.delete()
        activity.delete()
        after = read(client, pages)
        assert all("0 av 2" in after[name] for name in ["dashboard", "promise"])
        assert '"count": 0' in after["json"]

    def test_changed_commitment(self, client, reviewer, pages, commitment):
        client.force_login(reviewer)
        assert all("Hundsök i skolan." in page for page in read(client, pages).values())
        commitment.text = "Hundsök i alla skolor."
        commitment.save()
        assert all("Hundsök i alla skolor." in page for page in read(client, pages).values())

    def test_public_page_for_anyone(self, client, pages, commitment, activity):
        assert "Hundsök i skolan." in client.get(pages["promise"]).text
        commitment.text = "Hundsök i alla skolor."
        commitment.save()
        assert "Hundsök i alla skolor." in client.get(pages["promise"]).text

    def test_each_language_its_own_page(self, client, reviewer, pages, commitment):
        client.force_login(reviewer)
        swedish = client.get(pages["dashboard"]).text
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        english = client.get(pages["dashboard"]).text
        assert "Åtaganden" in swedish and "Commitments" in english
        assert "Commitments" not in swedish

    def test_the_date_is_part_of_the_key(self, client, reviewer, pages, commitment, activity):
        client.force_login(reviewer)
        later = client.get(pages["json"]).json()
        earlier = client.get(pages["json"], {"as_of": "2025-02-01"}).json()
        assert (later["as_of"], earlier["as_of"]) == ("2025-10-20", "2025-02-01")

    def test_who_may_log_is_not_cached_for_others(
        self, client, police_reporter, reviewer, pages, commitment
    ):
        client.force_login(police_reporter)
        assert "Registrera aktivitet" in client.get(pages["promise"]).text
        client.force_login(reviewer)
        assert "Registrera aktivitet" not in client.get(pages["promise"]).text


def test_a_cache_that_cannot_be_reached_only_costs_time(client, reviewer, pages, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    client.force_login(reviewer)
    for url in pages.values():
        assert client.get(url).status_code == 200
