"""Large imports: the admin refuses files over a set size and points to the commands, which read
a file in batches (all or nothing still) and show their progress on a terminal only."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments import activity_files
from commitments.activity_files import import_activities
from commitments.files import FileImportError
from commitments.models import Activity, ActivityImport, Promise
from tests.commitments.test_promise_files import VALID

D = datetime.date
HEADER = "date,commitment,quantity,organisation,kind,description,place,participants\n"


def rows(count, start=1):
    return "".join(
        f"2025-03-{day:02},samverkan,1,police,,Möte nummer {day}.,,municipality\n"
        for day in range(start, start + count)
    )


class Terminal(StringIO):
    """What a command writes to when run by someone at a terminal."""

    def isatty(self):
        return True


class TestAdminRefusesLargeFiles:
    def test_a_large_activity_file_is_refused_with_the_command_to_use(
        self, client, admin_user, promise, commitments, settings
    ):
        settings.ADMIN_ACTIVITY_FILE_MAX_BYTES = 1024
        text = HEADER + rows(20)
        assert len(text.encode()) > 1024
        client.force_login(admin_user)
        response = client.post(
            reverse("admin:commitments_activity_import"),
            {"promise": promise.pk, "file": SimpleUploadedFile("stor.csv", text.encode())},
        )
        assert response.status_code == 200
        assert (
            "Filen är 1,3\xa0kB; här importeras filer på högst 1,0\xa0kB. Importera den med "
            "kommandot i stället: python manage.py import_activities lofte stor.csv"
        ) in response.text
        assert not Activity.objects.exists()
        assert not ActivityImport.objects.exists()

    def test_a_file_of_the_largest_size_is_imported(
        self, client, admin_user, promise, commitments, settings
    ):
        text = (HEADER + rows(20)).encode()
        settings.ADMIN_ACTIVITY_FILE_MAX_BYTES = len(text)
        client.force_login(admin_user)
        response = client.post(
            reverse("admin:commitments_activity_import"),
            {"promise": promise.pk, "file": SimpleUploadedFile("stor.csv", text)},
        )
        assert response.status_code == 302
        assert Activity.objects.count() == 20

    def test_a_large_promise_file_is_refused_with_the_command_to_use(
        self, client, admin_user, settings
    ):
        settings.ADMIN_PROMISE_FILE_MAX_BYTES = 100
        client.force_login(admin_user)
        response = client.post(
            reverse("admin:commitments_promise_import"),
            {"file": SimpleUploadedFile("test-2024.yaml", VALID.encode())},
        )
        assert response.status_code == 200
        assert "här importeras filer på högst 100\xa0byte" in response.text
        assert "python manage.py import_promise test-2024.yaml [--replace]" in response.text
        assert not Promise.objects.exists()

    def test_the_default_sizes_are_documented(self, settings):
        from pathlib import Path

        readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
        assert settings.ADMIN_ACTIVITY_FILE_MAX_BYTES == 1024 * 1024
        assert settings.ADMIN_PROMISE_FILE_MAX_BYTES == 100 * 1024
        assert "`ADMIN_ACTIVITY_FILE_MAX_BYTES`" in readme
        assert "`ADMIN_PROMISE_FILE_MAX_BYTES`" in readme


class TestBatches:
    """Rows are saved a batch at a time; the file is still imported all or nothing."""

    @pytest.fixture(autouse=True)
    def small_batches(self, monkeypatch):
        monkeypatch.setattr(activity_files, "BATCH", 2)

    def test_every_batch_is_saved_with_its_participants_and_history(self, promise, commitments):
        imported = import_activities(promise, HEADER + rows(5), file_name="fem.csv")
        assert [a.description for a in imported] == [f"Möte nummer {n}." for n in range(1, 6)]
        assert ActivityImport.objects.get().row_count == 5
        for activity in imported:
            assert list(activity.participants.all()) == [promise.municipality]
            (record,) = activity.history.all()
            assert [p.organisation for p in record.participants.all()] == [promise.municipality]

    def test_a_bad_row_after_saved_batches_leaves_nothing(self, promise, commitments):
        text = HEADER + rows(5) + "2025-03-09,okand,1,police,,Möte.,,\n"
        with pytest.raises(FileImportError) as refused:
            import_activities(promise, text)
        assert [(e.line, e.field) for e in refused.value.errors] == [(7, "commitment")]
        assert not Activity.objects.exists()
        assert not Activity.history.exists()
        assert not ActivityImport.objects.exists()

    def test_a_row_like_one_in_an_earlier_batch_is_found(self, promise, commitments):
        text = HEADER + rows(5) + rows(1)
        with pytest.raises(FileImportError) as refused:
            import_activities(promise, text)
        assert [str(e) for e in refused.value.errors] == ["rad 7, -: samma som rad 2 i filen"]
        assert not Activity.objects.exists()


class TestProgress:
    @pytest.fixture
    def csv_file(self, tmp_path):
        path = tmp_path / "aktiviteter.csv"
        path.write_text(HEADER + rows(5), encoding="utf-8")
        return path

    def test_a_terminal_sees_a_progress_bar_then_the_result(
        self, promise, commitments, csv_file, monkeypatch
    ):
        monkeypatch.setattr(activity_files, "PROGRESS_EVERY", 2)
        out = Terminal()
        call_command("import_activities", "lofte", str(csv_file), stdout=out)
        bars = out.getvalue().split("\r")
        assert bars[1].startswith("[") and "rad 3" in bars[1]
        assert "rad 5" in bars[2] and "%" in bars[2]
        assert bars[-1] == "5 aktiviteter importerades till lofte.\n"
        assert bars[-2].strip() == ""  # the bar is wiped before the result

    def test_a_log_or_pipe_gets_the_result_alone(self, promise, commitments, csv_file, monkeypatch):
        monkeypatch.setattr(activity_files, "PROGRESS_EVERY", 1)
        out = StringIO()
        call_command("import_activities", "lofte", str(csv_file), stdout=out)
        assert out.getvalue() == "5 aktiviteter importerades till lofte.\n"

    def test_a_refused_file_wipes_the_bar_before_the_errors(
        self, promise, commitments, tmp_path, monkeypatch
    ):
        monkeypatch.setattr(activity_files, "PROGRESS_EVERY", 1)
        path = tmp_path / "fel.csv"
        path.write_text(HEADER + rows(2) + "2025-03-09,okand,1,police,,Möte.,,\n", "utf-8")
        out, err = Terminal(), StringIO()
        with pytest.raises(CommandError, match="Filen har 1 fel; inget importerades."):
            call_command("import_activities", "lofte", str(path), stdout=out, stderr=err)
        assert out.getvalue().endswith("\r")
        assert err.getvalue().startswith("rad 4, commitment: inget åtagande")

    def test_a_promise_file_shows_the_commitments_saved_on_a_terminal(self, db, tmp_path):
        path = tmp_path / "test.yaml"
        path.write_text(VALID, encoding="utf-8")
        out = Terminal()
        call_command("import_promise", str(path), stdout=out)
        bars = out.getvalue().split("\r")
        assert bars[1] == "[------------------------------]   0% läser filen"
        assert bars[2].startswith("[##############################] 100% åtagande 2 av 2")
        assert bars[-1] == "test-2024 importerades: 1 inriktningar, 2 åtaganden.\n"
