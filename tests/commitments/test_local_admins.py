"""Local admins: the staff tick on a coordinator, what it gives, and what it never gives.

The access matrix (test_access_matrix.py) checks every page for a local admin of the promise's
municipality and one of another; here are the ways in: the tick, people and memberships, files,
drafts and the dashboard's button.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from commitments.enums import Role
from commitments.local_admins import LOCAL_ADMIN_GROUP, LOCAL_ADMIN_PERMISSIONS
from tests.commitments.test_admin import form_data
from tests.factories import (
    FocusAreaFactory,
    MembershipFactory,
    PromiseFactory,
    UserFactory,
)


def member(username, organisation, role=Role.REPORTER, **fields):
    user = UserFactory(username=username, **fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


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
