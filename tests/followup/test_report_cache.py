"""The report's page, PDF and workbook are cached by promise, change stamp, period and language:
a second request is served without building the report, and every change the report shows is
in it on the next request."""

import datetime
import io
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook
from pypdf import PdfReader

from commitments.activity_files import import_activities
from commitments.erasure import erase_text
from commitments.models import Activity

from .conftest import weasyprint_or_skip

D = datetime.date
OUTPUTS = ["report", "report_pdf", "report_xlsx"]


def text_of(response):
    """What the report says, whatever its form, with runs of white space as one space."""
    if response["Content-Type"] == "application/pdf":
        pages = PdfReader(io.BytesIO(response.content)).pages
        text = " ".join(page.extract_text() for page in pages)
    elif response["Content-Type"].startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content))
        text = " ".join(
            str(value)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    else:
        text = strip_tags(response.text)
    return " ".join(text.split())


@pytest.fixture
def builds(monkeypatch):
    """The reports built, as (promise slug, as_of, from, to), in order."""
    from followup.views import reports

    built = []

    def counting(promise, as_of, start, end):
        built.append((promise.slug, as_of, start, end))
        return build_report(promise, as_of, start, end)

    build_report = reports.build_report
    monkeypatch.setattr(reports, "build_report", counting)
    return built


@pytest.fixture
def read(client, reviewer, promise):
    """``read(output, **params)``: the reviewer's request for an output of the report."""
    client.force_login(reviewer)

    def read(output, **params):
        if output == "report_pdf":
            weasyprint_or_skip()
        headers = {name: params.pop(name) for name in list(params) if name.startswith("HTTP_")}
        response = client.get(reverse(output, args=[promise.slug]), params, **headers)
        assert response.status_code == 200
        return response

    return read


class TestCached:
    @pytest.mark.parametrize("output", OUTPUTS)
    def test_a_second_request_is_served_from_the_cache(self, read, zoo, builds, output):
        first = read(output)
        second = read(output)
        assert len(builds) == 1
        if output == "report":
            assert text_of(second) == text_of(first)
        else:
            assert second.content == first.content

    @pytest.mark.parametrize("output", OUTPUTS)
    def test_every_reader_gets_the_same_entry(
        self, read, zoo, builds, client, police_reporter, output
    ):
        read(output)
        client.force_login(police_reporter)
        read(output)
        assert len(builds) == 1

    def test_what_depends_on_the_reader_is_not_cached(self, read, zoo, client, police_reporter):
        assert "bra" in read("report").text.split('class="user-info"')[1].split("</p>")[0]
        client.force_login(police_reporter)
        user_info = read("report").text.split('class="user-info"')[1].split("</p>")[0]
        assert "polis" in user_info and "bra" not in user_info

    @pytest.mark.parametrize("output", OUTPUTS)
    def test_two_languages_are_two_entries(self, read, zoo, builds, client, output):
        swedish = text_of(read(output))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = text_of(read(output))
        assert ("Uppfyllt" in swedish, "Uppfyllt" in english) == (True, False)
        assert ("Met" in swedish, "Met" in english) == (False, True)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
        assert text_of(read(output)) == swedish
        assert len(builds) == 2

    @pytest.mark.parametrize("output", OUTPUTS)
    def test_another_period_or_date_is_another_entry(self, read, zoo, builds, output):
        year = text_of(read(output))
        spring = text_of(read(output, **{"from": "2025-01-01", "to": "2025-04-30"}))
        earlier = text_of(read(output, as_of="2025-04-30"))
        assert builds == [
            ("lofte", D(2025, 10, 20), D(2025, 1, 1), D(2025, 10, 20)),
            ("lofte", D(2025, 10, 20), D(2025, 1, 1), D(2025, 4, 30)),
            ("lofte", D(2025, 4, 30), D(2025, 1, 1), D(2025, 4, 30)),
        ]
        # The activity of 2025-05-05 is in the year's report only.
        assert "Aktivitet för done." in year
        assert "Aktivitet för done." not in spring and "Aktivitet för done." not in earlier

    def test_the_pdfs_links_go_to_the_address_it_was_asked_at(self, read, zoo, settings):
        settings.ALLOWED_HOSTS = ["testserver", "uppfoljning.example.se"]

        def links(response):
            pages = PdfReader(io.BytesIO(response.content)).pages
            return {
                annotation.get_object()["/A"]["/URI"].split("/promises/")[0]
                for page in pages
                for annotation in page.get("/Annots", [])
            }

        assert links(read("report_pdf")) == {"http://testserver"}
        assert links(read("report_pdf", HTTP_HOST="uppfoljning.example.se")) == {
            "http://uppfoljning.example.se"
        }

    @pytest.mark.parametrize("output", ["report_pdf", "report_xlsx"])
    def test_a_file_larger_than_the_limit_is_made_every_time(
        self, read, zoo, builds, settings, output
    ):
        size = len(read(output).content)
        cache.clear()
        settings.FOLLOWUP_CACHE_FILE_MAX_BYTES = size - 1
        read(output)
        read(output)
        assert len(builds) == 3

    @pytest.mark.parametrize("output", OUTPUTS)
    def test_a_cached_request_asks_the_database_the_same_whatever_the_size(
        self, client, reviewer, big, output, django_assert_max_num_queries
    ):
        if output == "report_pdf":
            weasyprint_or_skip()
        client.force_login(reviewer)
        url = reverse(output, args=[big.slug])
        client.get(url)
        # The session, the user, the promise with its parties and change stamp, the user's
        # memberships; the page also the header's promises.
        with django_assert_max_num_queries(7 if output == "report" else 6):
            assert client.get(url).status_code == 200


# Each change: what it does, the text the report showed before it, and what it shows after.
def log(client, promise, zoo, police_reporter):
    client.force_login(police_reporter)
    client.post(
        reverse("activity_create", args=[promise.slug]) + "?commitment=met",
        {
            "commitment": zoo["met"].pk,
            "occurred_on": "2025-06-10",
            "quantity": "1",
            "description": "Nattvandring i centrum.",
            "submission": str(uuid.uuid4()),
        },
    )
    assert Activity.objects.filter(description="Nattvandring i centrum.").exists()


def edit(client, promise, zoo, police_reporter):
    activity = zoo["met"].activities.get()
    client.force_login(police_reporter)
    client.post(
        reverse("activity_edit", args=[promise.slug, activity.pk]),
        {
            "commitment": activity.commitment_id,
            "occurred_on": activity.occurred_on.isoformat(),
            "quantity": 1,
            "description": "Trygghetsvandring med skolan.",
            "opened_version": activity.version,
        },
    )
    activity.refresh_from_db()
    assert activity.description == "Trygghetsvandring med skolan."


def delete(client, promise, zoo, police_reporter):
    activity = zoo["met"].activities.get()
    client.force_login(police_reporter)
    client.post(reverse("activity_delete", args=[promise.slug, activity.pk]))
    assert not Activity.objects.filter(pk=activity.pk).exists()


def change_commitment(client, promise, zoo, police_reporter):
    commitment = zoo["met"]
    commitment.text = "Trygghetsvandring varje år."
    commitment.save()


def rename_focus_area(client, promise, zoo, police_reporter):
    area = zoo["met"].focus_area
    area.title = "Ordning och reda"
    area.save()


def erase(client, promise, zoo, police_reporter):
    erase_text(zoo["met"].activities.get().pk, "för met", reason="Felaktigt registrerat.")


def import_file(client, promise, zoo, police_reporter):
    import_activities(
        promise,
        "datum;åtagande;antal;organisation;typ;beskrivning;plats\n"
        "2025-03-03;met;1;police;;Kontroll av mopeder.;Skolvägen\n",
        police_reporter,
    )


CHANGES = {
    "logged": (log, None, "Nattvandring i centrum."),
    "edited": (edit, "Aktivitet för met.", "Trygghetsvandring med skolan."),
    "deleted": (delete, "Aktivitet för met.", None),
    "commitment changed": (change_commitment, "Åtagande met.", "Trygghetsvandring varje år."),
    "focus area renamed": (rename_focus_area, "Trygghet", "Ordning och reda"),
    "erased": (erase, "Aktivitet för met.", "Aktivitet [borttaget]."),
    "imported": (import_file, None, "Kontroll av mopeder."),
}


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("change", CHANGES)
def test_the_next_request_after_a_change_shows_it(
    read, zoo, promise, client, reviewer, police_reporter, output, change
):
    do, before, after = CHANGES[change]
    text = text_of(read(output))
    assert before is None or before in text
    assert after is None or after not in text
    assert text_of(read(output)) == text  # now cached

    do(client, promise, zoo, police_reporter)
    client.force_login(reviewer)
    text = text_of(read(output))
    assert before is None or before not in text
    assert after is None or after in text
