import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.admin import CommitmentForm
from commitments.models import Activity, Commitment, Organisation, Promise
from commitments.promise_files import import_promise
from tests.commitments.test_promise_files import VALID
from tests.factories import ActivityFactory, CommitmentFactory, OrganisationFactory
from tests.personal_data import NUMBER, refusal

D = datetime.date


def form_data(response):
    """POST data that resubmits an admin change form (and its inlines) as it was shown."""

    def add(data, form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif hasattr(value, "isoformat"):
                data[bound.html_name] = value.isoformat()
            else:
                data[bound.html_name] = str(value)

    data = {}
    add(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(data, formset.management_form)
        for form in formset.forms:
            add(data, form)
    return data


@pytest.fixture
def alvsbyn(db):
    from commitments.demo import PROMISE_FILE

    return import_promise(PROMISE_FILE.read_bytes())


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


class TestAccess:
    @pytest.mark.parametrize(
        "persona", ["police_reporter", "municipal_reporter", "reviewer", "stranger"]
    )
    def test_staff_only(self, client, request, persona, promise):
        client.force_login(request.getfixturevalue(persona))
        url = reverse("admin:commitments_promise_change", args=[promise.pk])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    @pytest.mark.parametrize(
        "url_name", ["admin:commitments_promise_import", "admin:commitments_activity_import"]
    )
    def test_imports_need_staff(self, client, police_reporter, url_name):
        client.force_login(police_reporter)
        assert client.get(reverse(url_name)).status_code == 302


class TestPromiseAdmin:
    def test_list_shows_status_today(self, admin_client, alvsbyn, time_machine):
        time_machine.move_to(datetime.datetime(2026, 3, 1, 12), tick=False)
        response = admin_client.get(reverse("admin:commitments_promise_changelist"))
        assert response.status_code == 200
        assert "Medborgarlöfte Älvsbyn" in response.text
        assert "Förlängt tills nytt löfte ges" in response.text

    def test_filter_by_status(self, admin_client, alvsbyn, time_machine):
        time_machine.move_to(datetime.datetime(2026, 3, 1, 12), tick=False)
        url = reverse("admin:commitments_promise_changelist")
        assert "Medborgarlöfte Älvsbyn" in admin_client.get(url, {"status": "extended"}).text
        assert "Medborgarlöfte Älvsbyn" not in admin_client.get(url, {"status": "active"}).text

    def test_search(self, admin_client, alvsbyn):
        url = reverse("admin:commitments_promise_changelist")
        assert "Medborgarlöfte Älvsbyn" in admin_client.get(url, {"q": "Älvsbyn"}).text
        assert "Medborgarlöfte Älvsbyn" not in admin_client.get(url, {"q": "Boden"}).text

    def test_change_page_shows_focus_areas_and_commitments_inline(self, admin_client, alvsbyn):
        response = admin_client.get(reverse("admin:commitments_promise_change", args=[alvsbyn.pk]))
        assert response.status_code == 200
        assert "Våld i nära relationer" in response.text
        assert "Hundsök i skolan två gånger per år." in response.text
        assert reverse("admin:commitments_promise_export", args=[alvsbyn.pk]) in response.text

    def test_saving_the_page_unchanged_keeps_everything(self, admin_client, alvsbyn):
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        data = form_data(admin_client.get(url))
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.context["errors"]
        assert alvsbyn.commitments.count() == 14

    def test_inline_edit_of_a_commitment(self, admin_client, alvsbyn):
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        data = form_data(admin_client.get(url))
        index = next(
            k.split("-")[1]
            for k, v in data.items()
            if k.endswith("-key") and v == "narkotika-hundsok"
        )
        data[f"commitments-{index}-quota_target"] = "3"
        assert admin_client.post(url, data).status_code == 302
        assert alvsbyn.commitments.get(key="narkotika-hundsok").quota_target == 3

    def test_history_is_read_only(self, admin_client, alvsbyn):
        response = admin_client.get(reverse("admin:commitments_promise_history", args=[alvsbyn.pk]))
        assert response.status_code == 200
        record = alvsbyn.history.earliest()
        alvsbyn.title = "Nytt namn"
        alvsbyn.save()
        url = reverse("admin:commitments_promise_simple_history", args=[alvsbyn.pk, record.pk])
        response = admin_client.get(url)
        assert response.status_code == 200
        assert "Medborgarlöfte Älvsbyn" in response.text
        assert admin_client.post(url, {"title": "Medborgarlöfte Älvsbyn"}).status_code == 403
        alvsbyn.refresh_from_db()
        assert alvsbyn.title == "Nytt namn"


class TestCommitmentForm:
    def data(self, commitment, **changes):
        data = {
            "promise": commitment.promise_id,
            "focus_area": commitment.focus_area_id,
            "key": commitment.key,
            "position": 0,
            "text": commitment.text,
            "responsible": [o.pk for o in commitment.responsible.all()],
            "kind": commitment.kind,
            "quota_target": commitment.quota_target or "",
            "quota_per": commitment.quota_per,
            "quota_kinds": "",
            "opened_version": commitment.version,
        }
        data.update(changes)
        return data

    def test_responsible_limited_to_the_parties(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        outsider = OrganisationFactory(name="Bodens kommun", municipality=True)
        form = CommitmentForm(self.data(commitment, responsible=[outsider.pk]), instance=commitment)
        assert not form.is_valid()
        assert "responsible" in form.errors

    def test_changing_a_quota_to_ongoing_clears_the_quota(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area, quota_unit="hundsök")
        form = CommitmentForm(self.data(commitment, kind="ongoing"), instance=commitment)
        assert form.is_valid(), form.errors
        form.save()
        commitment.refresh_from_db()
        assert (commitment.quota_target, commitment.quota_per, commitment.quota_unit) == (
            None,
            "",
            "",
        )

    def test_kinds_are_written_comma_separated(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        form = CommitmentForm(
            self.data(commitment, quota_kinds="Trafikkontroll, skolbesök,"), instance=commitment
        )
        assert form.is_valid(), form.errors
        form.save()
        commitment.refresh_from_db()
        assert commitment.quota_kinds == ["trafikkontroll", "skolbesök"]

    def test_quota_without_target_is_refused(self, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        form = CommitmentForm(self.data(commitment, quota_target=""), instance=commitment)
        assert not form.is_valid()
        assert form.errors["quota_target"] == ["Ett kvantitativt åtagande behöver ett mål."]

    def test_follows_only_another_commitment_of_the_same_promise(self, focus_area):
        control = CommitmentFactory(focus_area=focus_area, key="kontroll")
        commitment = CommitmentFactory(focus_area=focus_area, key="deltagande")
        elsewhere = CommitmentFactory(key="annat-lofte")
        form = CommitmentForm(self.data(commitment), instance=commitment)
        assert list(form.fields["follows"].queryset) == [control]
        form = CommitmentForm(self.data(commitment, follows=elsewhere.pk), instance=commitment)
        assert not form.is_valid() and "follows" in form.errors
        form = CommitmentForm(self.data(commitment, follows=control.pk), instance=commitment)
        assert form.is_valid(), form.errors
        assert form.save().follows == control

    def test_a_sub_commitment_has_no_sub_heading(self, focus_area):
        parent = CommitmentFactory(focus_area=focus_area)
        child = CommitmentFactory(focus_area=focus_area, parent=parent)
        form = CommitmentForm(self.data(child, parent=parent.pk, group="Skolan"), instance=child)
        assert not form.is_valid()
        assert "Ett delåtagande står under sitt överordnade åtagande" in str(form.errors)

    def test_unit_in_the_singular_is_cleared_with_the_quota(self, focus_area):
        commitment = CommitmentFactory(
            focus_area=focus_area, quota_unit="kontroller", quota_unit_one="kontroll"
        )
        form = CommitmentForm(self.data(commitment, kind="ongoing"), instance=commitment)
        assert form.is_valid(), form.errors
        assert form.save().quota_unit_one == ""

    def test_commitment_admin_page_saves(self, admin_client, focus_area):
        commitment = CommitmentFactory(focus_area=focus_area)
        url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        data = form_data(admin_client.get(url))
        data["text"] = "Ny text."
        assert admin_client.post(url, data).status_code == 302
        commitment.refresh_from_db()
        assert commitment.text == "Ny text."


class TestStartNextPromise:
    def test_action_asks_for_the_dates_then_creates_a_draft(
        self, admin_client, alvsbyn, time_machine
    ):
        time_machine.move_to(datetime.datetime(2025, 10, 1, 12), tick=False)
        response = admin_client.post(
            reverse("admin:commitments_promise_changelist"),
            {"action": "start_next", "_selected_action": [alvsbyn.pk]},
            follow=True,
        )
        assert 'value="2026-01-01"' in response.text and 'value="2027-12-31"' in response.text
        response = admin_client.post(
            reverse("admin:commitments_promise_start_next", args=[alvsbyn.pk]),
            {"title": alvsbyn.title, "valid_from": "2026-01-01", "valid_until": "2027-12-31"},
            follow=True,
        )
        draft = Promise.objects.get(replaces=alvsbyn)
        assert not draft.published
        assert draft.commitments.count() == alvsbyn.commitments.count()
        assert response.redirect_chain[-1][0] == reverse(
            "admin:commitments_promise_change", args=[draft.pk]
        )
        assert "2026-01-01 till 2027-12-31" in response.text


class TestFiles:
    def test_export(self, admin_client, alvsbyn):
        response = admin_client.get(reverse("admin:commitments_promise_export", args=[alvsbyn.pk]))
        assert response["Content-Disposition"] == 'attachment; filename="alvsbyn-2024.yaml"'
        assert response.content.decode().startswith("format: 1\nslug: alvsbyn-2024\n")

    def test_export_action(self, admin_client, alvsbyn):
        response = admin_client.post(
            reverse("admin:commitments_promise_changelist"),
            {"action": "export_files", "_selected_action": [alvsbyn.pk]},
        )
        assert response.content.decode().startswith("format: 1\n")

    def test_import_shows_every_error_and_saves_nothing(self, admin_client):
        bad = VALID.replace("per: year", "per: fortnight").replace("key: enkat", "key: hundsok")
        response = admin_client.post(
            reverse("admin:commitments_promise_import"),
            {"file": SimpleUploadedFile("bad.yaml", bad.encode())},
        )
        assert response.status_code == 200
        assert "Filen har 2 fel; inget importerades." in response.text
        assert (
            "rad 16, focus_areas[0].commitments[0].quota.per: okänd period fortnight"
            in response.text
        )
        assert "rad 17, focus_areas[0].commitments[1].key: hundsok används redan" in response.text
        assert not Promise.objects.exists()

    def test_import_saves_and_opens_the_promise(self, admin_client):
        response = admin_client.post(
            reverse("admin:commitments_promise_import"),
            {"file": SimpleUploadedFile("ok.yaml", VALID.encode())},
        )
        promise = Promise.objects.get(slug="test-2024")
        assert response["Location"] == reverse(
            "admin:commitments_promise_change", args=[promise.pk]
        )

    def test_import_activities(self, admin_client, admin_user, promise, focus_area, time_machine):
        time_machine.move_to(datetime.datetime(2025, 1, 1, 12), tick=False)
        CommitmentFactory(focus_area=focus_area, key="hundsok")
        csv = "date,commitment,organisation,description\n2024-03-20,hundsok,police,Hundsök.\n"
        response = admin_client.post(
            reverse("admin:commitments_activity_import"),
            {"promise": promise.pk, "file": SimpleUploadedFile("a.csv", csv.encode())},
            follow=True,
        )
        assert "1 aktivitet importerades till" in response.text
        assert Activity.objects.get().reported_by == admin_user

    def test_import_activities_lists_bad_rows(self, admin_client, promise, focus_area):
        CommitmentFactory(focus_area=focus_area, key="hundsok")
        csv = "date,commitment,organisation,description\n2024-03-20,okand,police,Hundsök.\n"
        response = admin_client.post(
            reverse("admin:commitments_activity_import"),
            {"promise": promise.pk, "file": SimpleUploadedFile("a.csv", csv.encode())},
        )
        assert "rad 2, commitment: inget åtagande med nyckeln okand" in response.text
        assert not Activity.objects.exists()


class TestActivityAdmin:
    def test_history_of_an_activity(self, admin_client, focus_area, time_machine):
        time_machine.move_to(datetime.datetime(2025, 1, 1, 12), tick=False)
        activity = ActivityFactory(commitment=CommitmentFactory(focus_area=focus_area))
        activity.quantity = 2
        activity.save()
        response = admin_client.get(
            reverse("admin:commitments_activity_history", args=[activity.pk])
        )
        assert response.status_code == 200
        assert activity.history.count() == 2

    def test_list(self, admin_client, focus_area):
        ActivityFactory(commitment=CommitmentFactory(focus_area=focus_area, key="hundsok"))
        response = admin_client.get(reverse("admin:commitments_activity_changelist"))
        assert "hundsok" in response.text
        assert Commitment.objects.count() == 1


class TestPersonalData:
    """The admin refuses a personal identity number in any text, next to the field."""

    def refused(self, admin_client, url, field, value, label):
        data = form_data(admin_client.get(url))
        data[field] = value
        response = admin_client.post(url, data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors[field] == [refusal(label)]
        assert refusal(label) in response.text

    @pytest.mark.parametrize(
        ("field", "value", "label"),
        [
            ("text", f"Inbrott hos {NUMBER}", "Text"),
            ("group", "Skolan 850312 1234", "Underrubrik"),
            ("quota_unit", "8503121234", "Enhet"),
            ("quota_kinds", "skolbesök, hos 850312-1234", "Aktivitetsslag som räknas"),
        ],
    )
    def test_commitment(self, admin_client, focus_area, field, value, label):
        commitment = CommitmentFactory(focus_area=focus_area, text="Hundsök.")
        url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
        self.refused(admin_client, url, field, value, label)
        commitment.refresh_from_db()
        assert (commitment.text, commitment.group, commitment.quota_kinds) == ("Hundsök.", "", [])

    @pytest.mark.parametrize(
        ("field", "label"), [("title", "Rubrik"), ("description", "Beskrivning")]
    )
    def test_focus_area(self, admin_client, focus_area, field, label):
        url = reverse("admin:commitments_focusarea_change", args=[focus_area.pk])
        self.refused(admin_client, url, field, f"Inbrott hos {NUMBER}", label)
        focus_area.refresh_from_db()
        assert (focus_area.title, focus_area.description) == ("Narkotika", "")

    def test_organisation(self, admin_client, promise):
        organisation = promise.municipality
        url = reverse("admin:commitments_organisation_change", args=[organisation.pk])
        self.refused(admin_client, url, "name", f"Älvsbyns kommun {NUMBER}", "Namn")
        organisation.refresh_from_db()
        assert organisation.name == "Älvsbyns kommun"

    def test_new_organisation(self, admin_client, db):
        url = reverse("admin:commitments_organisation_add")
        self.refused(admin_client, url, "name", "Föreningen 850312-1234", "Namn")
        assert not Organisation.objects.filter(name__contains="850312").exists()

    def test_promise_summary(self, admin_client, alvsbyn):
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        self.refused(admin_client, url, "summary", f"Inbrott hos {NUMBER}", "Sammanfattning")
        assert NUMBER not in Promise.objects.get(pk=alvsbyn.pk).summary

    def test_focus_area_inline_of_a_promise(self, admin_client, alvsbyn):
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        data = form_data(admin_client.get(url))
        data["focus_areas-0-description"] = f"Inbrott hos {NUMBER}"
        response = admin_client.post(url, data)
        assert response.status_code == 200
        focus_areas, _commitments, _indicators = response.context["inline_admin_formsets"]
        assert focus_areas.formset.forms[0].errors["description"] == [refusal("Beskrivning")]
        assert not alvsbyn.focus_areas.filter(description__contains=NUMBER).exists()

    def test_activity_kind(self, admin_client, focus_area, time_machine):
        time_machine.move_to(datetime.datetime(2025, 6, 15, 12), tick=False)
        activity = ActivityFactory(commitment=CommitmentFactory(focus_area=focus_area))
        url = reverse("admin:commitments_activity_change", args=[activity.pk])
        self.refused(admin_client, url, "kind", f"hos {NUMBER}", "Slag av aktivitet")


class TestBoundsAndCleaning:
    """The admin refuses a date outside 1900–2100 and saves texts cleaned, like every form."""

    def test_a_promise_valid_until_9999_is_refused_by_the_field(self, admin_client, alvsbyn):
        url = reverse("admin:commitments_promise_change", args=[alvsbyn.pk])
        data = form_data(admin_client.get(url))
        data["valid_until"] = "9999-12-31"
        response = admin_client.post(url, data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["valid_until"] == [
            "Gäller till måste vara ett datum under åren 1900–2100."
        ]
        assert Promise.objects.get(pk=alvsbyn.pk).valid_until == D(2025, 12, 31)

    @pytest.mark.parametrize(
        "old, new, error",
        [
            ("title: Narkotika", "title: Nark\x00otika", "rad 11, -: texten i kolumn 16"),
            ("title: Narkotika", 'title: "Nark\\0otika"', "rad 11, -: texten i kolumn 12"),
            ("title: Narkotika", 'title: "\\ud800"', "rad 11, -: texten i kolumn 12"),
            ("Testby kommun", "T" * 201, "rad 4, municipality: Säkerställ att"),
            ("valid_from: 2024-01-01", "valid_from: 0001-01-01", "rad 7, valid_from: 0001-01-01"),
        ],
    )
    def test_a_hostile_promise_file_is_listed_not_a_500(self, admin_client, old, new, error):
        response = admin_client.post(
            reverse("admin:commitments_promise_import"),
            {"file": SimpleUploadedFile("bad.yaml", VALID.replace(old, new).encode())},
        )
        assert response.status_code == 200
        assert "Filen har 1 fel; inget importerades." in response.text
        assert error in response.text
        assert not Promise.objects.exists()

    def test_a_hostile_activity_file_is_listed_not_a_500(self, admin_client, promise, focus_area):
        CommitmentFactory(focus_area=focus_area, key="hundsok")
        csv = (
            "date,commitment,quantity,organisation,description\r2024-03-20,hundsok,②,police,Sök.\r"
        )
        response = admin_client.post(
            reverse("admin:commitments_activity_import"),
            {"promise": promise.pk, "file": SimpleUploadedFile("a.csv", csv.encode())},
        )
        assert "rad 2, quantity: ② är inte ett heltal från 1 till 10 000" in response.text
        assert not Activity.objects.exists()

    def test_a_focus_area_title_is_saved_without_control_characters(self, admin_client, focus_area):
        url = reverse("admin:commitments_focusarea_change", args=[focus_area.pk])
        data = form_data(admin_client.get(url))
        data["title"] = "Nark\x1b[31motika"
        data["description"] = "Första raden.\r\nAndra\x0c raden."
        assert admin_client.post(url, data).status_code == 302
        focus_area.refresh_from_db()
        assert (focus_area.title, focus_area.description) == (
            "Nark[31motika", "Första raden.\nAndra raden.",
        )  # fmt: skip
