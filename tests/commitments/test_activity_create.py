import datetime
import uuid

import pytest
from django.urls import reverse

from commitments.models import Activity
from tests.personal_data import refusal

D = datetime.date


@pytest.fixture
def url(promise):
    return reverse("activity_create", args=[promise.slug])


def post(client, url, commitment, **fields):
    data = {
        "commitment": commitment.pk,
        "occurred_on": "2025-06-10",
        "quantity": "1",
        "description": "Hundsök på högstadieskolan.",
        "place": "Högstadieskolan",
        "submission": str(uuid.uuid4()),  # each call a form of its own
    }
    data.update(fields)
    return client.post(f"{url}?commitment={commitment.key}", data)


def errors(response):
    return response.context["form"].errors


class TestForm:
    def test_form_for_a_commitment_asks_only_what_applies(
        self, client, url, police_reporter, commitments
    ):
        client.force_login(police_reporter)
        form = client.get(url, {"commitment": "hundsok"}).context["form"]
        assert form["commitment"].value() == commitments["hundsok"].pk
        assert form["occurred_on"].value() == D(2025, 6, 15)
        assert "completes" not in form.fields
        assert form.fields["organisation"].disabled

    def test_a_commitment_no_longer_the_reporters_is_refused_at_once(
        self, client, url, police_reporter, commitments, promise
    ):
        """The commitment the address names is kept in the cache between the form and its
        post; taken from the police, it is not theirs to log on the very next request."""
        client.force_login(police_reporter)
        samverkan = commitments["samverkan"]
        assert client.get(url, {"commitment": "samverkan"}).status_code == 200
        samverkan.responsible.set([promise.municipality])
        assert client.get(url, {"commitment": "samverkan"}).status_code == 404
        assert post(client, url, samverkan).status_code == 404
        assert not Activity.objects.filter(commitment=samverkan).exists()

    def test_only_commitments_the_organisation_is_responsible_for(
        self, client, url, municipal_reporter, commitments
    ):
        client.force_login(municipal_reporter)
        form = client.get(url).context["form"]
        assert {c.key for c in form.fields["commitment"].queryset} == {"enkat", "samverkan"}

    def test_kinds_of_the_quota_are_offered(self, client, url, police_reporter, commitments):
        client.force_login(police_reporter)
        form = client.get(url, {"commitment": "kontroller"}).context["form"]
        assert [value for value, _ in form.fields["kind"].choices] == [
            "trafikkontroll",
            "skolbesök",
        ]

    def test_milestones_can_be_completed(self, client, url, municipal_reporter, commitments):
        client.force_login(municipal_reporter)
        assert "completes" in client.get(url, {"commitment": "enkat"}).context["form"].fields

    def test_commitment_the_user_cannot_report_on_is_not_found(
        self, client, url, municipal_reporter, commitments
    ):
        client.force_login(municipal_reporter)
        assert client.get(url, {"commitment": "hundsok"}).status_code == 404


class TestSaving:
    def test_saved_activity_and_the_count_in_the_confirmation(
        self, client, url, police_reporter, commitments
    ):
        client.force_login(police_reporter)
        response = post(client, url, commitments["hundsok"])
        assert response.status_code == 302
        activity = Activity.objects.get()
        # The promise page says how the commitment stands now, counting it.
        assert response["Location"] == (
            reverse("promise_detail", args=["lofte"]) + f"?logged={activity.pk}#c-hundsok"
        )
        assert (activity.reported_by, activity.organisation) == (
            police_reporter,
            commitments["hundsok"].promise.police_area,
        )
        assert activity.history.get().history_user == police_reporter
        page = client.get(response["Location"])
        assert (
            "Registrerat för ”Hundsök i skolan två gånger per år.”. "
            "Nu 1 av 2 för 2025-01-01 – 2025-12-31." in page.text
        )

    def test_confirmation_for_a_commitment_without_quota(
        self, client, url, municipal_reporter, commitments
    ):
        client.force_login(municipal_reporter)
        response = post(client, url, commitments["enkat"], completes="on")
        page = client.get(response["Location"])
        assert "Registrerat för ”Drogvaneundersökning genomförs.”. Status: Klart." in page.text
        assert Activity.objects.get().completes

    def test_control_characters_are_stripped_so_the_report_workbook_opens(
        self, client, url, police_reporter, commitments, promise
    ):
        # A pasted control character once made report.xlsx a 500 for everyone.
        client.force_login(police_reporter)
        description = "Kontroll\x01 av\x0b bilar.\r\nInga fynd.\x1b"
        post(client, url, commitments["hundsok"], description=description, place="Torg\x7fet")
        activity = Activity.objects.get()
        assert (activity.description, activity.place) == (
            "Kontroll av bilar.\nInga fynd.",
            "Torget",
        )
        response = client.get(reverse("report_xlsx", args=[promise.slug]))
        assert response.status_code == 200

    def test_participants(self, client, url, police_reporter, commitments, promise):
        client.force_login(police_reporter)
        post(client, url, commitments["samverkan"], participants=[promise.municipality.pk])
        assert list(Activity.objects.get().participants.all()) == [promise.municipality]

    def test_admin_chooses_the_organisation(self, client, url, admin_user, commitments, promise):
        client.force_login(admin_user)
        post(client, url, commitments["samverkan"], organisation=promise.municipality.pk)
        assert Activity.objects.get().organisation == promise.municipality


class TestValidation:
    """Each bad value gets its Swedish message and nothing is saved."""

    @pytest.fixture(autouse=True)
    def signed_in(self, client, police_reporter):
        client.force_login(police_reporter)

    @pytest.fixture(autouse=True)
    def nothing_saved(self, db):
        yield
        assert not Activity.objects.exists()

    def test_date_in_the_future(self, client, url, commitments):
        response = post(client, url, commitments["hundsok"], occurred_on="2025-06-16")
        assert errors(response)["occurred_on"] == ["Datumet kan inte vara i framtiden."]

    def test_date_outside_the_promise(self, client, url, commitments):
        response = post(client, url, commitments["hundsok"], occurred_on="2023-12-31")
        assert errors(response)["occurred_on"] == [
            "Datumet måste ligga inom de dagar löftet gäller (2024-01-01 – 2025-12-31)."
        ]

    def test_not_a_date(self, client, url, commitments):
        response = post(client, url, commitments["hundsok"], occurred_on="igår")
        assert errors(response)["occurred_on"] == ["Skriv datumet som ÅÅÅÅ-MM-DD."]

    @pytest.mark.parametrize("quantity", ["0", "10001", "-1"])
    def test_quantity_not_1_to_10000(self, client, url, commitments, quantity):
        response = post(client, url, commitments["hundsok"], quantity=quantity)
        assert errors(response)["quantity"] == ["Mängden måste vara ett heltal från 1 till 10 000."]

    def test_quantity_not_a_whole_number(self, client, url, commitments):
        response = post(client, url, commitments["hundsok"], quantity="1,5")
        assert errors(response)["quantity"] == ["Mängden måste vara ett heltal från 1 till 10 000."]

    @pytest.mark.parametrize("quantity", ["²", "①", "\u0662", "\uff12", "1.0"])
    def test_quantity_only_in_ascii_digits(self, client, url, commitments, quantity):
        response = post(client, url, commitments["hundsok"], quantity=quantity)
        assert errors(response)["quantity"] == ["Mängden måste vara ett heltal från 1 till 10 000."]

    @pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
    def test_a_date_outside_1900_to_2100(self, client, url, commitments, day):
        response = post(client, url, commitments["hundsok"], occurred_on=day)
        assert errors(response)["occurred_on"] == [
            "Datum måste vara ett datum under åren 1900–2100."
        ]

    def test_kind_not_allowed(self, client, url, commitments):
        response = post(client, url, commitments["kontroller"], kind="fotpatrull")
        assert errors(response)["kind"] == [
            "Det här åtagandet räknar bara: trafikkontroll, skolbesök."
        ]

    def test_kind_not_allowed_when_the_commitment_was_changed_in_the_form(
        self, client, url, commitments
    ):
        response = client.post(url, {
            "commitment": commitments["kontroller"].pk, "occurred_on": "2025-06-10",
            "quantity": "1", "kind": "fotpatrull", "description": "Kontroll.",
        })  # fmt: skip
        assert errors(response)["kind"] == [
            "Det här åtagandet räknar bara: trafikkontroll, skolbesök."
        ]

    def test_organisation_not_responsible(self, client, url, commitments, admin_user, promise):
        client.force_login(admin_user)
        response = post(client, url, commitments["hundsok"], organisation=promise.municipality.pk)
        assert errors(response)["organisation"] == [
            "Älvsbyns kommun ansvarar inte för det här åtagandet."
        ]

    def test_commitment_of_another_organisation(self, client, url, commitments):
        response = client.post(url, {
            "commitment": commitments["enkat"].pk, "occurred_on": "2025-06-10", "quantity": "1",
            "description": "Försök.",
        })  # fmt: skip
        assert "commitment" in errors(response)

    def test_description_empty(self, client, url, commitments):
        response = post(client, url, commitments["hundsok"], description="   ")
        assert errors(response)["description"] == ["Beskriv vad som gjordes."]

    def test_description_over_2000_characters(self, client, url, commitments):
        response = post(client, url, commitments["hundsok"], description="x" * 2001)
        assert errors(response)["description"] == ["Beskrivningen får vara högst 2 000 tecken."]

    @pytest.mark.parametrize(
        "number",
        [
            "19850615-1238",
            "850615-1238",
            "121212+1212",
            "198506151238",
            "1212121212",
            "701063-2391",
            "19850312 1234",
            "850312 1234",
            "8503121234",
        ],
    )
    @pytest.mark.parametrize(
        ("field", "label"),
        [("description", "Beskrivning"), ("place", "Plats"), ("kind", "Slag av aktivitet")],
    )
    def test_personal_identity_number(self, client, url, commitments, field, label, number):
        response = post(
            client, url, commitments["hundsok"], **{field: f"Samtal med {number} om läget."}
        )
        assert errors(response)[field] == [refusal(label)]
        # Shown next to the field, and what the user wrote is kept to correct.
        assert refusal(label) in response.text
        assert f"Samtal med {number}" in response.text
        assert not Activity.objects.exists()

    def test_messages_are_shown_by_their_fields(self, client, url, commitments):
        response = post(client, url, commitments["hundsok"], occurred_on="2025-06-16")
        assert "Datumet kan inte vara i framtiden." in response.text
        assert 'aria-invalid="true"' in response.text


class TestLoggedOnce:
    """The form carries a one-time token: posted twice (a double click, a retry after a dropped
    connection), it logs one activity and answers the second post as the first."""

    @pytest.fixture(autouse=True)
    def signed_in(self, client, police_reporter):
        client.force_login(police_reporter)

    def opened(self, client, url, key="hundsok"):
        """The token of a log form as a browser gets it."""
        return client.get(url, {"commitment": key}).context["form"]["submission"].value()

    def test_the_same_form_posted_twice_logs_one_activity(self, client, url, commitments):
        token = str(self.opened(client, url))
        message = (
            "Registrerat för ”Hundsök i skolan två gånger per år.”. "
            "Nu 1 av 2 för 2025-01-01 – 2025-12-31."
        )
        for _ in range(2):
            response = post(client, url, commitments["hundsok"], submission=token)
            activity = Activity.objects.get()
            assert response["Location"] == (
                reverse("promise_detail", args=["lofte"]) + f"?logged={activity.pk}#c-hundsok"
            )
            assert client.get(response["Location"]).text.count(message) == 1
        assert Activity.objects.count() == 1

    def test_each_opened_form_logs_its_own(self, client, url, commitments):
        tokens = {str(self.opened(client, url)) for _ in range(2)}
        assert len(tokens) == 2
        for token in tokens:
            assert post(client, url, commitments["hundsok"], submission=token).status_code == 302
        assert Activity.objects.count() == 2

    def test_a_refused_post_does_not_use_up_the_token(self, client, url, commitments):
        token = str(self.opened(client, url))
        refused = post(client, url, commitments["hundsok"], submission=token, quantity="0")
        assert refused.status_code == 200
        assert refused.context["form"]["submission"].value() == token
        assert post(client, url, commitments["hundsok"], submission=token).status_code == 302
        assert Activity.objects.count() == 1

    @pytest.mark.parametrize("token", ["", "inte-en-token", "\x00"])
    def test_a_post_without_a_token_is_asked_once_more(self, client, url, commitments, token):
        response = post(client, url, commitments["hundsok"], submission=token)
        assert response.status_code == 200
        assert "Formuläret hade gått ut. Kontrollera uppgifterna och spara igen." in response.text
        assert "Hundsök på högstadieskolan." in response.text  # what was typed is kept
        assert not Activity.objects.exists()
        fresh = response.context["form"]["submission"].value()
        assert uuid.UUID(fresh)
        assert post(client, url, commitments["hundsok"], submission=fresh).status_code == 302
        assert Activity.objects.count() == 1

    def test_another_persons_token_is_refused(self, client, url, commitments, municipal_reporter):
        token = str(uuid.uuid4())
        post(client, url, commitments["hundsok"], submission=token)
        client.force_login(municipal_reporter)
        response = post(client, url, commitments["samverkan"], submission=token)
        assert response.status_code == 200
        assert "Formuläret har redan använts. Öppna ett nytt för att registrera en aktivitet." in (
            response.text
        )
        assert "Hundsök" not in response.context["form"].non_field_errors()[0]
        assert Activity.objects.count() == 1

    def test_a_change_keeps_the_token_of_the_form_that_logged_it(
        self, client, url, commitments, promise
    ):
        token = str(self.opened(client, url))
        post(client, url, commitments["hundsok"], submission=token)
        activity = Activity.objects.get()
        edit_url = reverse("activity_edit", args=[promise.slug, activity.pk])
        client.post(
            edit_url,
            {
                "commitment": activity.commitment_id,
                "occurred_on": "2025-06-11",
                "quantity": "1",
                "description": "Ändrad.",
                "opened_version": activity.version,
                "submission": str(uuid.uuid4()),
            },
        )
        activity.refresh_from_db()
        assert (activity.description, str(activity.submission)) == ("Ändrad.", token)
        # The form posted again still answers with the activity it logged.
        assert post(client, url, commitments["hundsok"], submission=token).status_code == 302
        assert Activity.objects.count() == 1
