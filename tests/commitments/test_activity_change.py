"""Changing and deleting activities, and the history that keeps both."""

import datetime

from django.urls import reverse

from commitments.models import Activity

D = datetime.date


def edit(client, promise, activity, **changes):
    data = {
        "commitment": activity.commitment_id,
        "occurred_on": activity.occurred_on.isoformat(),
        "quantity": activity.quantity,
        "description": activity.description,
        "place": activity.place,
        # As the form was opened: at the version saved now.
        "opened_version": Activity.objects.get(pk=activity.pk).version,
    }
    data.update(changes)
    return client.post(reverse("activity_edit", args=[promise.slug, activity.pk]), data)


class TestEdit:
    def test_reporter_changes_their_own_activity(
        self, client, promise, police_activity, police_reporter
    ):
        client.force_login(police_reporter)
        response = edit(client, promise, police_activity, quantity="3", description="Två möten.")
        assert response["Location"] == reverse(
            "activity_detail", args=[promise.slug, police_activity.pk]
        )
        police_activity.refresh_from_db()
        assert (police_activity.quantity, police_activity.description) == (3, "Två möten.")
        assert police_activity.reported_by == police_reporter  # the reporter stays who logged it

    def test_coordinator_changes_any_of_the_organisations(
        self, client, promise, municipal_activity, coordinator
    ):
        client.force_login(coordinator)
        edit(client, promise, municipal_activity, quantity="2")
        municipal_activity.refresh_from_db()
        assert municipal_activity.quantity == 2

    def test_validation_applies_to_changes(self, client, promise, police_activity, police_reporter):
        client.force_login(police_reporter)
        response = edit(client, promise, police_activity, occurred_on="2025-06-16")
        assert response.context["form"].errors["occurred_on"] == [
            "Datumet kan inte vara i framtiden."
        ]
        police_activity.refresh_from_db()
        assert police_activity.occurred_on == D(2025, 3, 1)

    def test_another_reporter_of_the_same_organisation_may_not(
        self, client, promise, police_activity
    ):
        from commitments.enums import Role
        from tests.factories import MembershipFactory, UserFactory

        colleague = UserFactory(username="kollega")
        MembershipFactory(user=colleague, organisation=promise.police_area, role=Role.REPORTER)
        client.force_login(colleague)
        assert edit(client, promise, police_activity, quantity="9").status_code == 403
        police_activity.refresh_from_db()
        assert police_activity.quantity == 1


class TestHistory:
    def test_change_is_recorded_with_who_when_and_what_before(
        self, client, promise, police_activity, police_reporter
    ):
        client.force_login(police_reporter)
        edit(client, promise, police_activity, quantity="3", description="Två möten.")
        # Time stands still in these tests: order the records by id, not by date.
        created, changed = police_activity.history.order_by("history_id")
        assert (changed.history_type, changed.history_user) == ("~", police_reporter)
        assert (created.quantity, changed.quantity) == (1, 3)

        page = client.get(reverse("activity_detail", args=[promise.slug, police_activity.pk]))
        assert "Ändrad" in page.text
        assert "Antal: 1 → 3" in page.text
        assert "Beskrivning: Möte med kvinnojouren. → Två möten." in page.text
        assert "av polis" in page.text

    def test_participants_change_is_shown_by_name(
        self, client, promise, police_activity, police_reporter
    ):
        client.force_login(police_reporter)
        edit(client, promise, police_activity, participants=[promise.municipality.pk])
        page = client.get(reverse("activity_detail", args=[promise.slug, police_activity.pk]))
        assert "Deltagande organisationer: – → Älvsbyns kommun" in page.text


class TestDelete:
    def test_delete_asks_first(self, client, promise, police_activity, police_reporter):
        client.force_login(police_reporter)
        page = client.get(reverse("activity_delete", args=[promise.slug, police_activity.pk]))
        assert "Ta bort aktiviteten den 2025-03-01" in page.text
        assert Activity.objects.filter(pk=police_activity.pk).exists()

    def test_delete_keeps_the_history_and_the_page_shows_it(
        self, client, promise, police_activity, police_reporter, reviewer
    ):
        client.force_login(police_reporter)
        url = reverse("activity_delete", args=[promise.slug, police_activity.pk])
        response = client.post(url)
        assert response["Location"] == reverse("activity_list", args=[promise.slug])
        assert not Activity.objects.filter(pk=police_activity.pk).exists()
        record = Activity.history.filter(id=police_activity.pk).order_by("history_id").last()
        assert (record.history_type, record.history_user) == ("-", police_reporter)

        client.force_login(reviewer)
        page = client.get(reverse("activity_detail", args=[promise.slug, police_activity.pk]))
        assert page.status_code == 200
        assert "Den här aktiviteten har tagits bort." in page.text
        assert "Borttagen" in page.text and "av polis" in page.text
        assert "Möte med kvinnojouren." in page.text
        assert reverse("activity_edit", args=[promise.slug, police_activity.pk]) not in page.text

    def test_deleted_activity_of_another_promise_is_not_found(
        self, client, police_activity, admin_user
    ):
        from tests.factories import PromiseFactory

        other = PromiseFactory(slug="annat")
        pk = police_activity.pk
        police_activity.delete()
        client.force_login(admin_user)
        assert client.get(reverse("activity_detail", args=[other.slug, pk])).status_code == 404

    def test_never_existing_activity_is_not_found(self, client, promise, reviewer, commitments):
        client.force_login(reviewer)
        assert client.get(reverse("activity_detail", args=[promise.slug, 9999])).status_code == 404

    def test_delete_is_post_only_in_effect(self, client, promise, police_activity, police_reporter):
        client.force_login(police_reporter)
        client.get(reverse("activity_delete", args=[promise.slug, police_activity.pk]))
        client.put(reverse("activity_delete", args=[promise.slug, police_activity.pk]))
        assert Activity.objects.filter(pk=police_activity.pk).exists()
