"""Outcome indicators in promise files: the optional `indicators` key, read with the line and
field of every error, saved all or nothing, written back exactly, and re-imported (`--replace`)
without losing a value entered in the app."""

import datetime
import textwrap
from decimal import Decimal

import pytest
from django.utils.text import capfirst

from commitments.models import Activity, FocusArea, Indicator, IndicatorValue, Promise
from commitments.promise_files import export_promise, import_promise
from tests.commitments.test_promise_files import ALVSBYN, VALID, errors_of, snapshot
from tests.factories import IndicatorValueFactory, UserFactory
from tests.personal_data import NUMBER, refusal

D = datetime.date

# Every field an indicator and a value can have, written as export writes them (so the file's
# text comes back to the letter): units and directions of each kind, a focus area and none, a
# baseline and none, notes on one line and on several, a source URL, the largest value.
INDICATORS = textwrap.dedent(
    """\
    indicators:
      - key: otrygghet-kvall
        name: Andel som känner sig otrygga ute sent en kväll i sitt bostadsområde
        unit: percent
        direction: lower_is_better
        source: Polisens trygghetsmätning
        focus_area: null
        baseline: {date: 2023-10-01, value: 18.0}
        target: 15.0
        values:
          - {date: 2024-10-01, value: 17.2, note: null, source_url: null}
          - {date: 2025-10-01, value: 16.125, note: 812 svar., source_url: 'https://polisen.se/'}
          - date: 2026-10-01
            value: 0.0
            note: |
              Nytt frågeformulär.
              Jämför med försiktighet.
            source_url: null
      - key: narkotikabrott
        name: Anmälda narkotikabrott per 1 000 invånare
        unit: rate
        direction: higher_is_better
        source: null
        focus_area: Narkotika
        baseline: null
        target: null
        values: []
      - key: antal
        name: Antal trygghetsvandringar
        unit: count
        direction: higher_is_better
        source: Kommunens statistik
        focus_area: Narkotika
        baseline: {date: 2023-12-31, value: 12.0}
        target: 999999999.999
        values:
          - {date: 2024-12-31, value: -3.5, note: null, source_url: null}
      - key: index
        name: Trygghetsindex
        unit: index
        direction: higher_is_better
        source: null
        focus_area: null
        baseline: null
        target: 100.0
        values: []
    """
)
FULL = VALID + INDICATORS
TODAY = datetime.datetime(2026, 11, 26, 12, 0)


@pytest.fixture(autouse=True)
def today(time_machine):
    """A day after every value of FULL: a value is of a day that has come."""
    time_machine.move_to(TODAY, tick=False)


def edit(old, new, text=FULL):
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line(text, fragment):
    """The line (from 1) of ``text`` that holds ``fragment``, the only one."""
    (number,) = [n for n, row in enumerate(text.splitlines(), start=1) if fragment in row]
    return number


def label(model, field):
    """A field's label as the personal-data refusal names it."""
    return capfirst(str(model._meta.get_field(field).verbose_name))


def indicators_of(promise):
    """The promise's indicators and values, every field but ids, versions and timestamps."""
    return [
        (
            i.key, i.name, i.unit, i.direction, i.source,
            i.focus_area.title if i.focus_area else None, i.baseline_on, i.baseline_value,
            i.target, i.position,
            [(v.measured_on, v.value, v.note, v.source_url, v.entered_by_id)
             for v in i.values.all()],
        )
        for i in Indicator.objects.filter(promise=promise).select_related("focus_area")
    ]  # fmt: skip


@pytest.mark.django_db
class TestRoundTrip:
    def test_the_file_comes_back_to_the_letter(self):
        text = export_promise(import_promise(FULL))
        assert text.endswith(INDICATORS)

    def test_export_import_export_gives_the_same_text_and_indicators(self):
        promise = import_promise(FULL)
        before, text = indicators_of(promise), export_promise(promise)
        promise.delete()
        again = import_promise(text)
        assert indicators_of(again) == before
        assert export_promise(again) == text

    def test_what_is_saved(self):
        promise = import_promise(FULL)
        safety, crimes, walks, index = Indicator.objects.filter(promise=promise)
        assert (safety.unit, safety.direction, safety.focus_area) == (
            "percent",
            "lower_is_better",
            None,
        )
        assert (safety.baseline_on, safety.baseline_value, safety.target) == (
            D(2023, 10, 1),
            Decimal("18.0"),
            Decimal("15.0"),
        )
        assert [(v.measured_on, v.value) for v in safety.values.all()] == [
            (D(2024, 10, 1), Decimal("17.2")),
            (D(2025, 10, 1), Decimal("16.125")),
            (D(2026, 10, 1), Decimal("0")),
        ]
        assert safety.values.last().note == "Nytt frågeformulär.\nJämför med försiktighet."
        assert crimes.focus_area == FocusArea.objects.get(promise=promise, title="Narkotika")
        assert (crimes.baseline_on, crimes.baseline_value, crimes.target) == (None, None, None)
        assert walks.values.get().value == Decimal("-3.5")
        assert (index.unit, index.target, index.source) == ("index", Decimal("100"), "")
        assert [i.position for i in (safety, crimes, walks, index)] == [0, 1, 2, 3]

    def test_a_whole_number_is_written_with_a_decimal_and_then_stays(self):
        """18.0 comes back 18.0; 17 comes back 17.0, once, and from then on the same."""
        text = edit("value: 17.2, note: null", "value: 17, note: null")
        first = export_promise(import_promise(text))
        assert "- {date: 2024-10-01, value: 17.0, note: null, source_url: null}" in first
        assert "baseline: {date: 2023-10-01, value: 18.0}" in first
        Promise.objects.all().delete()
        assert export_promise(import_promise(first)) == first

    def test_the_alvsbyn_file_round_trips_exactly(self):
        promise = import_promise(ALVSBYN.read_bytes())
        before, text = snapshot(promise), export_promise(promise)
        indicators = indicators_of(promise)
        assert export_promise(import_promise(text, replace=True)) == text
        Activity.objects.filter(promise=promise).delete()  # the convening's: given again below
        promise.delete()
        again = import_promise(text)
        assert (snapshot(again), indicators_of(again)) == (before, indicators)
        assert export_promise(again) == text

    def test_replace_with_its_own_export_changes_nothing(self):
        promise = import_promise(FULL)
        before = indicators_of(promise), IndicatorValue.history.count()
        import_promise(export_promise(promise), replace=True)
        assert (indicators_of(promise), IndicatorValue.history.count()) == before


class TestOlderFiles:
    def test_a_file_without_indicators_is_valid_and_exported_without(self, db):
        promise = import_promise(VALID)
        assert not promise.indicators.exists()
        text = export_promise(promise)
        assert "indicators" not in text
        assert export_promise(import_promise(text, replace=True)) == text

    def test_an_empty_list_is_none(self, db):
        assert not import_promise(VALID + "indicators: []\n").indicators.exists()


class TestTheAlvsbynFile:
    """The shipped file names the indicators its text implies, with no figures: those come
    from the sources."""

    def test_its_indicators(self, db):
        promise = import_promise(ALVSBYN.read_bytes())
        assert [
            (i.key, i.unit, i.direction, i.source, i.focus_area.title if i.focus_area else None)
            for i in promise.indicators.select_related("focus_area")
        ] == [
            ("otrygghet-kvall", "percent", "lower_is_better", "Polisens trygghetsmätning", None),
            ("narkotika-provat-ak9", "percent", "lower_is_better",
             "Drogvaneundersökningen (CAN)", "Narkotika"),
            ("narkotikabrott-per-1000", "rate", "lower_is_better",
             "Polisens statistik över anmälda brott", "Narkotika"),
            ("vnr-misshandel-per-1000", "rate", "lower_is_better",
             "Polisens statistik över anmälda brott", "Våld i nära relationer"),
        ]  # fmt: skip
        assert promise.indicators.get(key="otrygghet-kvall").name == (
            "Andel som känner sig otrygga ute sent en kväll i sitt bostadsområde"
        )

    def test_no_figures(self, db):
        promise = import_promise(ALVSBYN.read_bytes())
        assert not IndicatorValue.objects.filter(indicator__promise=promise).exists()
        assert set(promise.indicators.values_list("baseline_on", "baseline_value", "target")) == {
            (None, None, None)
        }


@pytest.mark.django_db
class TestErrors:
    """Every error names its line and field, in Swedish; nothing is saved."""

    def refused(self, old, new):
        text = edit(old, new)
        return text, errors_of(text)

    @pytest.mark.parametrize(
        ("old", "new", "error"),
        [
            ("unit: percent", "unit: procent",
             (24, "indicators[0].unit",
              "okänt värde procent (tillåtna: percent, count, rate, index)")),
            ("direction: lower_is_better", "direction: lower",
             (25, "indicators[0].direction",
              "okänt värde lower (tillåtna: lower_is_better, higher_is_better)")),
            ("key: narkotikabrott", "key: otrygghet-kvall",
             (39, "indicators[1].key",
              "otrygghet-kvall används redan, på rad 22; en indikators nyckel måste vara unik "
              "i ett löfte")),
            ("key: index", "key: trygghets index",
             (58, "indicators[3].key", "använd bara a–z, 0–9, - och _")),
            ("focus_area: Narkotika\n    baseline: null",
             "focus_area: Trygghet\n    baseline: null",
             (44, "indicators[1].focus_area",
              "det finns ingen inriktning med rubriken Trygghet i filen (skriv en av: Narkotika)")),
            ("target: 15.0", "target: '15'",
             (29, "indicators[0].target", "här väntas ett tal (till exempel 17.2)")),
            ("value: 17.2", "value: true",
             (31, "indicators[0].values[0].value", "här väntas ett tal (till exempel 17.2)")),
            ("value: 17.2", "value: .nan",
             (31, "indicators[0].values[0].value", "här väntas ett tal (till exempel 17.2)")),
            ("value: -3.5", "value: [1]",
             (57, "indicators[2].values[0].value", "här väntas ett tal (till exempel 17.2)")),
            ("date: 2024-10-01", "date: 2024-13-01",
             (31, "indicators[0].values[0].date", "2024-13-01 är inte ett datum (ÅÅÅÅ-MM-DD)")),
            ("date: 2023-10-01, value: 18.0", "date: 2023-10-01",
             (28, "indicators[0].baseline.value", "saknas; fältet är obligatoriskt")),
            ("date: 2023-12-31, value: 12.0", "date: 1899-12-31, value: 12.0",
             (54, "indicators[2].baseline.date", "1899-12-31 ligger inte under åren 1900–2100")),
            ("    unit: index\n", "",
             (58, "indicators[3].unit", "saknas; fältet är obligatoriskt")),
            ("    name: Trygghetsindex\n", "",
             (58, "indicators[3].name", "saknas; fältet är obligatoriskt")),
            ("target: 100.0", "target: 100.0\n    colour: blue",
             (66, "indicators[3].colour",
              "okänt fält (kända fält: baseline, direction, focus_area, key, name, source, "
              "target, unit, values)")),
            ("value: -3.5, note: null, source_url: null}",
             "value: -3.5, note: null, source_url: null, by: me}",
             (57, "indicators[2].values[0].by",
              "okänt fält (kända fält: date, note, source_url, value)")),
            ("value: 16.125", "value: 16.1255",
             (32, "indicators[0].values[1].value",
              "Säkerställ att det inte är mer än 3 decimaler.")),
            ("date: 2024-12-31, value: -3.5", "date: 2026-11-27, value: -3.5",
             (57, "indicators[2].values[0].date",
              "Ett värde mäts en dag som har kommit: inte efter 2026-11-26.")),
            ("target: 999999999.999", "target: 1999999999.999",
             (55, "indicators[2].target",
              "Säkerställ att det inte är mer än 12 siffror totalt.")),
        ],
    )  # fmt: skip
    def test_refused_with_its_line_and_field(self, old, new, error):
        assert self.refused(old, new)[1] == [error]

    def test_a_value_date_given_twice_names_the_first(self):
        _text, errors = self.refused("date: 2024-10-01", "date: 2025-10-01")
        assert errors == [
            (32, "indicators[0].values[1].date",
             "2025-10-01 har redan ett värde, på rad 31; en indikator har ett värde per dag"),
        ]  # fmt: skip

    def test_indicators_must_be_a_list(self):
        assert errors_of(VALID + "indicators: {key: a}\n") == [
            (21, "indicators", "här väntas en lista")
        ]

    def test_every_error_at_once_by_line(self):
        text = (
            FULL.replace("unit: percent", "unit: procent")
            .replace("value: -3.5", "value: ja")
            .replace(
                "focus_area: Narkotika\n    baseline: {", "focus_area: Trafik\n    baseline: {"
            )
        )
        assert [(line, field) for line, field, _message in errors_of(text)] == [
            (24, "indicators[0].unit"),
            (53, "indicators[2].focus_area"),
            (57, "indicators[2].values[0].value"),
        ]

    @pytest.mark.parametrize(
        ("old", "new", "field", "model", "name"),
        [
            ("name: Trygghetsindex", f"name: Trygghet hos {NUMBER}", "indicators[3].name",
             Indicator, "name"),
            ("source: Kommunens statistik", f"source: Uppgift från {NUMBER}",
             "indicators[2].source", Indicator, "source"),
            ("note: 812 svar.", f"note: Svar från {NUMBER}.",
             "indicators[0].values[1].note", IndicatorValue, "note"),
            ("  Jämför med försiktighet.", "  Fråga 850312-1234.",
             "indicators[0].values[2].note", IndicatorValue, "note"),
        ],
    )  # fmt: skip
    def test_a_personal_identity_number_is_refused_naming_the_field(
        self, old, new, field, model, name
    ):
        text, errors = self.refused(old, new)
        fragment = "note: |" if old.startswith("  Jämför") else new
        assert errors == [(line(text, fragment), field, refusal(label(model, name)))]

    def test_a_replace_with_an_error_changes_nothing(self):
        promise = import_promise(FULL)
        before = indicators_of(promise)
        text = edit("note: 812 svar.", f"note: {NUMBER}")
        assert [field for _line, field, _m in errors_of(text, replace=True)] == [
            "indicators[0].values[1].note"
        ]
        assert indicators_of(promise) == before


@pytest.mark.django_db
class TestReplace:
    """`--replace`: the file's indicators replace the promise's, matched by key and date; a value
    entered in the app is never lost without the import saying so."""

    @pytest.fixture
    def promise(self):
        return import_promise(FULL)

    def test_a_changed_value_is_saved_with_its_history(self, promise):
        value = IndicatorValue.objects.get(measured_on=D(2024, 10, 1))
        value.entered_by = UserFactory()
        value.save()
        import_promise(edit("value: 17.2", "value: 17.4"), replace=True)
        value.refresh_from_db()
        assert (value.value, value.entered_by) == (Decimal("17.4"), None)
        assert [r.value for r in value.history.order_by("history_id")] == [
            Decimal("17.2"), Decimal("17.2"), Decimal("17.4")
        ]  # fmt: skip

    def test_an_unchanged_value_is_not_touched(self, promise):
        value = IndicatorValue.objects.get(measured_on=D(2024, 10, 1))
        before = value.version, value.updated_at, value.history.count()
        import_promise(edit("name: Trygghetsindex", "name: Index"), replace=True)
        value.refresh_from_db()
        assert (value.version, value.updated_at, value.history.count()) == before
        assert promise.indicators.get(key="index").name == "Index"

    def test_a_new_value_and_a_new_indicator_are_added(self, promise):
        text = edit(
            "values: []\n  - key: antal",
            "values:\n      - {date: 2024-12-31, value: 4.2, note: null, source_url: null}\n"
            "  - key: antal",
        ).replace("  - key: index", "  - key: ny\n    name: Ny\n    unit: count\n"
                  "    direction: higher_is_better\n  - key: index")  # fmt: skip
        import_promise(text, replace=True)
        assert promise.indicators.get(key="narkotikabrott").values.get().value == Decimal("4.2")
        assert list(promise.indicators.values_list("key", flat=True)) == [
            "otrygghet-kvall", "narkotikabrott", "antal", "ny", "index"
        ]  # fmt: skip

    def test_a_value_entered_in_the_app_and_left_out_of_the_file_refuses_it(self, promise):
        IndicatorValueFactory(
            indicator=promise.indicators.get(key="narkotikabrott"),
            measured_on=D(2025, 12, 31),
            value=Decimal("4.100"),
        )
        before = indicators_of(promise)
        assert errors_of(FULL, replace=True) == [
            (47, "indicators[1].values",
             "indikatorn har ett värde för 2025-12-31 (4.1) som filen utelämnar; behåll det i "
             "filen, eller ta bort värdet först"),
        ]  # fmt: skip
        assert indicators_of(promise) == before

    def test_an_indicator_with_values_cannot_be_left_out(self, promise):
        text = FULL.split("  - key: antal")[0]
        before = indicators_of(promise)
        assert errors_of(text, replace=True) == [
            (None, "indicators", "antal har 1 värde och kan inte tas bort; behåll den i filen")
        ]
        assert indicators_of(promise) == before

    def test_an_indicator_without_values_left_out_is_deleted(self, promise):
        text = FULL.split("  - key: index")[0]
        import_promise(text, replace=True)
        assert list(promise.indicators.values_list("key", flat=True)) == [
            "otrygghet-kvall", "narkotikabrott", "antal"
        ]  # fmt: skip

    def test_an_indicator_moves_to_another_focus_area_and_keeps_its_values(self, promise):
        moved = INDICATORS.replace(
            "focus_area: Narkotika\n    baseline: {", "focus_area: Trygghet\n    baseline: {"
        )
        import_promise(VALID + "  - title: Trygghet\n" + moved, replace=True)
        walks = promise.indicators.get(key="antal")
        assert walks.focus_area.title == "Trygghet"
        assert walks.values.get().value == Decimal("-3.5")
