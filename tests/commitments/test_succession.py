"""Succession without losing work: publishing a successor, the old promise's later activities,
and starting the next promise (once) from the dashboard and the admin."""

import datetime
import re
import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.enums import Role
from commitments.models import Activity, Promise
from commitments.services import start_next_promise
from followup.loading import followup_for
from tests.commitments.test_admin import form_data
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

D = datetime.date
TODAY = datetime.datetime(2026, 11, 27, 12, 0)
NOT_COUNTED = "Räknas inte: utanför löftets giltighetstid"


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


@pytest.fixture
def old(promise, focus_area, today):
    """The personas' promise, 2024–2025 "or until a new promise is given", still logged in
    during 2026: one activity in 2025, two in 2026 (one on a commitment the successor drops)."""
    promise.until_superseded = True
    promise.save()
    hundsok = CommitmentFactory(focus_area=focus_area, key="hundsok", text="Hundsök i skolan.")
    gammal = CommitmentFactory(focus_area=focus_area, key="gammal", text="Det som utgår.")
    ActivityFactory(commitment=hundsok, occurred_on=D(2025, 5, 1), description="Hundsök 2025.")
    ActivityFactory(commitment=hundsok, occurred_on=D(2026, 4, 1), description="Hundsök april.")
    ActivityFactory(commitment=gammal, occurred_on=D(2026, 5, 1), description="Utgånget maj.")
    return promise


@pytest.fixture
def draft(old):
    """The next promise, a draft from 2026-03-01, without the commitment "gammal"."""
    draft = start_next_promise(
        old, title="Medborgarlöfte 2026", valid_from=D(2026, 3, 1), valid_until=D(2028, 2, 29)
    )
    draft.commitments.filter(key="gammal").delete()
    return draft


def activity(description):
    return Activity.objects.select_related("commitment__promise").get(description=description)


def counted_in_2026(promise, key):
    result = next(r for r in followup_for(promise, TODAY.date()).commitments if r.key == key)
    return next(p.count for p in result.periods if p.start.year == 2026)


# ---------------------------------------------------------------------------------------------
# Publishing a successor in the admin


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def publish(admin_client, draft):
    """POST the draft's change page with "published" ticked; ``answer`` answers the question."""
    url = reverse("admin:commitments_promise_change", args=[draft.pk])
    data = form_data(admin_client.get(url))
    data["published"] = "on"

    def publish(answer=None):
        extra = {"_displaced_activities": answer} if answer else {}
        return admin_client.post(url, {**data, **extra})

    return publish


class TestPublishingInTheAdmin:
    def test_asks_first_listing_what_would_no_longer_count(self, publish, draft, old):
        response = publish()
        assert response.status_code == 200
        assert response.templates[0].name == "admin/commitments/promise/confirm_displaced.html"
        text = response.text
        assert "slutar det gamla löftet 2026-02-28" in text
        assert "2026-04-01" in text and "2026-05-01" in text and "2025-05-01" not in text
        assert "Nej: det nya löftet har inget åtagande gammal" in text
        assert "1 aktivitet kan inte flyttas" in text
        assert "Flytta dem till det nya löftets åtagande med samma nyckel" in text
        assert "Behåll dem i det gamla löftet, där de inte räknas" in text
        assert "Avbryt: tillbaka till löftet" in text
        draft.refresh_from_db()
        assert not draft.published  # nothing saved until answered
        assert old.effective_end() is None

    def test_move_takes_them_to_the_successor_where_they_count(self, publish, draft, old):
        response = publish("move")
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.published
        moved = activity("Hundsök april.")
        assert moved.commitment.promise == draft
        assert moved.commitment.key == "hundsok"
        assert counted_in_2026(draft, "hundsok") == 1
        # The one without a counterpart stays, and the earlier one was never touched.
        assert activity("Utgånget maj.").commitment.promise == old
        assert activity("Hundsök 2025.").commitment.promise == old
        messages = [str(m) for m in response.wsgi_request._messages]
        assert (
            f"Flyttade 1 aktivitet från lofte till {draft.slug}. 1 kunde inte flyttas "
            f"({draft.slug} har inget åtagande gammal): den ligger kvar i lofte, där den inte "
            "räknas." in messages
        )

    def test_the_moved_activity_s_history_shows_the_move(self, publish, admin_client, draft):
        publish("move")
        moved = activity("Hundsök april.")
        response = admin_client.get(reverse("activity_detail", args=[draft.slug, moved.pk]))
        text = response.text
        assert "Flyttad till ett annat löfte" in text
        assert f"Löfte: {draft.replaces.title} (lofte) → Medborgarlöfte 2026 ({draft.slug})" in text
        assert "Registrerad" in text  # its history from the old promise is kept
        assert NOT_COUNTED not in text
        # The old promise no longer has it.
        old_url = reverse("activity_detail", args=["lofte", moved.pk])
        assert admin_client.get(old_url).status_code == 404

    def test_keep_leaves_them_marked_as_not_counting(
        self, publish, client, draft, old, police_reporter
    ):
        response = publish("keep")
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.published
        kept = activity("Hundsök april.")
        assert kept.commitment.promise == old
        assert counted_in_2026(old, "hundsok") == 0
        messages = [str(m) for m in response.wsgi_request._messages]
        assert (
            "2 aktiviteter i lofte ligger kvar där och räknas inte: de är efter 2026-02-28, "
            "löftets sista giltighetsdag." in messages
        )

        client.force_login(police_reporter)
        listing = client.get(reverse("activity_list", args=["lofte"])).text
        assert listing.count(NOT_COUNTED) == 2
        assert "2 aktiviteter i löftet räknas inte" in listing
        assert "(2024-01-01 – 2026-02-28)" in listing
        page = client.get(reverse("activity_detail", args=["lofte", kept.pk])).text
        assert f"{NOT_COUNTED} (2024-01-01 – 2026-02-28)." in page
        counted = activity("Hundsök 2025.")
        page = client.get(reverse("activity_detail", args=["lofte", counted.pk])).text
        assert NOT_COUNTED not in page
        commitment = client.get(reverse("commitment_detail", args=["lofte", "hundsok"])).text
        assert "Aktiviteter som inte räknas" in commitment
        uncounted = commitment.split("Aktiviteter som inte räknas")[1]
        assert "Hundsök april." in uncounted and NOT_COUNTED in uncounted
        assert "Hundsök 2025." not in uncounted

    def test_kept_ones_are_marked_on_the_dashboard_and_in_the_report(
        self, publish, client, reviewer
    ):
        publish("keep")
        client.force_login(reviewer)
        dashboard = client.get(reverse("dashboard", args=["lofte"])).text
        recent = dashboard.split('id="recent-heading"')[1]
        assert recent.count(NOT_COUNTED) == 2
        report = client.get(reverse("report", args=["lofte"]), {"from": "2025-01-01"}).text
        lines = re.findall(r"<li><span class=\"activity-date\">.*?</li>", report, re.S)
        marked = {line.split("</span>")[0][-10:]: NOT_COUNTED in line for line in lines}
        assert marked == {"2025-05-01": False, "2026-04-01": True, "2026-05-01": True}

    def test_an_unknown_answer_asks_again(self, publish, draft):
        response = publish("throw-away")
        assert response.status_code == 200
        draft.refresh_from_db()
        assert not draft.published

    def test_nothing_to_ask_when_no_activity_falls_outside(self, publish, draft):
        Activity.objects.filter(occurred_on__year=2026).delete()
        assert publish().status_code == 302
        draft.refresh_from_db()
        assert draft.published

    def test_moving_a_published_successor_s_start_earlier_asks_too(self, admin_client, draft, old):
        draft.valid_from = D(2026, 6, 1)
        draft.published = True
        draft.save()
        url = reverse("admin:commitments_promise_change", args=[draft.pk])
        data = form_data(admin_client.get(url))
        data["valid_from"] = "2026-04-15"
        response = admin_client.post(url, data)
        assert response.templates[0].name == "admin/commitments/promise/confirm_displaced.html"
        # Only the one that counted until now and would not: May was already outside.
        assert "2026-05-01" in response.text and "2026-04-01" not in response.text


# ---------------------------------------------------------------------------------------------
# Publishing a successor by import

SUCCESSOR = textwrap.dedent(
    """\
    format: 1
    slug: lofte-2026
    title: Medborgarlöfte 2026
    municipality: Älvsbyns kommun
    police_area: Lokalpolisområde Piteå älvdal
    valid_from: 2026-03-01
    valid_until: 2028-02-29
    replaces: lofte
    published: {published}
    focus_areas:
      - title: Narkotika
        commitments:
          - key: hundsok
            responsible: [police]
            text: Hundsök i skolan.
            quota: {{target: 2, per: year}}
    """
)


@pytest.fixture
def successor_file(tmp_path):
    def write(published=True):
        path = tmp_path / "lofte-2026.yaml"
        path.write_text(SUCCESSOR.format(published=str(published).lower()), encoding="utf-8")
        return str(path)

    return write


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_promise", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


class TestImportCommand:
    def test_refuses_in_one_line_naming_how_many(self, old, successor_file):
        with pytest.raises(CommandError) as refused:
            run(successor_file())
        assert str(refused.value) == (
            "Att publicera löftet skulle lägga 2 aktiviteter i lofte utanför dess giltighetstid "
            "(efter 2026-02-28); inget importerades. Importera igen med --move-activities eller "
            "--keep-activities."
        )
        assert not Promise.objects.filter(slug="lofte-2026").exists()

    def test_move_activities(self, old, successor_file):
        out = run(successor_file(), "--move-activities")
        assert "Flyttade 1 aktivitet från lofte till lofte-2026." in out
        assert "1 kunde inte flyttas (lofte-2026 har inget åtagande gammal)" in out
        new = Promise.objects.get(slug="lofte-2026")
        assert activity("Hundsök april.").commitment.promise == new
        assert activity("Utgånget maj.").commitment.promise == old
        assert counted_in_2026(new, "hundsok") == 1

    def test_keep_activities(self, old, successor_file):
        out = run(successor_file(), "--keep-activities")
        assert "2 aktiviteter i lofte ligger kvar där och räknas inte" in out
        assert activity("Hundsök april.").commitment.promise == old
        assert old.effective_end() == D(2026, 2, 28)

    def test_publishing_a_draft_with_replace_is_asked_too(self, old, successor_file):
        run(successor_file(published=False))  # a draft ends nothing
        with pytest.raises(CommandError, match="2 aktiviteter i lofte"):
            run(successor_file(), "--replace")
        assert not Promise.objects.get(slug="lofte-2026").published
        out = run(successor_file(), "--replace", "--move-activities")
        assert "Flyttade 1 aktivitet" in out
        assert activity("Hundsök april.").commitment.promise.slug == "lofte-2026"

    def test_a_promise_with_a_fixed_end_is_not_asked(self, old, successor_file):
        old.until_superseded = False
        old.save()
        run(successor_file())
        assert activity("Hundsök april.").commitment.promise == old

    def test_the_admin_import_asks_the_same(self, admin_client, old):
        from django.core.files.uploadedfile import SimpleUploadedFile

        def upload(**extra):
            data = SUCCESSOR.format(published="true").encode()
            return admin_client.post(
                reverse("admin:commitments_promise_import"),
                {"file": SimpleUploadedFile("lofte-2026.yaml", data), **extra},
            )

        response = upload()
        assert "att publicera det skulle lägga 2 aktiviteter i lofte" in response.text
        assert upload(activities="move").status_code == 302
        assert activity("Hundsök april.").commitment.promise.slug == "lofte-2026"


# ---------------------------------------------------------------------------------------------
# Starting the next promise


def local_admin(username, organisation):
    user = UserFactory(username=username, is_staff=True)
    MembershipFactory(user=user, organisation=organisation, role=Role.COORDINATOR)
    return user


@pytest.fixture
def start_url(promise):
    return reverse("start_next_promise", args=[promise.slug])


@pytest.fixture
def admin_start_url(promise):
    return reverse("admin:commitments_promise_start_next", args=[promise.pk])


class TestStartNextForm:
    def test_offers_the_day_after_the_end_while_that_is_ahead(
        self, client, admin_user, old, start_url, time_machine
    ):
        time_machine.move_to(datetime.datetime(2025, 10, 20, 12), tick=False)
        client.force_login(admin_user)
        form = client.get(start_url).context["page"].form
        assert form.initial == {
            "title": old.title,
            "valid_from": D(2026, 1, 1),
            "valid_until": D(2027, 12, 31),
        }

    def test_offers_today_once_the_end_has_passed(self, client, admin_user, old, start_url):
        client.force_login(admin_user)
        response = client.get(start_url)
        assert 'value="2026-11-27"' in response.text
        assert 'value="2028-11-26"' in response.text
        assert f'value="{old.title}"' in response.text

    def test_creates_the_draft_it_is_told(self, client, admin_user, old, start_url):
        client.force_login(admin_user)
        response = client.post(
            start_url,
            {
                "title": "Medborgarlöfte 2027",
                "valid_from": "2027-01-01",
                "valid_until": "2028-12-31",
            },
        )
        draft = Promise.objects.get(replaces=old)
        assert response["Location"] == reverse("admin:commitments_promise_change", args=[draft.pk])
        assert (draft.title, draft.valid_from, draft.valid_until) == (
            "Medborgarlöfte 2027", D(2027, 1, 1), D(2028, 12, 31),
        )  # fmt: skip
        assert not draft.published and draft.commitments.count() == 2

    @pytest.mark.parametrize(
        "start, end, error",
        [
            (
                "2023-06-01",
                "2024-06-01",
                "En efterträdare måste börja efter det löfte den ersätter.",
            ),
            ("2027-06-01", "2027-01-01", "Slutdatumet kan inte vara före startdatumet."),
            ("2027-02-30", "2028-01-01", "gäller från måste vara ett datum skrivet ÅÅÅÅ-MM-DD"),
        ],
    )
    def test_dates_are_checked(self, client, admin_user, old, start_url, start, end, error):
        client.force_login(admin_user)
        response = client.post(
            start_url, {"title": "Nytt", "valid_from": start, "valid_until": end}
        )
        assert response.status_code == 200
        assert error in response.text
        assert not Promise.objects.filter(replaces=old).exists()

    def test_a_second_draft_is_refused_with_a_link_to_the_first(
        self, client, admin_user, draft, old, start_url
    ):
        client.force_login(admin_user)
        link = reverse("admin:commitments_promise_change", args=[draft.pk])
        response = client.get(start_url)
        assert "Det finns redan ett utkast som ersätter löftet:" in response.text
        assert link in response.text
        assert '<form method="post" novalidate class="start-next-form">' not in response.text
        data = {"title": "Igen", "valid_from": "2026-12-01", "valid_until": "2027-12-01"}
        response = client.post(start_url, data)
        assert response.status_code == 409
        assert link in response.text
        assert old.successors.count() == 1

    def test_the_dashboard_links_to_the_draft_instead_of_offering_another(
        self, client, admin_user, draft, old, start_url
    ):
        client.force_login(admin_user)
        text = client.get(reverse("dashboard", args=[old.slug])).text
        assert start_url not in text
        assert reverse("admin:commitments_promise_change", args=[draft.pk]) in text

    def test_the_dashboard_offers_it_to_admins_of_an_extended_promise(
        self, client, admin_user, old, start_url
    ):
        client.force_login(admin_user)
        assert f'href="{start_url}"' in client.get(reverse("dashboard", args=[old.slug])).text


class TestStartNextInTheAdmin:
    def test_the_action_opens_the_form(self, admin_client, old, admin_start_url):
        response = admin_client.post(
            reverse("admin:commitments_promise_changelist"),
            {"action": "start_next", "_selected_action": [old.pk]},
        )
        assert response["Location"] == admin_start_url
        form = admin_client.get(admin_start_url).context["page"].form
        assert (form.initial["valid_from"], form.initial["valid_until"]) == (
            D(2026, 11, 27),
            D(2028, 11, 26),
        )

    def test_the_form_creates_the_draft(self, admin_client, old, admin_start_url):
        response = admin_client.post(
            admin_start_url,
            {
                "title": "Medborgarlöfte 2027",
                "valid_from": "2027-01-01",
                "valid_until": "2028-12-31",
            },
            follow=True,
        )
        draft = Promise.objects.get(replaces=old)
        assert response.redirect_chain[-1][0] == reverse(
            "admin:commitments_promise_change", args=[draft.pk]
        )
        assert "2027-01-01 till 2028-12-31" in response.text

    def test_the_action_refuses_a_second_draft_with_a_link(self, admin_client, draft, old):
        response = admin_client.post(
            reverse("admin:commitments_promise_changelist"),
            {"action": "start_next", "_selected_action": [old.pk]},
            follow=True,
        )
        assert "Det finns redan ett utkast som ersätter löftet:" in response.text
        link = reverse("admin:commitments_promise_change", args=[draft.pk])
        assert f'<a href="{link}">{draft.slug}</a>' in response.text
        assert old.successors.count() == 1

    def test_the_form_refuses_a_second_draft_too(self, admin_client, draft, admin_start_url):
        response = admin_client.get(admin_start_url)
        assert reverse("admin:commitments_promise_change", args=[draft.pk]) in response.text
        assert "Skapa utkastet" not in response.text

    def test_one_promise_at_a_time(self, admin_client, old, promise):
        other = start_next_promise(
            old, title="Annat", valid_from=D(2026, 1, 1), valid_until=D(2026, 12, 31)
        )
        response = admin_client.post(
            reverse("admin:commitments_promise_changelist"),
            {"action": "start_next", "_selected_action": [old.pk, other.pk]},
            follow=True,
        )
        assert "Välj ett löfte att starta nästa löfte från." in response.text


@pytest.mark.parametrize(
    "persona, dashboard, admin",
    [
        ("admin_user", 200, 200),
        ("local_admin", 200, 200),
        ("other_local_admin", 404, 404),  # another municipality's promise does not exist
        ("coordinator", 403, 302),  # not staff: the admin sends them to its sign-in
        ("reviewer", 403, 302),
        ("stranger", 404, 302),
    ],
)
def test_who_may_start_the_next_promise(
    client, request, old, start_url, admin_start_url, persona, dashboard, admin
):
    if persona == "local_admin":
        user = local_admin("lokal", old.municipality)
    elif persona == "other_local_admin":
        user = local_admin("boden", OrganisationFactory(name="Bodens kommun", municipality=True))
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    data = {"title": "Nästa", "valid_from": "2026-12-01", "valid_until": "2028-11-30"}
    assert client.get(start_url).status_code == dashboard
    assert client.get(admin_start_url).status_code == admin
    client.post(start_url, data)
    client.post(admin_start_url, data)
    expected = 1 if dashboard == 200 else 0
    assert Promise.objects.filter(replaces=old).count() == expected


# ---------------------------------------------------------------------------------------------
# Old and new promise pages link to each other


def links(text):
    """The succession list's lines, as words."""
    found = re.search(r'<ul class="list-unstyled succession">(.*?)</ul>', text, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


class TestLinksBetweenPromises:
    def test_staff_see_the_draft_reporters_do_not(self, client, admin_user, police_reporter, draft):
        client.force_login(admin_user)
        for name in ("promise_detail", "dashboard"):
            text = client.get(reverse(name, args=["lofte"])).text
            assert links(text) == "Ersätts av Medborgarlöfte 2026 (2026-03-01 – 2028-02-29, utkast)"
            assert reverse("promise_detail", args=[draft.slug]) in text
        client.force_login(police_reporter)
        for name in ("promise_detail", "dashboard"):
            text = client.get(reverse(name, args=["lofte"])).text
            assert links(text) == ""
            assert reverse("promise_detail", args=[draft.slug]) not in text

    def test_once_published_both_link_to_each_other(self, client, police_reporter, draft, old):
        draft.published = True
        draft.save()
        client.force_login(police_reporter)
        text = client.get(reverse("promise_detail", args=["lofte"])).text
        assert links(text) == "Ersätts av Medborgarlöfte 2026 (2026-03-01 – 2028-02-29)"
        text = client.get(reverse("dashboard", args=[draft.slug])).text
        assert links(text) == f"Ersätter {old.title} (2024-01-01 – 2025-12-31)"
        assert reverse("promise_detail", args=["lofte"]) in text

    def test_public_pages_link_only_to_published_public_promises(self, client, draft, old):
        old.public = True
        old.save()
        draft.public = True
        draft.save()
        public_page = reverse("promise_detail", args=["lofte"])
        assert links(client.get(public_page).text) == ""  # a public draft is still a draft
        draft.published = True
        draft.save()
        text = client.get(public_page).text
        assert links(text) == "Ersätts av Medborgarlöfte 2026 (2026-03-01 – 2028-02-29)"
        text = client.get(reverse("promise_detail", args=[draft.slug])).text
        assert links(text) == f"Ersätter {old.title} (2024-01-01 – 2025-12-31)"
        draft.public = False
        draft.save()
        assert links(client.get(public_page).text) == ""
