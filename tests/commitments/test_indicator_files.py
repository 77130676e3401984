"""Indicator values from CSV (`import_indicator_values`): all or nothing, every bad row by its
line, a value replaced through save() when its indicator and date have one."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.utils.text import capfirst

from commitments import indicator_files
from commitments.files import FileImportError
from commitments.indicator_files import ValuesImported, import_indicator_values, read_number
from commitments.models import IndicatorValue
from tests.factories import IndicatorFactory, IndicatorValueFactory
from tests.personal_data import NUMBER, refusal

D = datetime.date
HEADER = "indicator,date,value,note,source_url\n"


@pytest.fixture(autouse=True)
def today(time_machine):
    """A day after every value of the files below: a value is of a day that has come."""
    time_machine.move_to(datetime.datetime(2025, 12, 15, 12, 0), tick=False)


@pytest.fixture
def indicators(promise):
    return {
        "otrygghet": IndicatorFactory(promise=promise, key="otrygghet"),
        "provat": IndicatorFactory(promise=promise, key="provat", unit="percent"),
    }


@pytest.fixture
def existing(indicators, municipal_reporter):
    """The safety survey of 2024, entered in the app."""
    return IndicatorValueFactory(
        indicator=indicators["otrygghet"],
        measured_on=D(2024, 10, 1),
        value=Decimal("17.2"),
        note="Från rapporten.",
        entered_by=municipal_reporter,
    )


def values():
    """Every value saved: (key, date, value, note, source URL), by key and date."""
    return list(
        IndicatorValue.objects.order_by("indicator__key", "measured_on").values_list(
            "indicator__key", "measured_on", "value", "note", "source_url"
        )
    )


def errors_of(promise, text):
    """The errors of a refused file, after checking that nothing was saved or changed."""
    before = values(), IndicatorValue.history.count()
    with pytest.raises(FileImportError) as excinfo:
        import_indicator_values(promise, text)
    assert (values(), IndicatorValue.history.count()) == before
    return [(e.line, e.field, e.message) for e in excinfo.value.errors]


class TestImport:
    def test_rows_become_values(self, promise, indicators, police_reporter):
        text = (
            HEADER
            + "otrygghet,2024-10-01,17.2,Trygghetsmätningen 2024.,https://polisen.se/t\n"
            + "otrygghet,2025-10-01,16,,\n"
            + "provat,2024-04-15,6.125,,\n"
        )
        result = import_indicator_values(promise, text, user=police_reporter)
        assert result == ValuesImported(added=3, replaced=0, unchanged=0)
        assert values() == [
            ("otrygghet", D(2024, 10, 1), Decimal("17.2"), "Trygghetsmätningen 2024.",
             "https://polisen.se/t"),
            ("otrygghet", D(2025, 10, 1), Decimal("16"), "", ""),
            ("provat", D(2024, 4, 15), Decimal("6.125"), "", ""),
        ]  # fmt: skip
        value = IndicatorValue.objects.get(measured_on=D(2024, 10, 1))
        assert value.entered_by == police_reporter
        assert value.history.get().history_user == police_reporter

    def test_a_value_on_a_date_with_one_replaces_it_and_history_keeps_the_old(
        self, promise, existing, police_reporter
    ):
        text = HEADER + "otrygghet,2024-10-01,16.9,Rättad siffra.,\n"
        result = import_indicator_values(promise, text, user=police_reporter)
        assert result == ValuesImported(added=0, replaced=1, unchanged=0)
        existing.refresh_from_db()
        assert (existing.value, existing.note, existing.entered_by) == (
            Decimal("16.9"), "Rättad siffra.", police_reporter
        )  # fmt: skip
        old, new = existing.history.order_by("history_id")
        assert (old.value, old.note, old.history_type) == (Decimal("17.2"), "Från rapporten.", "+")
        assert (new.value, new.history_type, new.history_user) == (
            Decimal("16.9"), "~", police_reporter
        )  # fmt: skip
        assert IndicatorValue.objects.count() == 1

    def test_a_row_equal_to_the_value_there_changes_nothing(self, promise, existing):
        before = existing.version, existing.history.count()
        text = HEADER + "otrygghet,2024-10-01,17.200,Från rapporten.,\n"
        assert import_indicator_values(promise, text) == ValuesImported(0, 0, 1)
        existing.refresh_from_db()
        assert (existing.version, existing.history.count()) == before

    def test_semicolons_a_byte_order_mark_swedish_headers_and_decimal_commas(
        self, promise, indicators
    ):
        text = (
            "\ufeffIndikator;Datum;Värde;Anteckning;Källa\n"
            "otrygghet;2024-10-01;17,2;Enkät, 812 svar;\n"
            "provat;2024-04-15;1 234,5;;https://example.org/can\n"
        )
        result = import_indicator_values(promise, text.encode("utf-8"))
        assert result == ValuesImported(2, 0, 0)
        assert values() == [
            ("otrygghet", D(2024, 10, 1), Decimal("17.2"), "Enkät, 812 svar", ""),
            ("provat", D(2024, 4, 15), Decimal("1234.5"), "", "https://example.org/can"),
        ]

    def test_columns_in_any_order_and_without_the_optional_ones(self, promise, indicators):
        text = "value,indicator,date\n18,otrygghet,2023-10-01\n"
        assert import_indicator_values(promise, text) == ValuesImported(1, 0, 0)
        assert values() == [("otrygghet", D(2023, 10, 1), Decimal("18"), "", "")]

    def test_a_note_over_several_lines(self, promise, indicators):
        text = HEADER + 'otrygghet,2024-10-01,17.2,"Nytt formulär.\nJämför försiktigt.",\n'
        import_indicator_values(promise, text)
        assert IndicatorValue.objects.get().note == "Nytt formulär.\nJämför försiktigt."

    def test_a_file_object_is_read(self, promise, indicators, tmp_path):
        path = tmp_path / "varden.csv"
        path.write_text(HEADER + "otrygghet,2024-10-01,17.2,,\n", encoding="utf-8")
        with path.open("rb") as file:
            assert import_indicator_values(promise, file) == ValuesImported(1, 0, 0)

    def test_a_header_alone_imports_nothing(self, promise, indicators):
        assert import_indicator_values(promise, HEADER) == ValuesImported(0, 0, 0)


class TestRefused:
    def test_one_bad_row_and_nothing_is_saved(self, promise, existing):
        text = (
            HEADER
            + "otrygghet,2024-10-01,16.9,,\n"
            + "otrygghet,2025-10-01,16.1,,\n"
            + "provat,2024-04-15,sex,,\n"
        )
        assert errors_of(promise, text) == [
            (4, "value", "sex är inte ett tal (skriv 17,2 eller 17.2)")
        ]

    def test_every_bad_row_with_its_line_and_field(self, promise, indicators):
        text = (
            HEADER
            + "otrygghet,2024-10-01,17.2,,\n"
            + "trygghet,2024-10-01,17.2,,\n"
            + "otrygghet,2024-13-01,17.2,,\n"
            + "otrygghet,1899-12-31,17.2,,\n"
            + "otrygghet,2025-10-01,17.2.1,,\n"
            + "otrygghet,2025-11-01,,,\n"
            + f"provat,2024-04-15,6.0,Uppgift från {NUMBER},\n"
            + "otrygghet,2024-10-01,17.3,,\n"
            + "provat,2024-04-16,6.1234,,\n"
            + "provat,2024-04-17,6,,inte en adress\n"
            + "provat,2024-04-18,6,,,extra\n"
            + "provat,2025-12-16,6,,\n"
        )
        note = capfirst(str(IndicatorValue._meta.get_field("note").verbose_name))
        assert errors_of(promise, text) == [
            (3, "indicator",
             "ingen indikator med nyckeln trygghet i lofte (löftets indikatorer: otrygghet, "
             "provat)"),
            (4, "date", "2024-13-01 är inte ett datum (ÅÅÅÅ-MM-DD)"),
            (5, "date", "1899-12-31 ligger inte under åren 1900–2100"),
            (6, "value", "17.2.1 är inte ett tal (skriv 17,2 eller 17.2)"),
            (7, "value", "saknas; fältet är obligatoriskt"),
            (8, "note", refusal(note)),
            (9, "date", "samma indikator och datum som rad 2 i filen"),
            (10, "value", "Säkerställ att det inte är mer än 3 decimaler."),
            (11, "source_url", "Fyll i en giltig URL."),
            (12, "-", "fler värden än kolumner"),
            (13, "date", "Ett värde mäts en dag som har kommit: inte efter 2025-12-15."),
        ]  # fmt: skip

    def test_a_personal_identity_number_in_the_note_is_refused_naming_the_field(
        self, promise, indicators
    ):
        text = HEADER + "otrygghet,2024-10-01,17.2,Samtal med 850312-1234,\n"
        label = capfirst(str(IndicatorValue._meta.get_field("note").verbose_name))
        assert errors_of(promise, text) == [(2, "note", refusal(label))]

    @pytest.mark.parametrize(
        ("text", "error"),
        [
            ("", (1, "-", "filen är tom; den behöver en rubrikrad")),
            ("indicator,date\notrygghet,2024-10-01\n", (1, "value", "kolumnen saknas")),
            ("indikator,datum,värde,färg\n",
             (1, "färg", "okänd kolumn (kända: indicator, date, value, note, source_url, eller på "
                         "svenska: indikator, datum, värde, anteckning, källa)")),
        ],
    )  # fmt: skip
    def test_a_header_it_cannot_read(self, promise, indicators, text, error):
        assert errors_of(promise, text) == [error]

    def test_a_note_left_open_swallowing_rows(self, promise, indicators):
        text = HEADER + 'otrygghet,2024-10-01,17.2,"Öppen,\notrygghet,2025-10-01,16.1,Stängd",\n'
        assert errors_of(promise, text) == [
            (2, "note",
             "anteckningen fortsätter över rad 3, som ser ut som en egen rad; saknas ett "
             "avslutande citattecken?"),
        ]  # fmt: skip

    def test_not_utf8(self, promise, indicators):
        text = (HEADER + "otrygghet,2024-10-01,17.2,Mätt i år,\n").encode("latin-1")
        assert errors_of(promise, text.replace(b"M", "ä".encode("latin-1"))) == [
            (1, "-", "filen är inte UTF-8-text")
        ]

    def test_too_many_rows(self, promise, indicators, monkeypatch):
        monkeypatch.setattr(indicator_files, "MAX_ROWS", 2)
        rows = "".join(f"otrygghet,2024-10-0{day},17.2,,\n" for day in range(1, 5))
        assert errors_of(promise, HEADER + rows) == [
            (4, "-", "fler än 2 rader; en fil med indikatorvärden har färre")
        ]


@pytest.mark.parametrize(
    ("text", "number"),
    [("17.2", "17.2"), ("17,2", "17.2"), ("-3", "-3"), (" 1 234,5 ", "1234.5"),
     ("1\u00a0234", "1234"), ("", None), ("17,2,1", None), ("1e3", None), ("½", None),
     ("١٧", None), ("nan", None), ("+5", None)],
)  # fmt: skip
def test_read_number(text, number):
    assert read_number(text) == (None if number is None else Decimal(number))


class TestCommand:
    @pytest.fixture
    def csv_file(self, tmp_path, indicators):
        path = tmp_path / "varden.csv"
        path.write_text(HEADER + "otrygghet,2024-10-01,17.2,,\n", encoding="utf-8")
        return path

    def run(self, *args):
        out, err = StringIO(), StringIO()
        call_command("import_indicator_values", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_imports_and_says_how_many_in_one_line(self, promise, csv_file, police_reporter):
        out, _err = self.run("lofte", str(csv_file), "--user", "polis")
        assert out == "Indikatorvärden för lofte: 1 tillagda, 0 ersatta, 0 oförändrade.\n"
        assert IndicatorValue.objects.get().entered_by == police_reporter
        out, _err = self.run("lofte", str(csv_file))
        assert out == "Indikatorvärden för lofte: 0 tillagda, 0 ersatta, 1 oförändrade.\n"

    def test_bad_rows_are_listed_and_it_fails_in_one_line(self, promise, indicators, tmp_path):
        path = tmp_path / "varden.csv"
        path.write_text(HEADER + "otrygghet,2024-10-01,17.2,,\nokand,2024,x,,\n")
        err = StringIO()
        with pytest.raises(CommandError) as excinfo:
            call_command("import_indicator_values", "lofte", str(path), stderr=err)
        assert str(excinfo.value) == "Filen har 3 fel; inget importerades."
        assert excinfo.value.returncode == 1
        assert err.getvalue().splitlines() == [
            "rad 3, date: 2024 är inte ett datum (ÅÅÅÅ-MM-DD)",
            "rad 3, indicator: ingen indikator med nyckeln okand i lofte (löftets indikatorer: "
            "otrygghet, provat)",
            "rad 3, value: x är inte ett tal (skriv 17,2 eller 17.2)",
        ]
        assert not IndicatorValue.objects.exists()

    @pytest.mark.parametrize(
        ("args", "reason"),
        [
            (["nowhere", "{csv}"], "Inget löfte nowhere."),
            (["lofte", "{missing}"], "Kan inte läsa {missing}: No such file or directory"),
            (["lofte", "{csv}", "--user", "nobody"], "Ingen användare nobody."),
        ],
    )
    def test_bad_input_stops_it_with_a_reason(self, promise, csv_file, args, reason):
        names = {"csv": str(csv_file), "missing": str(csv_file.parent / "saknas.csv")}
        args = [arg.format(**names) for arg in args]
        with pytest.raises(CommandError) as excinfo:
            self.run(*args)
        assert str(excinfo.value) == reason.format(**names)
        assert not IndicatorValue.objects.exists()

    def test_the_exit_code_is_not_zero(self, promise, csv_file, capsys):
        with pytest.raises(SystemExit) as excinfo:
            execute_from_command_line(
                ["manage.py", "import_indicator_values", "--skip-checks", "nowhere", "x"]
            )
        assert excinfo.value.code == 1
        assert capsys.readouterr().err == "CommandError: Inget löfte nowhere.\n"
