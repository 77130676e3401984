"""Local admins: the staff tick on a coordinator, what it gives, and what it never gives.

The access matrix (test_access_matrix.py) checks every page for a local admin of the promise's
municipality and one of another; here are the ways in: the tick, people and memberships, files,
drafts and the dashboard's button.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.enums import Role
from commitments.local_admins import LOCAL_ADMIN_GROUP, LOCAL_ADMIN_PERMISSIONS
from commitments.models import Activity, Membership, Promise
from tests.commitments.test_admin import form_data
from tests.commitments.test_promise_files import VALID
from tests.factories import (
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    PromiseFactory,
    UserFactory,
)


def member(username, organisation, role=Role.REPORTER, **fields):
    user = UserFactory(username=username, **fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def colleague(promise):
    """A reporter of the local admin's municipality: someone they manage."""
    return member("kalle", promise.municipality)


def user_form_data(response):
    """form_data of a user's admin page; the date joined, when asked, comes as date and time."""
    data = form_data(response)
    if "date_joined" in data:
        day, time = data.pop("date_joined")[:19].split("T")
        data.update(date_joined_0=day, date_joined_1=time)
    return data


def in_group(user):
    return user.groups.filter(name=LOCAL_ADMIN_GROUP).exists()


class TestTheStaffTick:
    def test_the_group_holds_what_a_local_admin_needs(self, db):
        group = Group.objects.get(name=LOCAL_ADMIN_GROUP)
        held = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
        wanted = {(app, c) for app, codenames in LOCAL_ADMIN_PERMISSIONS.items() for c in codenames}
        assert held == wanted

    def test_a_coordinator_ticked_as_staff_administers_their_promise(
        self, client, coordinator, promise
    ):
        coordinator.is_staff = True
        coordinator.save()
        client.force_login(coordinator)
        response = client.get(reverse("admin:commitments_promise_changelist"))
        assert response.status_code == 200
        assert promise.title in response.text
        url = reverse("admin:commitments_promise_change", args=[promise.pk])
        data = form_data(client.get(url))
        data["title"] = "Trygghetslöfte Älvsbyn"
        assert client.post(url, data).status_code == 302
        promise.refresh_from_db()
        assert promise.title == "Trygghetslöfte Älvsbyn"

    def test_untick_and_the_admin_is_gone(self, client, local_admin, promise):
        local_admin.is_staff = False
        local_admin.save()
        assert not in_group(local_admin)
        client.force_login(local_admin)
        response = client.get(reverse("admin:commitments_promise_change", args=[promise.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert "/admin/" not in client.get(reverse("home")).text

    def test_ticking_staff_in_the_admin_gives_the_group_whatever_the_groups_field_says(
        self, client, admin_user, coordinator
    ):
        client.force_login(admin_user)
        url = reverse("admin:auth_user_change", args=[coordinator.pk])
        data = user_form_data(client.get(url))
        data["is_staff"] = "on"
        data.pop("groups", None)
        assert client.post(url, data).status_code == 302
        coordinator.refresh_from_db()
        assert coordinator.is_staff
        assert in_group(coordinator)
        assert coordinator.has_perm("commitments.change_promise")

    def test_the_header_links_to_the_admin_for_admins_only(
        self, client, local_admin, coordinator, promise
    ):
        admin_link = f'href="{reverse("admin:index")}"'
        client.force_login(local_admin)
        assert admin_link in client.get(reverse("home")).text
        client.force_login(coordinator)
        assert admin_link not in client.get(reverse("home")).text


class TestNoEscalation:
    def test_a_local_admin_cannot_open_or_change_their_own_user(self, client, local_admin):
        client.force_login(local_admin)
        url = reverse("admin:auth_user_change", args=[local_admin.pk])
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"username": "admin-alvsbyn", "is_superuser": "on"}).status_code == 404
        )
        local_admin.refresh_from_db()
        assert not local_admin.is_superuser

    def test_permission_fields_of_a_colleague_are_not_theirs_to_set(
        self, client, local_admin, colleague
    ):
        client.force_login(local_admin)
        url = reverse("admin:auth_user_change", args=[colleague.pk])
        page = client.get(url)
        for field in ["is_staff", "is_superuser", "groups", "user_permissions"]:
            assert field not in page.context["adminform"].form.fields
        data = user_form_data(page)
        data.update(
            first_name="Kalle",
            is_staff="on",
            is_superuser="on",
            groups=[Group.objects.get(name=LOCAL_ADMIN_GROUP).pk],
            user_permissions=[Permission.objects.get(codename="add_organisation").pk],
        )
        assert client.post(url, data).status_code == 302
        colleague.refresh_from_db()
        assert colleague.first_name == "Kalle"
        assert not (colleague.is_staff or colleague.is_superuser)
        assert not colleague.groups.exists()
        assert not colleague.user_permissions.exists()

    def test_other_admins_are_not_theirs_to_change(self, client, local_admin, promise, admin_user):
        other = member("admin2", promise.municipality, Role.COORDINATOR, is_staff=True)
        MembershipFactory(user=admin_user, organisation=promise.municipality)
        client.force_login(local_admin)
        for user in [other, admin_user]:
            url = reverse("admin:auth_user_password_change", args=[user.pk])
            assert client.get(url).status_code == 404

    def test_memberships_are_changed_only_in_organisations_they_coordinate(
        self, client, local_admin, promise, police_reporter
    ):
        client.force_login(local_admin)
        police = promise.police_area
        url = reverse("admin:commitments_organisation_change", args=[police.pk])
        page = client.get(url)
        assert page.status_code == 200  # a party of their promise: seen, not changed
        assert client.post(url, {"name": "Kapad"}).status_code == 403
        police.refresh_from_db()
        assert police.name == "Lokalpolisområde Piteå älvdal"
        own = client.get(
            reverse("admin:commitments_organisation_change", args=[promise.municipality.pk])
        )
        assert "name" not in own.context["adminform"].form.fields  # no renaming either


def user_add_data(organisation, role=Role.REPORTER):
    data = {
        "username": "nykomling",
        "usable_password": "true",
        "password1": "ett-långt-lösenord-2025",
        "password2": "ett-långt-lösenord-2025",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-organisation": organisation.pk if organisation else "",
        "memberships-0-role": role,
    }
    return data


class TestANewColleague:
    def test_a_local_admin_adds_a_colleague_who_then_logs(
        self, client, local_admin, promise, focus_area
    ):
        client.force_login(local_admin)
        response = client.post(reverse("admin:auth_user_add"), user_add_data(promise.municipality))
        assert response.status_code == 302
        user = Membership.objects.get(user__username="nykomling", role=Role.REPORTER).user
        assert response["Location"] == reverse("admin:auth_user_change", args=[user.pk])
        assert client.get(response["Location"]).status_code == 200
        client.force_login(user)
        assert client.get(reverse("activity_create", args=[promise.slug])).status_code == 200

    def test_a_new_user_must_join_one_of_their_organisations(
        self, client, local_admin, promise, foreign_admin
    ):
        client.force_login(local_admin)
        for organisation in [None, foreign_admin.memberships.get().organisation]:
            response = client.post(reverse("admin:auth_user_add"), user_add_data(organisation))
            assert response.status_code == 200
        assert not Membership.objects.filter(user__username="nykomling").exists()

    def test_the_organisation_to_join_is_one_they_coordinate(self, client, local_admin, promise):
        client.force_login(local_admin)
        page = client.get(reverse("admin:auth_user_add"))
        choices = page.context["inline_admin_formsets"][0].formset.forms[0].fields["organisation"]
        assert list(choices.queryset) == [promise.municipality]


def upload(client, text, **data):
    return client.post(
        reverse("admin:commitments_promise_import"),
        {"file": SimpleUploadedFile("lofte.yaml", text.encode()), **data},
    )


ALVSBYN_FILE = VALID.replace("Testby kommun", "Älvsbyns kommun").replace(
    "Lokalpolisområde Test", "Lokalpolisområde Piteå älvdal"
)


class TestFiles:
    def test_a_file_naming_none_of_their_organisations_is_refused(self, client, foreign_admin):
        client.force_login(foreign_admin)
        response = upload(client, ALVSBYN_FILE)
        assert response.status_code == 200
        assert "nämner ingen av de organisationer du samordnar (Arvidsjaurs kommun)" in (
            response.text
        )
        assert not Promise.objects.filter(slug="test-2024").exists()

    def test_a_file_naming_their_municipality_is_imported(self, client, local_admin, promise):
        client.force_login(local_admin)
        response = upload(client, ALVSBYN_FILE)
        assert response.status_code == 302
        imported = Promise.objects.get(slug="test-2024")
        assert imported.municipality == promise.municipality

    def test_another_municipalitys_promise_is_not_replaced(
        self, client, foreign_admin, local_admin, promise
    ):
        client.force_login(local_admin)
        upload(client, ALVSBYN_FILE)
        client.force_login(foreign_admin)
        hijack = ALVSBYN_FILE.replace("Älvsbyns kommun", "Arvidsjaurs kommun")
        response = upload(client, hijack, replace="on")
        assert "test-2024 finns redan och är inte ert" in response.text
        assert Promise.objects.get(slug="test-2024").municipality == promise.municipality

    def test_another_municipalitys_promise_is_not_succeeded(self, client, foreign_admin, promise):
        client.force_login(foreign_admin)
        successor = VALID.replace("Testby kommun", "Arvidsjaurs kommun").replace(
            "published: true", f"published: true\nreplaces: {promise.slug}"
        )
        response = upload(client, successor)
        assert f"inget löfte {promise.slug} att ersätta" in response.text
        assert not Promise.objects.filter(replaces=promise).exists()

    def test_activities_are_imported_only_into_their_promises(
        self, client, foreign_admin, promise, focus_area
    ):
        client.force_login(foreign_admin)
        csv = "date,commitment,organisation,description\n2024-03-20,hundsok,police,Hundsök.\n"
        response = client.post(
            reverse("admin:commitments_activity_import"),
            {"promise": promise.pk, "file": SimpleUploadedFile("a.csv", csv.encode())},
        )
        assert response.status_code == 200
        assert "promise" in response.context["form"].errors
        assert not Activity.objects.exists()

    def test_a_promise_they_make_names_an_organisation_they_coordinate(
        self, client, local_admin, promise
    ):
        # Boden is known to them as a party of a promise that Älvsbyn is a party to.
        boden = OrganisationFactory(name="Bodens kommun", municipality=True)
        shared = PromiseFactory(municipality=boden, police_area=promise.police_area)
        shared.other_parties.add(promise.municipality)
        client.force_login(local_admin)
        url = reverse("admin:commitments_promise_change", args=[promise.pk])
        data = form_data(client.get(url))
        data["municipality"] = boden.pk
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Ange en organisation som du samordnar" in response.text
        promise.refresh_from_db()
        assert promise.municipality.name == "Älvsbyns kommun"


class TestOutsideTheAdmin:
    @pytest.fixture
    def draft(self, promise):
        draft = PromiseFactory(
            slug="utkast",
            draft=True,
            municipality=promise.municipality,
            police_area=promise.police_area,
            title="Utkast till nytt löfte",
        )
        FocusAreaFactory(promise=draft)
        return draft

    @pytest.fixture
    def staff_reviewer(self, promise):
        """Staff, but coordinating nothing: administers nothing."""
        return member("granskare", promise.municipality, Role.REVIEWER, is_staff=True)

    @pytest.mark.parametrize(
        "name", ["dashboard", "report", "followup_json", "promise_detail", "activity_list"]
    )
    def test_a_draft_is_its_admins_only(
        self, client, draft, local_admin, foreign_admin, staff_reviewer, coordinator, name
    ):
        url = reverse(name, args=[draft.slug])
        client.force_login(local_admin)
        assert client.get(url).status_code == 200
        for user in [foreign_admin, staff_reviewer, coordinator]:
            client.force_login(user)
            assert client.get(url).status_code == 404

    def test_the_home_page_lists_the_drafts_they_administer(
        self, client, draft, local_admin, foreign_admin, staff_reviewer
    ):
        client.force_login(local_admin)
        assert draft.title in client.get(reverse("home")).text
        for user in [foreign_admin, staff_reviewer]:
            client.force_login(user)
            assert draft.title not in client.get(reverse("home")).text

    def test_staff_who_administer_nothing_log_only_for_their_organisation(
        self, client, promise, focus_area
    ):
        reporter = member("polis-staff", promise.police_area, is_staff=True)
        client.force_login(reporter)
        form = client.get(reverse("activity_create", args=[promise.slug])).context["form"]
        assert list(form.fields["organisation"].queryset) == [promise.police_area]
        assert form.fields["organisation"].disabled

    def test_the_start_next_button_is_for_the_promises_admins(
        self, client, promise, local_admin, staff_reviewer, time_machine
    ):
        time_machine.move_to(datetime.datetime(2026, 3, 1, 12), tick=False)
        promise.until_superseded = True
        promise.save()
        url = reverse("dashboard", args=[promise.slug])
        button = reverse("start_next_promise", args=[promise.slug])
        client.force_login(local_admin)
        assert button in client.get(url).text
        client.force_login(staff_reviewer)
        page = client.get(url)
        assert page.status_code == 200
        assert button not in page.text
