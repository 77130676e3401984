import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commitments.activity_export import write_activities
from commitments.activity_files import import_activities
from commitments.files import FileImportError
from commitments.models import Activity
from tests.factories import CommitmentFactory, OrganisationFactory
from tests.personal_data import refusal

D = datetime.date
HEADER = "date,commitment,quantity,organisation,kind,description,place\n"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 15, 12, 0), tick=False)


@pytest.fixture
def commitments(focus_area):
    promise = focus_area.promise
    return {
        "hundsok": CommitmentFactory(focus_area=focus_area, key="hundsok"),
        "enkat": CommitmentFactory(
            focus_area=focus_area, key="enkat", milestone=True, responsible=[promise.municipality]
        ),
    }


def errors_of(promise, text):
    with pytest.raises(FileImportError) as excinfo:
        import_activities(promise, text)
    assert not Activity.objects.exists()
    return [(e.line, e.field, e.message) for e in excinfo.value.errors]


class TestImport:
    def test_rows_become_activities(self, promise, commitments, police_reporter):
        text = (
            HEADER
            + "2024-03-20,hundsok,1,police,hundsök,Hundsök på skolan.,Högstadieskolan\n"
            + '2024-10-02,hundsok,,police,,"Hundsök, gymnasiet.",\n'
            + "2025-01-10,enkat,1,municipality,,Enkäten klar.,\n"
        )
        activities = import_activities(promise, text.encode(), user=police_reporter)
        assert len(activities) == 3
        first = Activity.objects.get(occurred_on=D(2024, 3, 20))
        assert (first.commitment.key, first.quantity, first.kind, first.place) == (
            "hundsok", 1, "hundsök", "Högstadieskolan",
        )  # fmt: skip
        assert first.organisation == promise.police_area
        assert first.reported_by == police_reporter
        assert Activity.objects.get(occurred_on=D(2024, 10, 2)).description == "Hundsök, gymnasiet."
        assert first.history.get().history_user == police_reporter

    def test_completes_column(self, promise, commitments):
        text = (
            "date,commitment,organisation,description,completes\n"
            "2025-01-10,enkat,municipality,Klar.,yes\n"
        )
        (activity,) = import_activities(promise, text)
        assert activity.completes

    def test_semicolons_from_a_swedish_spreadsheet(self, promise, commitments):
        text = "date;commitment;organisation;description\n2025-01-10;hundsok;police;Hundsök.\n"
        assert len(import_activities(promise, text)) == 1

    def test_participants_are_saved_and_in_the_first_history_record(
        self, promise, commitments, police_reporter
    ):
        text = (
            "date,commitment,organisation,description,participants\n"
            "2025-01-10,hundsok,police,Hundsök.,municipality\n"
            "2025-01-11,hundsok,police,Hundsök igen.,\n"
        )
        first, second = import_activities(promise, text, user=police_reporter)
        assert list(first.participants.all()) == [promise.municipality]
        assert not second.participants.exists()
        (record,) = first.history.all()
        assert [row.organisation for row in record.participants.all()] == [promise.municipality]
        # The first change then records only what changed, not the participants.
        first.description = "Hundsök på skolan."
        first.save()
        newest, oldest = first.history.order_by("-history_id")
        assert [c.field for c in newest.diff_against(oldest).changes] == ["description"]

    def test_swedish_column_names(self, promise, commitments):
        text = (
            "datum;åtagande;antal;organisation;typ;beskrivning;plats;slutför;deltagare\n"
            "2025-01-10;enkat;1;municipality;;Klar.;;ja;police\n"
        )
        (activity,) = import_activities(promise, text)
        assert activity.completes and list(activity.participants.all()) == [promise.police_area]

    def test_organisation_may_be_left_out_when_only_one_is_responsible(self, promise, commitments):
        (activity,) = import_activities(
            promise, "date,commitment,description\n2025-01-10,hundsok,Sök.\n"
        )
        assert activity.organisation == promise.police_area

    def test_export_then_import_gives_the_same_activities(self, promise, commitments):
        promise.other_parties.add(OrganisationFactory(name="Räddningstjänsten"))
        text = (
            "date,commitment,quantity,organisation,kind,description,place,completes,participants\n"
            '2024-03-20,hundsok,3,police,hundsök,"Sök, med hund",Skolan,,municipality\n'
            "2025-01-10,enkat,1,municipality,,Klar.,,yes,police|Räddningstjänsten\n"
            "2025-02-10,enkat,1,municipality,,Möte.,,,\n"
        )
        import_activities(promise, text)
        out = StringIO()
        write_activities(Activity.objects.order_by("occurred_on"), out)
        assert out.getvalue() == text


class TestErrors:
    """Each bad row is reported with its line number; nothing is saved."""

    def test_unknown_commitment_key(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + "2024-03-20,hundsk,1,police,,Sök.,\n")
        assert error == (2, "commitment", "inget åtagande med nyckeln hundsk i lofte")

    def test_date_outside_the_promise(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + "2023-12-31,hundsok,1,police,,Sök.,\n")
        assert error == (
            2,
            "date",
            "Datumet måste ligga inom de dagar löftet gäller (2024-01-01 – 2025-12-31).",
        )

    def test_date_in_the_future(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + "2025-06-16,hundsok,1,police,,Sök.,\n")
        assert error == (2, "date", "Datumet kan inte vara i framtiden.")

    def test_not_a_date(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + "20/3/2024,hundsok,1,police,,Sök.,\n")
        assert error == (2, "date", "20/3/2024 är inte ett datum (ÅÅÅÅ-MM-DD)")

    @pytest.mark.parametrize("day", ["0001-01-10", "9999-12-31"])
    def test_a_date_outside_1900_to_2100(self, promise, commitments, day):
        (error,) = errors_of(promise, HEADER + f"{day},hundsok,1,police,,Sök.,\n")
        assert error == (2, "date", f"{day} ligger inte under åren 1900–2100")

    @pytest.mark.parametrize("quantity", ["0", "1.5", "-2", "10001", "många"])
    def test_quantity_not_a_whole_number_from_1_to_10000(self, promise, commitments, quantity):
        (error,) = errors_of(promise, HEADER + f"2024-03-20,hundsok,{quantity},police,,Sök.,\n")
        assert error == (2, "quantity", f"{quantity} är inte ett heltal från 1 till 10 000")

    def test_quantity_of_10000_is_fine(self, promise, commitments):
        (activity,) = import_activities(
            promise, HEADER + "2024-03-20,hundsok,10000,police,,Sök.,\n"
        )
        assert activity.quantity == 10_000

    def test_organisation_not_responsible(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + "2024-03-20,hundsok,1,municipality,,Sök.,\n")
        assert error == (2, "organisation", "Älvsbyns kommun ansvarar inte för det här åtagandet.")

    def test_organisation_not_a_party(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + "2024-03-20,hundsok,1,Bodens kommun,,Sök.,\n")
        assert error[:2] == (2, "organisation")

    @pytest.mark.parametrize(
        ("row", "field", "label"),
        [
            ("2024-03-20,hundsok,1,police,,Samtal med 19850615-1238.,\n", "description",
             "Beskrivning"),
            ("2024-03-20,hundsok,1,police,,Samtal.,Hemma hos 850615-1238\n", "place", "Plats"),
            ("2024-03-20,hundsok,1,police,Inbrott hos 19811228-9874,Samtal.,\n", "kind",
             "Slag av aktivitet"),
            ("2024-03-20,hundsok,1,police,,Samtal med 8506151230.,\n", "description",
             "Beskrivning"),
        ],
    )  # fmt: skip
    def test_personal_identity_number(self, promise, commitments, row, field, label):
        assert errors_of(promise, HEADER + row) == [(2, field, refusal(label))]

    def test_empty_description(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + "2024-03-20,hundsok,1,police,,,\n")
        assert error == (2, "description", "Beskriv vad som gjordes.")

    def test_every_bad_row_by_line_number(self, promise, commitments):
        text = (
            HEADER
            + "2024-03-20,hundsok,1,police,,Bra rad.,\n"
            + '2024-03-21,hundsok,1,police,,"Beskrivning\növer två rader",\n'
            + "2024-03-22,okand,1,police,,Sök.,\n"
            + "\n"
            + "2026-01-01,hundsok,0,police,,Sök.,\n"
        )
        errors = errors_of(promise, text)
        assert [(line, field) for line, field, _ in errors] == [
            (5, "commitment"),
            (7, "date"),
            (7, "quantity"),
        ]

    def test_participant_not_a_party(self, promise, commitments):
        text = "date,commitment,description,participants\n2025-01-10,hundsok,Sök.,police|Boden\n"
        (error,) = errors_of(promise, text)
        assert error[:2] == (2, "participants")
        assert error[2].startswith("Boden är inte en part i löftet")

    def test_unknown_column(self, promise, commitments):
        (error,) = errors_of(promise, "date,commitment,description,colour\n")
        assert error[:2] == (1, "colour")

    def test_missing_column(self, promise, commitments):
        (error,) = errors_of(promise, "date,description\n")
        assert error == (1, "commitment", "kolumnen saknas")

    def test_not_utf8(self, promise, commitments):
        (error,) = errors_of(
            promise, (HEADER + "2024-03-20,hundsok,1,police,,Sök på skolan,\n").encode("latin-1")
        )
        assert error[2].startswith("filen är inte UTF-8-text")


class TestReading:
    """What spreadsheets and hand-made files send: line endings, quotes, sizes, characters."""

    ROW = "2025-01-10,hundsok,1,police,,Hundsök.,Skolan"

    def test_lines_ending_in_a_bare_cr_from_csv_for_macintosh(self, promise, commitments):
        text = (HEADER + self.ROW + "\n" + self.ROW.replace("10", "11") + "\n").replace("\n", "\r")
        assert len(import_activities(promise, text.encode())) == 2

    def test_lines_ending_in_cr_lf(self, promise, commitments):
        text = (HEADER + self.ROW + "\n").replace("\n", "\r\n")
        (activity,) = import_activities(promise, text.encode())
        assert activity.place == "Skolan"

    def test_a_cr_inside_an_unquoted_value_ends_the_line(self, promise, commitments):
        # Line 2 ends in "Hund"; line 3 ("sök.,Skolan") is no row.
        errors = errors_of(promise, HEADER + "2025-01-10,hundsok,1,police,,Hund\rsök.,Skolan\n")
        assert {line for line, _field, _message in errors} == {3}
        assert (3, "date", "sök. är inte ett datum (ÅÅÅÅ-MM-DD)") in errors

    def test_a_description_over_lines_in_quotes_is_one_value(self, promise, commitments):
        text = HEADER + '2025-01-10,hundsok,1,police,,"Hundsök.\r\nInga fynd.",Skolan\n'
        (activity,) = import_activities(promise, text)
        assert activity.description == "Hundsök.\nInga fynd."

    def test_a_quote_never_closed_is_refused_not_the_rows_after_it_swallowed(
        self, promise, commitments
    ):
        text = HEADER + '2025-01-10,hundsok,1,police,,"Hundsök.,\n' + self.ROW + "\n" + self.ROW
        assert errors_of(promise, text) == [
            (2, "-", "ett citattecken som öppnas här stängs aldrig"),
        ]

    def test_a_quote_closed_rows_later_is_refused(self, promise, commitments):
        text = (
            HEADER
            + '2025-01-10,hundsok,1,police,,"Hundsök.,Skolan\n'
            + self.ROW.replace("10", "11")
            + "\n"
            + '2025-01-12,hundsok,1,police,,Hundsök igen.",Torget\n'
        )
        assert errors_of(promise, text) == [
            (
                2,
                "description",
                "beskrivningen fortsätter över rad 3, som ser ut som en egen rad; saknas ett "
                "avslutande citattecken?",
            ),
        ]

    def test_only_the_description_may_run_over_lines(self, promise, commitments):
        text = HEADER + '2025-01-10,hundsok,1,police,,Hundsök.,"Skolan\nGården"\n'
        assert errors_of(promise, text) == [
            (
                2,
                "place",
                "bara beskrivningen får gå över flera rader; saknas ett avslutande citattecken?",
            ),
        ]

    def test_a_quote_in_the_wrong_place(self, promise, commitments):
        text = HEADER + '2025-01-10,hundsok,1,police,,"Hundsök" på skolan,Skolan\n'
        assert errors_of(promise, text) == [
            (
                2,
                "-",
                "ett värde inom citattecken måste sluta med sitt citattecken (skriv ett "
                'citattecken inne i ett sådant värde som två: "")',
            ),
        ]

    def test_a_value_over_the_field_size_limit(self, promise, commitments):
        text = HEADER + self.ROW + "\n" + f'2025-01-11,hundsok,1,police,,"{"x" * 140_000}",\n'
        assert errors_of(promise, text) == [
            (
                3,
                "-",
                "ett värde är längre än 131\xa0072 tecken (en beskrivning får ha 2 000); saknas "
                "ett avslutande citattecken?",
            ),
        ]

    @pytest.mark.parametrize("quantity", ["²", "①", "\u0662", "\uff12", "9" * 5000])
    def test_quantity_in_other_digits(self, promise, commitments, quantity):
        (error,) = errors_of(promise, HEADER + f"2025-01-10,hundsok,{quantity},police,,Sök.,\n")
        assert error[:2] == (2, "quantity")
        assert error[2].endswith(" är inte ett heltal från 1 till 10 000")

    def test_nul_in_a_description_names_the_field(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + "2025-01-10,hundsok,1,police,,Hund\x00sök.,\n")
        assert error == (
            2,
            "description",
            "Fältet ”Beskrivning” innehåller ett NUL-tecken, som ingen text får innehålla. Ta "
            "bort det och försök igen.",
        )

    def test_control_characters_are_stripped(self, promise, commitments):
        text = HEADER + "2025-01-10,hundsok,1,police,hund\x0csök,Hund\x01sök.\x1b,Sko\x7flan\n"
        (activity,) = import_activities(promise, text)
        assert (activity.kind, activity.description, activity.place) == (
            "hundsök", "Hundsök.", "Skolan",
        )  # fmt: skip

    def test_a_value_quoted_back_is_shortened(self, promise, commitments):
        (error,) = errors_of(promise, HEADER + f"2025-01-10,{'k' * 300},1,police,,Sök.,\n")
        assert error == (2, "commitment", f"inget åtagande med nyckeln {'k' * 39}… i lofte")


class TestCommand:
    def test_import_activities_as_a_user(self, promise, commitments, police_reporter, tmp_path):
        path = tmp_path / "activities.csv"
        path.write_text(HEADER + "2024-03-20,hundsok,1,police,,Sök.,\n", encoding="utf-8")
        out = StringIO()
        call_command("import_activities", "lofte", str(path), "--user", "polis", stdout=out)
        assert out.getvalue().strip() == "1 aktiviteter importerades till lofte."
        assert Activity.objects.get().reported_by == police_reporter

    def test_bad_rows_fail_the_command(self, promise, commitments, tmp_path):
        path = tmp_path / "activities.csv"
        path.write_text(HEADER + "2024-03-20,hundsk,1,police,,Sök.,\n", encoding="utf-8")
        err = StringIO()
        with pytest.raises(CommandError, match="Filen har 1 fel; inget importerades."):
            call_command("import_activities", "lofte", str(path), stderr=err)
        assert err.getvalue().startswith("rad 2, commitment: inget åtagande")

    def test_unknown_user(self, promise, tmp_path):
        with pytest.raises(CommandError, match="Ingen användare nobody."):
            call_command("import_activities", "lofte", str(tmp_path / "x.csv"), "--user", "nobody")

    def test_unknown_promise(self, db, tmp_path):
        with pytest.raises(CommandError, match="Inget löfte nowhere."):
            call_command("import_activities", "nowhere", str(tmp_path / "x.csv"))
