"""Entering the values of outcome indicators: the staff form of coordinators and reviewers, and
the admin's inline. What they save shows in the follow-up at once; what they refuse is said in
Swedish on the field, and nothing is saved."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Indicator, IndicatorValue
from tests.commitments.test_admin import form_data
from tests.factories import FocusAreaFactory, IndicatorFactory, IndicatorValueFactory
from tests.personal_data import NUMBER, refusal

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(promise, today):
    return IndicatorFactory(promise=promise, key="otrygghet", name="Andel otrygga")


def new_value_url(promise, indicator):
    return reverse("indicator_value_create", args=[promise.slug, indicator.key])


def post_value(client, promise, indicator, **fields):
    data = {"measured_on": "2024-10-01", "value": "17,2", "note": "", "source_url": "", **fields}
    return client.post(new_value_url(promise, indicator), data)


def followup_json(client, promise, as_of="2025-10-20"):
    url = reverse("followup_json", args=[promise.slug]) + f"?as_of={as_of}"
    return json.loads(client.get(url).content)


class TestTheStaffForm:
    def test_a_coordinator_enters_a_value_and_the_followup_shows_it(
        self, client, coordinator, promise, indicator
    ):
        client.force_login(coordinator)
        assert followup_json(client, promise)["indicators"][0]["trend"] == "no_data"
        response = post_value(client, promise, indicator, note="Mätt i oktober.")
        assert response.status_code == 302
        value = IndicatorValue.objects.get()
        assert (value.measured_on, value.value, value.entered_by) == (
            D(2024, 10, 1),
            Decimal("17.2"),
            coordinator,
        )
        # The cached follow-up is not shown: the value raised the promise's change stamp.
        indicator_json = followup_json(client, promise)["indicators"][0]
        assert indicator_json["latest"] == {"date": "2024-10-01", "value": 17.2}
        assert indicator_json["trend"] == "improving"  # 18.0 → 17.2, lower is better
        page = client.get(reverse("indicator_list", args=[promise.slug])).text
        assert "17,2" in page
        assert "Mätt i oktober." in page

    @pytest.mark.parametrize("typed", ["17.2", "17,2", " 17,2 "])
    def test_a_decimal_comma_or_point(self, client, reviewer, promise, indicator, typed):
        client.force_login(reviewer)
        assert post_value(client, promise, indicator, value=typed).status_code == 302
        assert IndicatorValue.objects.get().value == Decimal("17.2")

    @pytest.mark.parametrize(
        ("field", "typed", "message"),
        [
            ("value", "sjutton", "Skriv värdet som ett tal, till exempel 17,2."),
            ("value", "1,23456", "Skriv värdet med högst tre decimaler."),
            ("value", "", "Detta fält måste fyllas i."),
            ("measured_on", "2024-13-01", None),
            ("measured_on", "1899-12-31", None),
            (
                "measured_on",
                "2025-06-16",
                "Ett värde mäts en dag som har kommit: inte efter 2025-06-15.",
            ),
            ("note", f"Uppgift från {NUMBER}", refusal("Anteckning")),
            ("source_url", "inte en adress", "Fyll i en giltig URL."),
        ],
    )
    def test_bad_input_is_refused_on_its_field(
        self, client, coordinator, promise, indicator, field, typed, message
    ):
        client.force_login(coordinator)
        response = post_value(client, promise, indicator, **{field: typed})
        assert response.status_code == 200
        errors = response.context["form"].errors[field]
        assert errors
        if message:
            assert message in errors
        assert not IndicatorValue.objects.exists()

    def test_a_date_that_has_a_value_is_refused_with_what_to_do(
        self, client, coordinator, promise, indicator
    ):
        IndicatorValueFactory(indicator=indicator, measured_on=D(2024, 10, 1), value=16)
        client.force_login(coordinator)
        response = post_value(client, promise, indicator)
        assert response.context["form"].errors["measured_on"] == [
            "Indikatorn har redan ett värde för det datumet. Ändra det i stället."
        ]
        assert IndicatorValue.objects.get().value == 16

    def test_a_change_is_recorded_in_the_history_and_a_stale_form_refused(
        self, client, coordinator, reviewer, promise, indicator
    ):
        value = IndicatorValueFactory(indicator=indicator, measured_on=D(2024, 10, 1), value=17)
        url = reverse("indicator_value_edit", args=[promise.slug, indicator.key, value.pk])
        data = {"measured_on": "2024-10-01", "value": "16,4", "note": "Rättat.", "source_url": ""}
        client.force_login(coordinator)
        opened = value.version
        assert client.post(url, {**data, "opened_version": opened}).status_code == 302
        value.refresh_from_db()
        assert value.value == Decimal("16.4")
        assert [h.value for h in value.history.order_by("history_id")] == [17, Decimal("16.4")]
        assert value.history.latest("history_id").history_user == coordinator
        # The BRÅ chair opened the form before the coordinator's change: refused, not saved over.
        client.force_login(reviewer)
        response = client.post(url, {**data, "value": "15", "opened_version": opened})
        assert response.status_code == 409
        value.refresh_from_db()
        assert value.value == Decimal("16.4")

    def test_a_deleted_value_leaves_its_history(self, client, reviewer, promise, indicator):
        value = IndicatorValueFactory(indicator=indicator, measured_on=D(2024, 10, 1))
        url = reverse("indicator_value_delete", args=[promise.slug, indicator.key, value.pk])
        client.force_login(reviewer)
        assert client.post(url).status_code == 302
        assert not IndicatorValue.objects.exists()
        assert IndicatorValue.history.filter(id=value.pk, history_type="-").exists()

    def test_another_promises_indicator_or_value_is_not_found(
        self, client, coordinator, promise, indicator
    ):
        other = IndicatorValueFactory(indicator__key="annan")
        client.force_login(coordinator)
        for url in [
            reverse("indicator_value_create", args=[promise.slug, "annan"]),
            reverse("indicator_value_edit", args=[promise.slug, indicator.key, other.pk]),
            reverse("indicator_value_delete", args=[promise.slug, indicator.key, other.pk]),
            reverse("indicator_value_edit", args=[promise.slug, "annan", other.pk]),
        ]:
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404
        assert IndicatorValue.objects.count() == 1

    def test_a_reporter_sees_the_values_but_no_form(
        self, client, municipal_reporter, promise, indicator
    ):
        IndicatorValueFactory(indicator=indicator, measured_on=D(2024, 10, 1))
        client.force_login(municipal_reporter)
        page = client.get(reverse("indicator_list", args=[promise.slug])).text
        assert "Andel otrygga" in page
        assert new_value_url(promise, indicator) not in page
        assert client.get(new_value_url(promise, indicator)).status_code == 403

    def test_a_draft_promises_values_are_its_admins_to_enter(
        self, client, coordinator, local_admin, promise, indicator
    ):
        promise.published = False
        promise.save()
        client.force_login(coordinator)
        assert client.get(new_value_url(promise, indicator)).status_code == 404
        client.force_login(local_admin)
        assert post_value(client, promise, indicator).status_code == 302


class TestTheAdmin:
    def test_a_value_entered_inline_records_who_entered_it(
        self, client, local_admin, promise, indicator
    ):
        url = reverse("admin:commitments_indicator_change", args=[indicator.pk])
        client.force_login(local_admin)
        data = form_data(client.get(url))
        data.update({"values-0-measured_on": "2025-05-01", "values-0-value": "16.0"})
        response = client.post(url, data)
        assert response.status_code == 302, response.context["errors"]
        assert IndicatorValue.objects.get().entered_by == local_admin

    def test_a_note_with_a_personal_identity_number_is_refused(self, client, admin_user, indicator):
        url = reverse("admin:commitments_indicator_change", args=[indicator.pk])
        client.force_login(admin_user)
        data = form_data(client.get(url))
        data.update(
            {
                "values-0-measured_on": "2025-10-01",
                "values-0-value": "16.0",
                "values-0-note": f"Från {NUMBER}",
            }
        )
        response = client.post(url, data)
        assert response.status_code == 200
        (values,) = response.context["inline_admin_formsets"]
        assert values.formset.forms[0].errors["note"] == [refusal("Anteckning")]
        assert not IndicatorValue.objects.exists()

    def test_the_focus_area_is_one_of_the_promises_own(self, client, admin_user, promise):
        own = FocusAreaFactory(promise=promise, title="Narkotika")
        foreign = FocusAreaFactory(title="Trafik i Arvidsjaur")
        indicator = IndicatorFactory(promise=promise, focus_area=own)
        client.force_login(admin_user)
        url = reverse("admin:commitments_promise_change", args=[promise.pk])
        page = client.get(url)
        (formset,) = [
            i.formset for i in page.context["inline_admin_formsets"] if i.formset.model is Indicator
        ]
        assert list(formset.forms[0].fields["focus_area"].queryset) == [own]
        url = reverse("admin:commitments_indicator_change", args=[indicator.pk])
        data = form_data(client.get(url))
        data["focus_area"] = foreign.pk
        response = client.post(url, data)
        assert response.status_code == 200
        indicator.refresh_from_db()
        assert indicator.focus_area == own

    def test_a_baseline_needs_a_date_and_a_value(self, client, admin_user, indicator):
        url = reverse("admin:commitments_indicator_change", args=[indicator.pk])
        client.force_login(admin_user)
        data = form_data(client.get(url))
        data["baseline_on"] = ""
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["baseline_on"] == [
            "En baslinje behöver både ett datum och ett värde."
        ]


class TestTheUpload:
    def upload(self, client, promise, content, name="varden.csv"):
        url = reverse("indicator_import", args=[promise.slug])
        return client.post(url, {"file": SimpleUploadedFile(name, content)})

    def test_values_from_a_swedish_spreadsheet(self, client, coordinator, promise, indicator):
        IndicatorValueFactory(indicator=indicator, measured_on=D(2024, 10, 1), value=19)
        client.force_login(coordinator)
        content = (
            "\ufeffindikator;datum;värde;anteckning;källa\n"
            "otrygghet;2024-10-01;17,2;Rättad siffra;\n"
            "otrygghet;2025-05-01;16,4;;https://polisen.se/\n"
        ).encode()
        response = self.upload(client, promise, content)
        assert response.status_code == 302
        assert [(v.measured_on, v.value, v.entered_by) for v in IndicatorValue.objects.all()] == [
            (D(2024, 10, 1), Decimal("17.2"), coordinator),
            (D(2025, 5, 1), Decimal("16.4"), coordinator),
        ]
        page = client.get(response["Location"]).text
        assert "Värden importerade: 1 tillagda, 1 ersatta, 0 oförändrade." in page

    def test_a_bad_row_refuses_the_file_naming_its_line(
        self, client, coordinator, promise, indicator
    ):
        client.force_login(coordinator)
        content = (
            "indicator,date,value,note,source_url\n"
            "otrygghet,2024-10-01,17.2,,\n"
            f"otrygghet,2025-05-01,16.4,Uppgift från {NUMBER},\n"
            "okand,2025-05-01,3,,\n"
            "otrygghet,2026-10-01,16,,\n"
        ).encode()
        response = self.upload(client, promise, content)
        assert response.status_code == 400
        errors = response.context["errors"]
        assert any(error.startswith("rad 3, ") and "personnumret" in error for error in errors)
        assert any(error.startswith("rad 4, ") and "okand" in error for error in errors)
        assert any(
            error.startswith("rad 5, ") and "inte efter 2025-06-15" in error for error in errors
        )
        assert not IndicatorValue.objects.exists()

    def test_a_file_too_large_for_a_web_worker_names_the_command(
        self, client, coordinator, promise, indicator, settings
    ):
        settings.ADMIN_ACTIVITY_FILE_MAX_BYTES = 50
        client.force_login(coordinator)
        content = b"indicator,date,value\n" + b"otrygghet,2024-10-01,17.2\n" * 5
        response = self.upload(client, promise, content)
        assert response.status_code == 200
        (error,) = response.context["form"].errors["file"]
        assert "python manage.py import_indicator_values lofte varden.csv" in error
        assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("typed", ["٣", "３", "1e3", "NaN", "Infinity", "17,2,1", "17.2.1"])
def test_a_value_is_written_in_ascii_digits(client, coordinator, promise, indicator, typed):
    client.force_login(coordinator)
    response = post_value(client, promise, indicator, value=typed)
    assert response.context["form"].errors["value"] == [
        "Skriv värdet som ett tal, till exempel 17,2."
    ]
    assert not IndicatorValue.objects.exists()


def test_the_edit_form_shows_the_value_as_typed(client, coordinator, promise, indicator):
    value = IndicatorValueFactory(indicator=indicator, value=Decimal("17.200"))
    client.force_login(coordinator)
    page = client.get(reverse("indicator_value_edit", args=[promise.slug, indicator.key, value.pk]))
    assert 'name="value" value="17,2"' in page.text


def test_the_dashboard_leads_to_the_indicators_page(client, municipal_reporter, promise, indicator):
    client.force_login(municipal_reporter)
    page = client.get(reverse("dashboard", args=[promise.slug])).text
    assert reverse("indicator_list", args=[promise.slug]) in page
    assert "Indikatorernas värden, och var de förs in" in page
