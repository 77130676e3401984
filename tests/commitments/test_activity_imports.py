"""Import integrity: a file imported twice is refused, and each import is recorded."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.activity_files import import_activities
from commitments.files import FileImportError
from commitments.models import Activity, ActivityImport
from tests.factories import ActivityFactory

D = datetime.date
FILE = (
    "datum;åtagande;antal;organisation;typ;beskrivning;plats\n"
    "2025-03-01;hundsok;1;police;Hundsök;Hundsök på skolan.;Högstadiet\n"
    "2025-03-02;hundsok;2;police;;Hundsök igen.;\n"
)
SAME = "samma åtagande, datum, organisation, antal, typ, beskrivning och plats som aktivitet"


def refused(promise, text, **options):
    with pytest.raises(FileImportError) as excinfo:
        import_activities(promise, text, **options)
    return [str(error) for error in excinfo.value.errors]


class TestDoubleImport:
    def test_the_same_file_twice_is_refused_with_every_row(
        self, promise, commitments, police_reporter
    ):
        first, second = import_activities(
            promise, FILE, user=police_reporter, file_name="aktiviteter.csv"
        )
        assert refused(promise, FILE) == [
            f"rad 2, -: {SAME} {first.pk}, importerad från aktiviteter.csv den 2025-06-15 14:00",
            f"rad 3, -: {SAME} {second.pk}, importerad från aktiviteter.csv den 2025-06-15 14:00",
        ]
        assert Activity.objects.count() == 2

    def test_a_row_like_an_activity_logged_in_the_form(self, promise, commitments):
        logged = ActivityFactory(
            commitment=commitments["hundsok"], occurred_on=D(2025, 3, 2), quantity=2,
            description="Hundsök igen.",
        )  # fmt: skip
        assert refused(promise, FILE) == [
            f"rad 3, -: {SAME} {logged.pk}, registrerad den 2025-06-15 14:00"
        ]

    @pytest.mark.parametrize(
        "change",
        [
            {"quantity": 3},
            {"place": "Gymnasiet"},
            {"description": "Hundsök på skolan"},
            {"occurred_on": D(2025, 3, 3)},
            {"kind": "skolbesök"},
        ],
    )
    def test_a_row_that_differs_in_any_field_is_not_a_duplicate(self, promise, commitments, change):
        values = {
            "commitment": commitments["hundsok"], "occurred_on": D(2025, 3, 1), "quantity": 1,
            "kind": "hundsök", "description": "Hundsök på skolan.", "place": "Högstadiet",
        }  # fmt: skip
        ActivityFactory(**{**values, **change})
        assert len(import_activities(promise, FILE)) == 2

    def test_kinds_compare_as_stored(self, promise, commitments):
        # "Hundsök" in the file is stored as "hundsök", so it matches the logged one.
        ActivityFactory(
            commitment=commitments["hundsok"], occurred_on=D(2025, 3, 1), kind="hundsök",
            description="Hundsök på skolan.", place="Högstadiet",
        )  # fmt: skip
        assert len(refused(promise, FILE)) == 1

    def test_allowed_duplicates_are_imported(self, promise, commitments):
        import_activities(promise, FILE)
        assert len(import_activities(promise, FILE, allow_duplicates=True)) == 2
        assert Activity.objects.count() == 4

    def test_duplicates_are_listed_with_the_other_errors(self, promise, commitments):
        import_activities(promise, FILE)
        text = FILE + "2025-03-03;okand;1;police;;Sök.;\n"
        errors = refused(promise, text)
        assert len(errors) == 3
        assert errors[2].startswith("rad 4, commitment: inget åtagande med nyckeln okand")


class TestDuplicatesWithinAFile:
    def test_a_row_like_an_earlier_row_is_refused(self, promise, commitments):
        text = FILE + "2025-03-01;hundsok;1;police;hundsök;Hundsök på skolan.;Högstadiet\n"
        assert refused(promise, text) == ["rad 4, -: samma som rad 2 i filen"]
        assert not Activity.objects.exists()

    def test_allowed_they_are_all_imported(self, promise, commitments):
        text = FILE + "2025-03-02;hundsok;2;police;;Hundsök igen.;\n"
        assert len(import_activities(promise, text, allow_duplicates=True)) == 3

    def test_the_import_asks_the_database_as_often_for_30_rows_as_for_3(
        self, promise, commitments, django_assert_num_queries
    ):
        import_activities(promise, FILE)
        rows = "".join(f"2025-02-{day:02};hundsok;1;police;;Sök {day}.;\n" for day in range(1, 29))
        with CaptureQueriesContext(connection) as few:
            refused(promise, FILE + rows[:27])
        with django_assert_num_queries(len(few.captured_queries)):
            assert len(refused(promise, FILE + rows)) == 2


class TestImportRecord:
    def test_the_import_is_recorded_and_its_activities_point_to_it(
        self, promise, commitments, police_reporter
    ):
        activities = import_activities(
            promise, FILE, user=police_reporter, file_name="aktiviteter.csv"
        )
        record = ActivityImport.objects.get()
        assert (record.promise, record.file_name, record.imported_by, record.row_count) == (
            promise, "aktiviteter.csv", police_reporter, 2,
        )  # fmt: skip
        assert {a.imported_from for a in Activity.objects.all()} == {record}
        assert activities[0].history.get().imported_from_id == record.pk

    def test_shown_on_the_activity_page(self, client, promise, commitments, admin_user, reviewer):
        activity, _ = import_activities(promise, FILE, user=admin_user, file_name="aktiviteter.csv")
        client.force_login(reviewer)
        page = client.get(reverse("activity_detail", args=[promise.slug, activity.pk]))
        assert "Importerad från aktiviteter.csv av admin 2025-06-15 14:00" in page.text

    def test_an_activity_logged_in_the_form_says_nothing_of_imports(
        self, client, promise, police_activity, reviewer
    ):
        client.force_login(reviewer)
        page = client.get(reverse("activity_detail", args=[promise.slug, police_activity.pk]))
        assert "Importerad" not in page.text


class TestCommand:
    def test_second_import_fails_with_the_rows_and_what_to_do(self, promise, commitments, tmp_path):
        path = tmp_path / "aktiviteter.csv"
        path.write_text(FILE, encoding="utf-8")
        call_command("import_activities", "lofte", str(path), stdout=StringIO())
        err = StringIO()
        with pytest.raises(CommandError, match=r"^Filen har 2 fel; inget importerades\.$"):
            call_command("import_activities", "lofte", str(path), stderr=err)
        lines = err.getvalue().splitlines()
        assert lines[0].startswith(f"rad 2, -: {SAME}")
        assert lines[1].startswith(f"rad 3, -: {SAME}")
        assert "--allow-duplicates" in lines[2]
        assert Activity.objects.count() == 2
        assert ActivityImport.objects.get().file_name == "aktiviteter.csv"

    def test_allow_duplicates(self, promise, commitments, tmp_path):
        path = tmp_path / "aktiviteter.csv"
        path.write_text(FILE, encoding="utf-8")
        call_command("import_activities", "lofte", str(path), stdout=StringIO())
        call_command(
            "import_activities", "lofte", str(path), "--allow-duplicates", stdout=StringIO()
        )
        assert Activity.objects.count() == 4
        assert ActivityImport.objects.count() == 2


class TestAdminImport:
    def post(self, client, promise, **data):
        return client.post(
            reverse("admin:commitments_activity_import"),
            {
                "promise": promise.pk,
                "file": SimpleUploadedFile("aktiviteter.csv", FILE.encode()),
                **data,
            },
        )

    def test_second_upload_is_refused_with_the_rows_listed(
        self, client, promise, commitments, admin_user
    ):
        client.force_login(admin_user)
        assert self.post(client, promise).status_code == 302
        response = self.post(client, promise)
        assert response.status_code == 200
        assert "Filen har 2 fel; inget importerades." in response.text
        assert f"rad 2, -: {SAME}" in response.text
        assert "Importera ändå rader som liknar redan loggade aktiviteter" in response.text
        assert Activity.objects.count() == 2

    def test_the_checkbox_imports_them_anyway(self, client, promise, commitments, admin_user):
        client.force_login(admin_user)
        self.post(client, promise)
        assert self.post(client, promise, allow_duplicates="on").status_code == 302
        assert Activity.objects.count() == 4
        record = ActivityImport.objects.first()
        assert (record.file_name, record.imported_by) == ("aktiviteter.csv", admin_user)
