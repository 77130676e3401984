"""Local admins: the staff tick on a coordinator, what it gives, and what it never gives.

The access matrix (test_access_matrix.py) checks every page for a local admin of the promise's
municipality and one of another; here are the ways in: the tick, people and memberships, files,
drafts and the dashboard's button.
"""

import datetime

import pytest
from django.urls import reverse

from commitments.enums import Role
from tests.factories import FocusAreaFactory, MembershipFactory, PromiseFactory, UserFactory


def member(username, organisation, role=Role.REPORTER, **fields):
    user = UserFactory(username=username, **fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


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
