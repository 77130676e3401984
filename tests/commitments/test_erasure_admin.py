"""The activity admin's erasure: the action, the page by id (deleted activities too), the list of
deleted activities, and who may use them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from commitments.enums import Role
from commitments.erasure import PLACEHOLDER
from commitments.models import Activity, Erasure
from tests.commitments.erasure import NAME, leaves_no_trace
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

CHANGELIST = "admin:commitments_activity_changelist"
REASON = "Namn på en privatperson."


def local_admin(username, organisation):
    """Staff who coordinates ``organisation``, with the activity admin's permissions."""
    user = UserFactory(username=username, is_staff=True)
    MembershipFactory(user=user, organisation=organisation, role=Role.COORDINATOR)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_activity", "change_activity"])
    )
    return user


@pytest.fixture
def own_admin(promise):
    return local_admin("lokal", promise.municipality)


@pytest.fixture
def other_admin(db):
    return local_admin("boden", OrganisationFactory(name="Bodens kommun", municipality=True))


def action(client, activities, **data):
    return client.post(
        reverse(CHANGELIST),
        {"action": "erase_personal_data", "_selected_action": [a.pk for a in activities], **data},
    )


def apply(client, activities, text=NAME, reason=REASON):
    return action(client, activities, apply="yes", text=text, reason=reason)


class TestAction:
    def test_asks_for_the_text_and_the_reason_first(self, client, admin_user, named):
        client.force_login(admin_user)
        page = action(client, [named])
        assert page.status_code == 200
        assert "Text som ska tas bort" in page.text and "Skäl" in page.text
        assert not Erasure.objects.exists()

    def test_removes_the_text_and_records_who(self, client, admin_user, named):
        client.force_login(admin_user)
        response = apply(client, [named])
        assert response["Location"] == reverse(CHANGELIST)
        assert leaves_no_trace(NAME, named.pk)
        erasure = Erasure.objects.get()
        assert (erasure.activity_id, erasure.erased_by, erasure.reason) == (
            named.pk, admin_user, REASON,
        )  # fmt: skip
        page = client.get(response["Location"])
        assert (
            f"Texten togs bort ur beskrivning och plats i aktivitet {named.pk} och dess historik."
            in page.text
        )

    @pytest.mark.parametrize(
        ("text", "reason", "message"),
        [
            (NAME, "", "Detta fält måste fyllas i."),
            ("", REASON, "Detta fält måste fyllas i."),
            ("Olle", REASON, "Texten finns inte i aktivitet"),
        ],
    )
    def test_bad_input_shows_the_page_again(self, client, admin_user, named, text, reason, message):
        client.force_login(admin_user)
        page = apply(client, [named], text=text, reason=reason)
        assert page.status_code == 200
        assert message in page.text
        assert not Erasure.objects.exists()
        assert not leaves_no_trace(NAME, named.pk)

    def test_several_activities_and_the_text_in_only_one(
        self, client, admin_user, named, police_activity
    ):
        client.force_login(admin_user)
        response = apply(client, [named, police_activity])
        page = client.get(response["Location"])
        assert f"Texten fanns inte i aktivitet {police_activity.pk}." in page.text
        assert list(Erasure.objects.values_list("activity_id", flat=True)) == [named.pk]

    def test_the_local_admin_of_the_promise_may(self, client, own_admin, named):
        client.force_login(own_admin)
        assert apply(client, [named]).status_code == 302
        assert leaves_no_trace(NAME, named.pk)

    def test_a_reporter_may_not(self, client, police_reporter, named):
        client.force_login(police_reporter)
        response = apply(client, [named])
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert not Erasure.objects.exists()

    def test_a_local_admin_of_another_promise_may_not(self, client, other_admin, named):
        client.force_login(other_admin)
        assert apply(client, [named]).status_code == 404
        assert not Erasure.objects.exists()
        assert not leaves_no_trace(NAME, named.pk)


class TestByIdAndDeleted:
    @pytest.fixture
    def deleted(self, named):
        pk = named.pk
        named.delete()
        return pk

    def test_the_deleted_list_leads_to_the_erasure(self, client, admin_user, deleted):
        client.force_login(admin_user)
        changelist = client.get(reverse(CHANGELIST))
        assert reverse("admin:commitments_activity_deleted") in changelist.text
        page = client.get(reverse("admin:commitments_activity_deleted"))
        assert reverse("admin:commitments_activity_erase", args=[deleted]) in page.text
        assert reverse("admin:commitments_activity_history", args=[deleted]) in page.text

    def test_the_history_page_leads_to_it(self, client, admin_user, deleted):
        client.force_login(admin_user)
        page = client.get(reverse("admin:commitments_activity_history", args=[deleted]))
        assert reverse("admin:commitments_activity_erase", args=[deleted]) in page.text

    def test_a_deleted_activity_by_id(self, client, admin_user, deleted, promise):
        client.force_login(admin_user)
        url = reverse("admin:commitments_activity_erase", args=[deleted])
        page = client.get(url)
        assert page.status_code == 200 and "borttagen" in page.text
        response = client.post(url, {"apply": "yes", "text": NAME, "reason": REASON})
        assert response["Location"] == reverse("admin:commitments_activity_history", args=[deleted])
        assert leaves_no_trace(NAME, deleted)
        assert {r.place for r in Activity.history.filter(id=deleted)} == {f"Hos {PLACEHOLDER}"}
        page = client.get(reverse("activity_detail", args=[promise.slug, deleted]))
        assert f"admin tog bort text ur beskrivning och plats: {REASON}" in page.text

    def test_a_live_activity_by_id_from_its_admin_page(self, client, admin_user, named):
        client.force_login(admin_user)
        url = reverse("admin:commitments_activity_erase", args=[named.pk])
        assert url in client.get(reverse("admin:commitments_activity_change", args=[named.pk])).text
        client.post(url, {"apply": "yes", "text": NAME, "reason": REASON})
        assert leaves_no_trace(NAME, named.pk)

    def test_an_id_that_never_was_an_activity(self, client, admin_user, db):
        client.force_login(admin_user)
        url = reverse("admin:commitments_activity_erase", args=[9999])
        assert client.get(url).status_code == 404

    def test_the_deleted_list_shows_a_local_admin_only_their_promises(
        self, client, own_admin, other_admin, deleted
    ):
        url = reverse("admin:commitments_activity_deleted")
        erase = reverse("admin:commitments_activity_erase", args=[deleted])
        client.force_login(own_admin)
        assert erase in client.get(url).text
        client.force_login(other_admin)
        assert erase not in client.get(url).text

    def test_a_local_admin_of_another_promise_may_not(self, client, other_admin, deleted):
        client.force_login(other_admin)
        url = reverse("admin:commitments_activity_erase", args=[deleted])
        assert client.get(url).status_code == 404
        client.post(url, {"apply": "yes", "text": NAME, "reason": REASON})
        assert not leaves_no_trace(NAME, deleted)

    def test_a_reporter_is_sent_to_sign_in(self, client, police_reporter, deleted):
        client.force_login(police_reporter)
        response = client.get(reverse("admin:commitments_activity_erase", args=[deleted]))
        assert response["Location"].startswith(reverse("admin:login"))
