"""The PDF report is tagged PDF/UA-1: read back its catalogue, metadata and structure tree."""

import base64
import datetime
import io
import itertools
import logging
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from followup.report import build_report, render_pdf
from tests.factories import ActivityFactory, CommitmentFactory, LocalProblemFactory

from .conftest import weasyprint_or_skip

D = datetime.date
CHARTS = ["Målperioder per år", "Aktiviteter per månad och part"]
HEADING_TAGS = {f"/H{level}" for level in range(1, 7)}


@pytest.fixture
def report_promise(promise, zoo):
    """The zoo, plus a local problem with a commitment of the municipality's (a second series)."""
    area = zoo["met"].focus_area
    problem = LocalProblemFactory(focus_area=area, title="Klotter")
    commitment = CommitmentFactory(
        focus_area=area, local_problem=problem, text="Sanera klotter.",
        responsible=[promise.municipality],
    )  # fmt: skip
    ActivityFactory(commitment=commitment, occurred_on=D(2025, 4, 2))
    return promise


@pytest.fixture
def pdf(client, reviewer, report_promise):
    weasyprint_or_skip()
    client.force_login(reviewer)
    response = client.get(reverse("report_pdf", args=[report_promise.slug]))
    return PdfReader(io.BytesIO(response.content))


def catalogue(pdf):
    return pdf.trailer["/Root"]


def elements(node):
    """The structure elements under ``node`` depth first, which is the reading order."""
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()  # kids are references, marked-content numbers or dictionaries
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid
            yield from elements(kid)


def structure(pdf):
    return list(elements(catalogue(pdf)["/StructTreeRoot"].get_object()))


def of_type(found, tag):
    return [element for element in found if element["/S"] == tag]


def test_is_tagged_pdf_ua_1(pdf):
    root = catalogue(pdf)
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert of_type(structure(pdf), "/Document")
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_language_is_the_pages_language(pdf):
    assert catalogue(pdf)["/Lang"].startswith("sv")


def test_language_follows_the_chosen_language(report_promise):
    weasyprint_or_skip()
    report = build_report(report_promise, D(2025, 10, 20), D(2025, 1, 1), D(2025, 10, 20))
    with translation.override("en"):
        content = render_pdf(report, "http://testserver/")
    assert PdfReader(io.BytesIO(content)).trailer["/Root"]["/Lang"] == "en"


def test_title_is_the_reports_and_viewers_show_it(pdf, report_promise):
    title = f"Uppföljning av {report_promise.title}"
    assert pdf.metadata.title == title
    assert pdf.xmp_metadata.dc_title == {"x-default": title}
    assert catalogue(pdf)["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_headings_in_reading_order_never_skip_a_level(pdf):
    headings = [
        int(element["/S"][2]) for element in structure(pdf) if element["/S"] in HEADING_TAGS
    ]
    assert headings[0] == 1 and headings.count(1) == 1  # the title page
    assert {2, 3, 4} <= set(headings)  # areas, commitments and local problems, commitments
    assert all(b <= a + 1 for a, b in itertools.pairwise(headings)), headings


def test_tables_have_header_cells_that_name_every_cell(pdf):
    tables = of_type(structure(pdf), "/Table")
    # The result so far, the commitments by status, and each chart's data; WeasyPrint tags a
    # table that a page break splits as one Table per page.
    assert len(tables) >= 2 + len(CHARTS)
    for table in tables:
        cells = list(elements(table))
        assert of_type(cells, "/TH")
        for cell in of_type(cells, "/TD"):
            assert cell["/A"]["/Headers"], "a data cell without its header"


def test_every_data_cells_headers_are_found_in_the_id_tree(pdf):
    names = catalogue(pdf)["/StructTreeRoot"]["/IDTree"]["/Names"]
    ids = dict(zip(names[::2], (element.get_object() for element in names[1::2]), strict=True))
    assert list(ids) == sorted(ids)  # a name tree's keys are sorted
    cells = of_type(structure(pdf), "/TD")
    assert cells
    for cell in cells:
        assert all(ids[key]["/S"] == "/TH" for key in cell["/A"]["/Headers"])


def test_one_figure_per_chart_with_its_title_and_description_as_alt(pdf):
    figures = of_type(structure(pdf), "/Figure")
    assert len(figures) == len(CHARTS)  # the legend's colour swatches are no figures
    assert [figure["/Alt"].split(". ")[0] for figure in figures] == CHARTS
    assert figures[1]["/Alt"] == (
        "Aktiviteter per månad och part. Registrerade aktiviteter varje månad från jan 2025 till "
        "okt 2025, per part."
    )


def test_weasyprint_finds_nothing_missing(client, reviewer, report_promise, caplog):
    """WeasyPrint logs an error for an image without alt text or a page without a language."""
    weasyprint_or_skip()
    client.force_login(reviewer)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        client.get(reverse("report_pdf", args=[report_promise.slug]))
    assert caplog.records == []


def test_the_pdfs_chart_image_is_the_pages_drawing_as_a_standalone_svg():
    from followup.charts import bar_chart
    from followup.templatetags.followup import chart_data_uri

    chart = bar_chart("Antal & andel", "Per år.", ["2024", "2025"], [("Uppfyllt", [1, 2])])
    prefix, _, data = chart_data_uri(chart).partition(",")
    assert prefix == "data:image/svg+xml;base64"
    svg = ElementTree.fromstring(base64.b64decode(data))  # well-formed XML, not just HTML
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == "Antal & andel"
    assert len(svg.findall("{http://www.w3.org/2000/svg}g/{http://www.w3.org/2000/svg}rect")) == 2


@pytest.mark.parametrize(
    "title",
    [
        "Piteå-Älvsbyn",
        "Löftet \"Trygg i centrum\" – 'A\\B' & </style><p>inte här</p>",
    ],
)
def test_the_footer_shows_the_title_as_written(client, reviewer, report_promise, title):
    weasyprint_or_skip()
    report_promise.title = title
    report_promise.save()
    client.force_login(reviewer)
    response = client.get(reverse("report_pdf", args=[report_promise.slug]))
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) > 1
    footer = f"{title} · 2025-10-20"
    assert footer not in pages[0].extract_text()  # the title page has none
    for page in pages[1:]:
        assert footer in page.extract_text()


def test_css_string_escapes_what_would_end_the_string_or_the_style_element():
    from followup.templatetags.followup import css_string

    assert css_string("Piteå-Älvsbyn") == "Piteå-Älvsbyn"
    assert css_string("a\"b'c\\d") == "a\\22 b\\27 c\\5C d"
    assert css_string("</style>\n") == "\\3C /style\\3E \\A "
