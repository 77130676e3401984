"""Erasing a text (personal data) from an activity and its history: the service and commands."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.erasure import PLACEHOLDER, ErasureError, TextNotFound, erase_text
from commitments.models import Activity, Erasure
from tests.commitments.erasure import NAME, PIN, history_texts, leaves_no_trace
from tests.commitments.test_activity_change import edit
from tests.factories import ActivityFactory

D = datetime.date


class TestEraseText:
    def test_every_occurrence_goes_from_the_activity_and_every_history_record(self, named):
        assert named.history.count() == 3
        erasure = erase_text(named.pk, NAME, reason="Namn på en privatperson.")
        named.refresh_from_db()
        assert named.description == f"Samtal med {PLACEHOLDER} och {PLACEHOLDER} om trygghet."
        assert named.place == f"Hos {PLACEHOLDER}"
        assert named.quantity == 2 and named.kind == "samtal"
        assert leaves_no_trace(NAME, named.pk)
        # Recorded as itself, not as a new version of the activity.
        assert named.history.count() == 3
        assert erasure.fields == ["description", "place"]
        assert erasure.activity_id == named.pk and erasure.reason == "Namn på en privatperson."

    def test_a_deleted_activity_keeps_no_trace_in_its_history(self, named, admin_user):
        pk = named.pk
        named.delete()
        assert {r.history_type for r in Activity.history.filter(id=pk)} == {"+", "~", "-"}
        erasure = erase_text(pk, NAME, reason="Namn.", user=admin_user)
        assert leaves_no_trace(NAME, pk)
        assert Erasure.objects.get().erased_by == admin_user
        assert erasure.activity_id == pk

    def test_later_changes_and_the_deletion_bring_nothing_back(
        self, client, promise, named, police_reporter
    ):
        erase_text(named.pk, NAME, reason="Namn.")
        named.refresh_from_db()
        client.force_login(police_reporter)
        assert edit(client, promise, named, quantity="3").status_code == 302
        client.post(reverse("activity_delete", args=[promise.slug, named.pk]))
        assert [r.history_type for r in named.history.order_by("history_id")] == [
            "+", "~", "~", "~", "-",
        ]  # fmt: skip
        assert leaves_no_trace(NAME, named.pk)

    def test_a_personal_identity_number_that_got_in_anyway(self, named):
        # As if stored before the check existed: straight into the table and its history.
        Activity.objects.filter(pk=named.pk).update(description=f"Ring {PIN}.")
        Activity.history.filter(id=named.pk).update(history_change_reason=PIN)
        erasure = erase_text(named.pk, PIN, reason="Personnummer i beskrivningen.")
        assert leaves_no_trace(PIN, named.pk)
        assert erasure.fields == ["description", "history_change_reason"]

    def test_any_case_and_in_the_kind_too(self, named):
        erasure = erase_text(named.pk, "SAMTAL", reason="Fel typ.")
        assert erasure.fields == ["kind", "description"]
        named.refresh_from_db()
        assert named.kind == PLACEHOLDER

    def test_a_full_field_stays_within_its_length(self, named):
        Activity.objects.filter(pk=named.pk).update(place="Ax" * 100)
        erase_text(named.pk, "x", reason="Test.")
        named.refresh_from_db()
        assert len(named.place) == 200 and "x" not in named.place

    @pytest.mark.parametrize(
        ("activity_id", "text", "reason", "message"),
        [
            (None, NAME, "   ", "Ange ett skäl till att texten tas bort."),
            (None, "  ", "Skäl.", "Ange texten som ska tas bort."),
            (9999, NAME, "Skäl.", "Ingen aktivitet 9999."),
            (None, "Olle", "Skäl.", "Texten finns inte i aktivitet {pk} eller dess historik."),
        ],
    )
    def test_refused_and_nothing_changed(self, named, activity_id, text, reason, message):
        before = history_texts(named.pk)
        with pytest.raises(ErasureError) as refused:
            erase_text(activity_id or named.pk, text, reason=reason)
        assert str(refused.value) == message.format(pk=named.pk)
        assert history_texts(named.pk) == before
        assert not Erasure.objects.exists()

    def test_not_found_is_its_own_error(self, named):
        with pytest.raises(TextNotFound):
            erase_text(named.pk, "Olle", reason="Skäl.")


class TestEraseCommand:
    def test_erases_and_says_where(self, named):
        out = StringIO()
        call_command(
            "erase_personal_data", str(named.pk), NAME, "--reason", "Namn på privatperson.",
            stdout=out,
        )  # fmt: skip
        assert out.getvalue().strip() == (
            f"Texten togs bort ur beskrivning och plats i aktivitet {named.pk} och dess historik."
        )
        assert leaves_no_trace(NAME, named.pk)
        erasure = Erasure.objects.get()
        assert (erasure.erased_by, erasure.reason) == (None, "Namn på privatperson.")

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["9999", NAME, "--reason", "Skäl."], "Ingen aktivitet 9999."),
            (["abc", NAME, "--reason", "Skäl."], "Ingen aktivitet abc."),
            (["99999999999999999999", NAME, "--reason", "Skäl."], "Ingen aktivitet 9999"),
            (["{pk}", "Olle", "--reason", "Skäl."], "Texten finns inte i aktivitet {pk}"),
            (["{pk}", NAME], "Ange ett skäl till att texten tas bort."),
            (["{pk}", NAME, "--reason", " "], "Ange ett skäl till att texten tas bort."),
            (["{pk}", "", "--reason", "Skäl."], "Ange texten som ska tas bort."),
        ],
    )
    def test_bad_input_is_one_line_and_changes_nothing(self, named, args, message):
        args = [arg.format(pk=named.pk) for arg in args]
        with pytest.raises(CommandError) as refused:
            call_command("erase_personal_data", *args)
        assert str(refused.value).startswith(message.format(pk=named.pk))
        assert "\n" not in str(refused.value)
        assert not Erasure.objects.exists()
        assert not leaves_no_trace(NAME, named.pk)


class TestActivityPage:
    def test_shows_the_erasure_and_not_the_text(self, client, promise, named, admin_user, today):
        erase_text(named.pk, NAME, reason="Namn på privatperson.", user=admin_user)
        client.force_login(admin_user)
        page = client.get(reverse("activity_detail", args=[promise.slug, named.pk]))
        assert (
            "2025-06-15 admin tog bort text ur beskrivning och plats: Namn på privatperson."
            in page.text
        )
        assert NAME not in page.text and NAME.lower() not in page.text

    def test_a_deleted_activitys_page_shows_it_too(self, client, promise, named, reviewer):
        pk = named.pk
        named.delete()
        call_command("erase_personal_data", str(pk), NAME, "--reason", "Namn.", stdout=StringIO())
        client.force_login(reviewer)
        page = client.get(reverse("activity_detail", args=[promise.slug, pk]))
        assert "Den här aktiviteten har tagits bort." in page.text
        assert "togs text bort ur beskrivning och plats: Namn." in page.text
        assert NAME not in page.text

    def test_admins_are_offered_the_erasure_and_others_not(
        self, client, promise, named, admin_user, reviewer
    ):
        url = reverse("activity_detail", args=[promise.slug, named.pk])
        erase = reverse("admin:commitments_activity_erase", args=[named.pk])
        client.force_login(reviewer)
        assert erase not in client.get(url).text
        client.force_login(admin_user)
        assert erase in client.get(url).text


class TestPurgeDeleted:
    @pytest.fixture
    def activities(self, commitments, promise, time_machine):
        """One activity deleted 40 days before "now", one 10 days before, one never deleted."""
        time_machine.move_to(datetime.datetime(2025, 5, 6, 12), tick=False)

        def logged(description):
            activity = ActivityFactory(
                commitment=commitments["samverkan"], organisation=promise.police_area,
                occurred_on=D(2025, 3, 1), description=description, place="Skolan",
                kind="möte",
            )  # fmt: skip
            activity.description += " Ändrad."
            activity.save()
            return activity

        old = logged("Gammal.")
        old_pk = old.pk
        old.delete()
        time_machine.move_to(datetime.datetime(2025, 6, 5, 12), tick=False)
        recent = logged("Ny.")
        recent_pk = recent.pk
        recent.delete()
        kept = logged("Kvar.")
        time_machine.move_to(datetime.datetime(2025, 6, 15, 12), tick=False)
        return old_pk, recent_pk, kept

    def purge(self, days):
        out = StringIO()
        call_command("purge_deleted", "--older-than", days, stdout=out)
        return out.getvalue().strip()

    def test_texts_of_activities_deleted_longer_ago_go(self, activities):
        old, recent, kept = activities
        assert self.purge("30") == "Texterna i 1 borttagen aktivitet togs bort ur historiken."
        rows = Activity.history.filter(id=old)
        assert rows.count() == 3
        assert {(r.description, r.place, r.kind) for r in rows} == {(PLACEHOLDER,) * 3}
        assert {r.description for r in Activity.history.filter(id=recent)} == {
            "Ny.",
            "Ny. Ändrad.",
        }
        assert kept.history.filter(description="Kvar. Ändrad.").exists()
        erasure = Erasure.objects.get()
        assert erasure.activity_id == old
        assert erasure.fields == ["kind", "description", "place"]
        assert erasure.reason == "Gallring: borttagen för mer än 30 dagar sedan."

    def test_a_second_run_changes_nothing(self, activities):
        self.purge("30")
        assert self.purge("30") == "Texterna i 0 borttagna aktiviteter togs bort ur historiken."
        assert Erasure.objects.count() == 1

    def test_a_shorter_period_takes_both(self, activities):
        self.purge("5")
        assert Erasure.objects.count() == 2

    @pytest.mark.parametrize("days", ["0", "-3", "abc", "1.5", "", "36501", "٣"])
    def test_days_must_be_a_positive_whole_number(self, activities, days):
        with pytest.raises(CommandError) as refused:
            call_command("purge_deleted", "--older-than", days)
        assert str(refused.value).startswith("Ange --older-than som ett helt antal dagar")
        assert not Erasure.objects.exists()

    def test_the_period_must_be_given(self, db):
        with pytest.raises(CommandError, match="Ange --older-than"):
            call_command("purge_deleted")
