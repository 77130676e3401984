"""The "Utfall" section: the outcome indicators on the dashboard, the report (page, PDF,
workbook), the public page and in the ``followup`` command; absent without indicators.

Today is 2025-10-20 (the zoo's day). Tests whose names end in ``_in_swedish`` read words from
the Swedish catalogue (the strings of followup/indicator_display.py and the templates).
"""

import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from followup.loading import followup_for
from tests.factories import FocusAreaFactory, IndicatorFactory, IndicatorValueFactory

from .conftest import weasyprint_or_skip

D = datetime.date
NOTE = "Fiktiva demodata: inte uppmätt."


@pytest.fixture
def indicators(promise, zoo, police_reporter):
    """Four indicators, one per trend as of 2025-10-20: one of the whole promise, the others of
    two focus areas; a value after today that no page may show yet."""
    area = zoo["met"].focus_area  # "Trygghet"
    later = FocusAreaFactory(promise=promise, title="Narkotika", position=10_000)
    unsafe = IndicatorFactory(
        promise=promise, key="otrygghet", name="Andel otrygga ute sent en kväll", position=1
    )
    for on, value, note in [
        (D(2024, 10, 1), "17.2", NOTE),
        (D(2025, 10, 1), "16.4", ""),
        (D(2025, 12, 1), "12.3", "Efter dagens datum."),
    ]:
        IndicatorValueFactory(
            indicator=unsafe, measured_on=on, value=Decimal(value), note=note,
            entered_by=police_reporter,
        )  # fmt: skip
    tried = IndicatorFactory(
        promise=promise, key="narkotika", name="Elever som provat narkotika", focus_area=later,
        baseline_value=Decimal("6.0"), target=Decimal("4.0"), position=2,
    )  # fmt: skip
    IndicatorValueFactory(indicator=tried, measured_on=D(2025, 3, 1), value=Decimal("7.5"))
    crimes = IndicatorFactory(
        promise=promise, key="brott", name="Anmälda brott", unit="count", focus_area=area,
        baseline_value=Decimal("1234"), target=None, position=3,
    )  # fmt: skip
    IndicatorValueFactory(indicator=crimes, measured_on=D(2025, 1, 1), value=Decimal("1240"))
    IndicatorFactory(
        promise=promise, key="index", name="Trygghetsindex", unit="index", focus_area=area,
        direction="higher_is_better", position=4,
    )  # fmt: skip
    return promise


@pytest.fixture
def get(client, promise, reviewer):
    def get(name, **params):
        client.force_login(reviewer)
        response = client.get(reverse(name, args=[promise.slug]), params)
        assert response.status_code == 200
        return response

    return get


def section(text):
    """The page's part from the "Utfall" heading to the next section's end."""
    start = text.index('id="indicators-heading"')
    return text[start : text.index("</section>", start)]


# ---------------------------------------------------------------------------------------------
# The dashboard


def test_dashboard_shows_every_indicator_with_chart_and_table(get, indicators):
    part = section(get("dashboard").text)
    for name in [
        "Andel otrygga ute sent en kväll", "Elever som provat narkotika", "Anmälda brott",
        "Trygghetsindex",
    ]:  # fmt: skip
        assert f'class="h5 indicator-name">{name}</h4>' in part
    assert part.count('role="img"') == 3  # the index has no values: no chart
    assert '-title">Andel otrygga ute sent en kväll</title>' in part
    assert part.count('class="table table-sm table-stack indicator-table"') == 3
    # every value up to today in the table, with its date, in Swedish numbers
    assert '<th scope="row">2024-10-01</th><td data-label=' in part
    assert "17,2\u00a0%" in part and "16,4\u00a0%" in part and "1\u00a0240" in part


def test_dashboard_groups_the_whole_promise_first_then_the_focus_areas(get, indicators):
    part = section(get("dashboard").text)
    names = ["Andel otrygga", "Anmälda brott", "Trygghetsindex", "Elever som provat"]
    positions = [part.index(name) for name in names]
    assert positions == sorted(positions)  # Trygghet before Narkotika, as the promise has them
    assert part.index('<h3 class="h4 mt-3">Trygghet</h3>') < part.index("Anmälda brott")
    assert part.index('<h3 class="h4 mt-3">Narkotika</h3>') < part.index("Elever som provat")


def test_values_after_as_of_are_not_shown(get, indicators):
    assert "2025-12-01" not in section(get("dashboard").text)
    assert "12,3" not in section(get("dashboard").text)
    later = section(get("dashboard", as_of="2025-12-31").text)
    assert "2025-12-01" in later and "12,3\u00a0%" in later
    earlier = section(get("dashboard", as_of="2024-12-31").text)
    assert "2025-10-01" not in earlier and "2024-10-01" in earlier


def test_every_value_has_its_note_in_the_table(get, indicators):
    part = section(get("dashboard").text)
    assert f'<td data-label="Anteckning">{NOTE}</td>' in part or f">{NOTE}</td>" in part


def test_dashboard_without_indicators_has_no_section(get, zoo):
    text = get("dashboard").text
    assert "indicators-heading" not in text and "indicator-name" not in text


def test_dashboard_in_swedish(get, indicators):
    part = section(get("dashboard").text)
    assert ">Utfall</h2>" in part
    assert '<h3 class="h4 mt-3">Hela löftet</h3>' in part
    assert (
        '<span class="badge text-bg-success">Förbättring</span> '
        "18,0\u00a0% → 16,4\u00a0% sedan 2023, målet 15,0\u00a0%: förbättring"
    ) in part
    assert '<span class="badge text-bg-danger">Försämring</span>' in part
    assert "1\u00a0234 → 1\u00a0240 sedan 2023: oförändrat" in part
    assert '<span class="badge text-bg-light border">Inga mätvärden</span>' in part
    assert "Inga mätvärden uppmätta till och med 2025-10-20." in part
    assert "Källa: Polisens trygghetsmätning. Lägre är bättre." in part
    assert "Högre är bättre." in part
    assert "<caption>Mätvärden: Andel otrygga ute sent en kväll</caption>" in part


def test_a_new_value_is_shown_at_once(get, indicators):
    get("dashboard")  # cached
    IndicatorValueFactory(
        indicator=indicators.indicators.get(key="brott"), measured_on=D(2025, 10, 2),
        value=Decimal("999"),
    )  # fmt: skip
    assert "999" in section(get("dashboard").text)


# ---------------------------------------------------------------------------------------------
# The include, on its own (for the indicators' own pages)


def test_include_takes_an_indicator_and_a_heading_level(indicators):
    followup = followup_for(indicators, D(2025, 10, 20))
    html = render_to_string(
        "followup/includes/indicator.html", {"indicator": followup.indicators[0], "level": 2}
    )
    assert '<h2 class="h5 indicator-name">Andel otrygga ute sent en kväll</h2>' in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    pdf = render_to_string(
        "followup/includes/indicator.html",
        {"indicator": followup.indicators[0], "level": 3, "pdf": True},
    )
    assert '<img class="chart-svg" src="data:image/svg+xml;base64,' in pdf and "<svg" not in pdf
    assert 'alt="Andel otrygga ute sent en kväll. 18,0' in pdf  # its name, then its summary


# ---------------------------------------------------------------------------------------------
# The report: page, PDF, workbook


def test_report_page_has_the_section_before_the_commitments(get, indicators):
    text = get("report").text
    assert 'class="report-section indicators"' in text
    start = text.index('class="report-section indicators"')
    assert text.index("Andel otrygga ute sent en kväll", start) < text.index('"summary-table')
    assert "2025-12-01" not in text


def test_report_without_indicators_has_no_section(get, zoo):
    assert "report-section indicators" not in get("report").text


def test_pdf_has_the_section_and_its_tables_in_swedish(get, indicators):
    weasyprint_or_skip()
    pdf = PdfReader(io.BytesIO(get("report_pdf").content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Utfall" in text
    assert "Andel otrygga ute sent en kväll" in text and "Anmälda brott" in text
    assert "Mätvärden: Andel otrygga ute sent en kväll" in text


def workbook_of(get):
    return load_workbook(io.BytesIO(get("report_xlsx").content))


def test_workbook_has_a_sheet_of_values(get, indicators):
    workbook = workbook_of(get)
    assert len(workbook.sheetnames) == 5
    sheet = workbook.worksheets[-1]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # a row per value up to today; an indicator without values has a row without a date
    assert [(row[0], row[4], row[5]) for row in rows] == [
        ("Andel otrygga ute sent en kväll", datetime.datetime(2024, 10, 1), 17.2),
        ("Andel otrygga ute sent en kväll", datetime.datetime(2025, 10, 1), 16.4),
        ("Elever som provat narkotika", datetime.datetime(2025, 3, 1), 7.5),
        ("Anmälda brott", datetime.datetime(2025, 1, 1), 1240),
        ("Trygghetsindex", None, None),
    ]
    first = rows[0]
    assert (first[7], first[8], first[9], first[10]) == (
        datetime.datetime(2023, 10, 1), 18, 15, 16.4,
    )  # fmt: skip
    assert sheet.cell(row=2, column=5).number_format == "yyyy-mm-dd"


def test_workbook_in_swedish(get, indicators):
    sheet = workbook_of(get)["Utfall"]
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == [
        "Indikator", "Inriktning", "Enhet", "Riktning", "Datum", "Värde", "Anteckning",
        "Baslinjens datum",
    ]  # fmt: skip
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == "Hela löftet" and rows[0][11] == "Förbättring"
    assert rows[-1][11] == "Inga mätvärden"


def test_workbook_has_the_notes(get, indicators):
    rows = list(workbook_of(get).worksheets[-1].iter_rows(min_row=2, values_only=True))
    assert rows[0][6] == NOTE


def test_workbook_without_indicators_has_no_sheet(get, zoo):
    assert len(workbook_of(get).sheetnames) == 4


# ---------------------------------------------------------------------------------------------
# The public page


@pytest.fixture
def public(indicators):
    indicators.public = True
    indicators.save()
    return indicators


def test_public_page_shows_the_section_without_staff(client, public, police_reporter):
    police_reporter.first_name, police_reporter.last_name = "Petra", "Pettersson"
    police_reporter.save()  # she entered the first indicator's values
    response = client.get(reverse("promise_detail", args=[public.slug]))
    assert response.templates[0].name == "commitments/promise_public.html"
    part = section(response.text)
    assert part.count('role="img"') == 3
    assert "Andel otrygga ute sent en kväll" in part and "2025-12-01" not in part
    assert "Petra" not in response.text and "Pettersson" not in response.text


def test_public_page_shows_the_notes(client, public):
    assert NOTE in client.get(reverse("promise_detail", args=[public.slug])).text


def test_public_page_without_indicators_has_no_section(client, promise, zoo):
    promise.public = True
    promise.save()
    assert (
        "indicators-heading" not in client.get(reverse("promise_detail", args=[promise.slug])).text
    )


def test_promise_that_is_not_public_has_no_public_page(client, indicators, stranger):
    client.force_login(stranger)
    assert client.get(reverse("promise_detail", args=[indicators.slug])).status_code == 404
    client.logout()
    response = client.get(reverse("promise_detail", args=[indicators.slug]))
    assert response.status_code in (302, 404)
    assert "Andel otrygga" not in response.content.decode()


# ---------------------------------------------------------------------------------------------
# The command


def run(*args):
    out = StringIO()
    call_command("followup", *args, stdout=out)
    return out.getvalue()


def test_command_lists_each_indicator_with_its_summary_in_swedish(indicators):
    lines = run(indicators.slug, "--as-of", "2025-10-20", "--format", "text").splitlines()
    start = lines.index("Utfall")
    assert lines[start : start + 8] == [
        "Utfall",
        "» Hela löftet",
        "  Andel otrygga ute sent en kväll: "
        "18,0\u00a0% → 16,4\u00a0% sedan 2023, målet 15,0\u00a0%: förbättring",
        "» Trygghet",
        "  Anmälda brott: 1\u00a0234 → 1\u00a0240 sedan 2023: oförändrat",
        "  Trygghetsindex: Baslinje 18 (2023), målet 15: inga mätvärden",
        "» Narkotika",
        "  Elever som provat narkotika: 6,0\u00a0% → 7,5\u00a0% sedan 2023, målet 4,0\u00a0%: "
        "försämring",
    ]


def test_command_without_indicators_has_no_section(promise, zoo):
    assert "Utfall" not in run(promise.slug, "--as-of", "2025-10-20", "--format", "text")
