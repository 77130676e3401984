"""Local problems in the follow-up (issue 15): each problem's stage, the days of its steps and how
its measures stand on the dashboard, the report (page, PDF, workbook) and "Att göra"; the two
rules of "Behöver uppmärksamhet" at their day boundaries."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from commitments.enums import LocalProblemStatus, Role
from followup.loading import followup_for, load_facts
from followup.problems import NO_PLAN, NOT_CONVENED, ProblemFacts, needs_attention
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    MembershipFactory,
    UserFactory,
)

from .conftest import weasyprint_or_skip

D = datetime.date
DAY = datetime.timedelta(days=1)
AS_OF = D(2025, 10, 20)
Status = LocalProblemStatus


def facts(status, **days):
    return ProblemFacts(id=1, focus_area="Lokala problembilder", title="P", status=status, **days)


class TestRules:
    """``as_of - raised_on > 60`` and ``as_of - convened_on > 90``, each step as of the date."""

    @pytest.mark.parametrize(("days", "listed"), [(59, False), (60, False), (61, True)])
    def test_raised_and_not_convened_after_60_days(self, days, listed):
        raised = AS_OF - days * DAY
        reason, since = needs_attention(facts(Status.RAISED, raised_on=raised), AS_OF)
        assert (reason, since) == ((NOT_CONVENED, raised) if listed else ("", None))

    @pytest.mark.parametrize(("days", "listed"), [(89, False), (90, False), (91, True)])
    def test_convened_and_no_plan_after_90_days(self, days, listed):
        convened = AS_OF - days * DAY
        problem = facts(Status.CONVENED, raised_on=convened - 10 * DAY, convened_on=convened)
        assert needs_attention(problem, AS_OF) == ((NO_PLAN, convened) if listed else ("", None))

    def test_an_unknown_raising_day_is_never_listed(self):
        assert needs_attention(facts(Status.RAISED), AS_OF) == ("", None)

    def test_an_unknown_convening_day_is_never_listed(self):
        problem = facts(Status.CONVENED, raised_on=AS_OF - 400 * DAY)
        assert needs_attention(problem, AS_OF) == ("", None)

    def test_a_problem_raised_after_the_date_is_not_listed(self):
        assert needs_attention(facts(Status.RAISED, raised_on=AS_OF + DAY), AS_OF) == ("", None)

    def test_a_convening_after_the_date_has_not_happened_yet(self):
        raised = AS_OF - 61 * DAY
        problem = facts(Status.CONVENED, raised_on=raised, convened_on=AS_OF + DAY)
        assert needs_attention(problem, AS_OF) == (NOT_CONVENED, raised)

    def test_a_plan_adopted_after_the_date_had_not_been_yet(self):
        convened = AS_OF - 91 * DAY
        problem = facts(
            Status.PLAN_ADOPTED, raised_on=convened, convened_on=convened,
            plan_adopted_on=AS_OF + DAY,
        )  # fmt: skip
        assert needs_attention(problem, AS_OF) == (NO_PLAN, convened)

    @pytest.mark.parametrize("status", [Status.PLAN_ADOPTED, Status.CLOSED])
    def test_a_plan_adopted_or_a_problem_closed_is_never_listed(self, status):
        old = AS_OF - 400 * DAY
        problem = facts(status, raised_on=old, convened_on=old)  # days unknown after it
        assert needs_attention(problem, AS_OF) == ("", None)


@pytest.fixture
def problems(promise, today):
    """As of 2025-10-20: two problems just past their rule's limit, two just within, one with
    its plan adopted (a measure met, one behind), one closed with its outcome."""
    area = FocusAreaFactory(promise=promise, title="Lokala problembilder", position=5)
    police, municipality = promise.police_area, promise.municipality
    CommitmentFactory(
        focus_area=area, key="bra", conditional=True, triggered_by="local_problems",
        text="BRÅ sammankallas vid uppkomna lokala problembilder.",
        responsible=[police, municipality],
    )  # fmt: skip

    def problem(title, status, position, **fields):
        return LocalProblemFactory(
            focus_area=area, title=title, status=status, position=position, **fields
        )

    made = {
        "Stölder": problem("Stölder", Status.RAISED, 0, raised_on=AS_OF - 61 * DAY),
        "Klotter": problem("Klotter", Status.RAISED, 1, raised_on=AS_OF - 60 * DAY),
        "Bedrägerier": problem(
            "Bedrägerier", Status.CONVENED, 2, raised_on=D(2025, 6, 2),
            convened_on=AS_OF - 91 * DAY,
        ),
        "Skadegörelse": problem(
            "Skadegörelse", Status.CONVENED, 3, raised_on=D(2025, 6, 2),
            convened_on=AS_OF - 90 * DAY,
        ),
        "Trafik": problem(
            "Trafik", Status.PLAN_ADOPTED, 4, raised_on=D(2025, 2, 3),
            convened_on=D(2025, 3, 4), plan_adopted_on=D(2025, 4, 1),
            action_plan="Kontroller på rätt tid och plats.",
        ),
        "Inbrott": problem(
            "Inbrott", Status.CLOSED, 5, raised_on=D(2024, 9, 2), convened_on=D(2024, 9, 17),
            plan_adopted_on=D(2024, 10, 8), closed_on=D(2025, 5, 30),
            action_plan="Grannsamverkan.", outcome="Inbrotten i Norrby upphörde.",
        ),
    }  # fmt: skip
    met = CommitmentFactory(
        focus_area=area, local_problem=made["Trafik"], key="trafik-kontroller", quota_target=1,
        text="Trafikkontroller en gång per år.", responsible=[police],
    )  # fmt: skip
    ActivityFactory(commitment=met, occurred_on=D(2025, 5, 5))
    CommitmentFactory(
        focus_area=area, local_problem=made["Trafik"], key="trafik-skolan", quota_target=4,
        text="Skolbesök fyra gånger per år.", responsible=[municipality],
    )  # fmt: skip
    done = CommitmentFactory(
        focus_area=area, local_problem=made["Inbrott"], key="inbrott-grannsamverkan",
        milestone=True, text="Grannsamverkan startas.", responsible=[municipality],
    )  # fmt: skip
    ActivityFactory(commitment=done, occurred_on=D(2025, 3, 3), completes=True)
    return made


def text_of(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class TestEngine:
    def test_each_problem_in_order_with_its_measures_by_light(self, problems, promise):
        results = {p.facts.title: p for p in followup_for(promise, AS_OF).problems}
        assert list(results) == [
            "Stölder", "Klotter", "Bedrägerier", "Skadegörelse", "Trafik", "Inbrott",
        ]  # fmt: skip
        assert (results["Trafik"].measures, results["Trafik"].lights) == (
            2, (("green", 1), ("red", 1)),
        )  # fmt: skip
        assert (results["Inbrott"].measures, results["Inbrott"].lights) == (1, (("green", 1),))
        assert results["Stölder"].measures == 0
        assert [p.facts.title for p in results.values() if p.attention] == [
            "Stölder", "Bedrägerier",
        ]  # fmt: skip

    def test_read_in_one_query_whatever_the_number_of_problems(self, problems, promise):
        def queries():
            with CaptureQueriesContext(connection) as captured:
                load_facts(promise, AS_OF)
            return len(captured)

        before = queries()
        area = problems["Trafik"].focus_area
        for n in range(5):
            LocalProblemFactory(focus_area=area, title=f"Fler {n}", raised_on=D(2025, 1, 1))
        assert queries() == before


@pytest.fixture
def dashboard(client, promise, reviewer, problems):
    client.force_login(reviewer)
    return text_of(client.get(reverse("dashboard", args=[promise.slug])))


class TestDashboard:
    def test_each_problems_stage_and_the_days_of_its_steps(self, dashboard):
        assert (
            "Lokal problembild: Trafik Skede: Handlingsplan antagen Uppmärksammad: 2025-02-03; "
            "BRÅ sammankallat: 2025-03-04; Handlingsplan antagen: 2025-04-01; Avslutad: ännu inte"
        ) in dashboard
        assert (
            "Lokal problembild: Inbrott Skede: Avslutad Uppmärksammad: 2024-09-02; "
            "BRÅ sammankallat: 2024-09-17; Handlingsplan antagen: 2024-10-08; "
            "Avslutad: 2025-05-30"
        ) in dashboard
        assert "Resultat: Inbrotten i Norrby upphörde." in dashboard

    def test_how_its_measures_stand_in_words(self, dashboard):
        assert "Åtgärder: 2 åtaganden (1 uppfyllt eller i fas, 1 efter eller missat)" in dashboard
        assert "Åtgärder: 1 åtagande (1 uppfyllt eller i fas)" in dashboard
        assert "Lokal problembild: Stölder Skede: Uppmärksammad" in dashboard
        assert dashboard.count("Åtgärder: inga ännu") == 4

    def test_needs_attention_lists_the_problems_past_their_limit(self, dashboard):
        attention = dashboard[dashboard.index("Behöver uppmärksamhet") :]
        attention = attention[: attention.index("Resultat hittills")]
        assert (
            "Lokal problembild Stölder (Lokala problembilder · Uppmärksammad) Uppmärksammad för "
            "61 dagar sedan (2025-08-20) och BRÅ är inte sammankallat: skulle ha skett senast "
            "2025-10-19."
        ) in attention
        assert (
            "Lokal problembild Bedrägerier (Lokala problembilder · BRÅ sammankallat) BRÅ "
            "sammankallades för 91 dagar sedan (2025-07-21) och ingen handlingsplan är antagen: "
            "skulle ha skett senast 2025-10-19."
        ) in attention
        assert "Klotter" not in attention and "Skadegörelse" not in attention

    def test_a_problem_links_to_its_page(self, client, promise, reviewer, problems):
        client.force_login(reviewer)
        html = client.get(reverse("dashboard", args=[promise.slug])).content.decode()
        url = reverse("problem_detail", args=[promise.slug, problems["Stölder"].pk])
        assert f'<a href="{url}">Stölder</a>' in html

    def test_a_step_taken_shows_at_once(self, client, promise, reviewer, problems):
        client.force_login(reviewer)
        url = reverse("dashboard", args=[promise.slug])
        assert "Stölder (Lokala problembilder" in text_of(client.get(url))
        thefts = problems["Stölder"]
        thefts.status, thefts.convened_on = Status.CONVENED, AS_OF
        thefts.save()
        text = text_of(client.get(url))
        assert "Stölder (Lokala problembilder" not in text
        assert "Lokal problembild: Stölder Skede: BRÅ sammankallat" in text

    def test_an_earlier_date_sees_the_rule_as_it_stood(self, client, promise, reviewer, problems):
        client.force_login(reviewer)
        url = reverse("dashboard", args=[promise.slug]) + "?as_of=2025-10-18"
        attention = text_of(client.get(url)).split("Behöver uppmärksamhet", 1)[1]
        attention = attention[: attention.index("Resultat hittills")]
        assert "Stölder" not in attention and "Bedrägerier" not in attention


@pytest.fixture
def get(client, promise, reviewer, problems):
    client.force_login(reviewer)

    def get(name):
        return client.get(reverse(name, args=[promise.slug]))

    return get


class TestReport:
    def test_the_page_shows_stage_days_measures_and_outcome(self, get):
        text = text_of(get("report"))
        assert (
            "Lokal problembild: Trafik Skede: Handlingsplan antagen Uppmärksammad: 2025-02-03; "
            "BRÅ sammankallat: 2025-03-04; Handlingsplan antagen: 2025-04-01; Avslutad: ännu "
            "inte Åtgärder: 2 åtaganden (1 uppfyllt eller i fas, 1 efter eller missat) "
            "Handlingsplan: Kontroller på rätt tid och plats."
        ) in text
        assert "Resultat: Inbrotten i Norrby upphörde." in text
        assert "Uppmärksammad för 61 dagar sedan (2025-08-20) och BRÅ är inte sammankallat" in text

    def test_the_pdf_says_the_same(self, get):
        weasyprint_or_skip()
        pdf = PdfReader(io.BytesIO(get("report_pdf").content))
        text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
        assert "Lokal problembild: Inbrott" in text
        for words in [
            "Skede: Avslutad", "Uppmärksammad: 2024-09-02", "BRÅ sammankallat: 2024-09-17",
            "Handlingsplan antagen: 2024-10-08", "Avslutad: 2025-05-30",
            "Åtgärder: 1 åtagande (1 uppfyllt eller i fas)",
            "Resultat: Inbrotten i Norrby upphörde.", "Skede: Handlingsplan antagen",
            "1 efter eller missat",
        ]:  # fmt: skip
            assert words in text

    def test_the_workbook_has_a_sheet_of_the_problems(self, get):
        workbook = load_workbook(io.BytesIO(get("report_xlsx").content))
        sheet = workbook["Lokala problembilder"]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
        header = [cell.value for cell in sheet[1]]
        assert header == [
            "Inriktning", "Lokal problembild", "Skede", "Uppmärksammad", "BRÅ sammankallat",
            "Handlingsplan antagen", "Avslutad", "Åtgärder", "Uppfyllt eller i fas",
            "Behöver uppmärksamhet", "Efter eller missat", "Inte aktuellt än", "Försenat steg",
            "Resultat",
        ]  # fmt: skip
        rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        dt = datetime.datetime
        assert rows["Trafik"][2:12] == (
            "Handlingsplan antagen", dt(2025, 2, 3), dt(2025, 3, 4), dt(2025, 4, 1), None,
            2, 1, 0, 1, 0,
        )  # fmt: skip
        assert rows["Inbrott"][13] == "Inbrotten i Norrby upphörde."
        assert rows["Stölder"][12].startswith("Uppmärksammad för 61 dagar sedan")
        assert rows["Klotter"][12] is None
        assert sheet.cell(row=2, column=4).number_format == "yyyy-mm-dd"

    def test_a_promise_without_problems_has_no_such_sheet(self, client, reviewer, zoo, promise):
        client.force_login(reviewer)
        response = client.get(reverse("report_xlsx", args=[promise.slug]))
        assert "Lokala problembilder" not in load_workbook(io.BytesIO(response.content)).sheetnames


class TestAnEarlierDate:
    """A report for an earlier date tells what had been done by then: no later step's day, no
    plan not yet adopted, no outcome of a later closing, and a problem not yet raised as such."""

    def test_the_report_shows_the_steps_taken_by_then(self, client, promise, reviewer, problems):
        client.force_login(reviewer)
        url = reverse("report", args=[promise.slug]) + "?as_of=2025-03-20"
        text = text_of(client.get(url))
        assert (
            "Lokal problembild: Trafik Skede: BRÅ sammankallat Uppmärksammad: 2025-02-03; "
            "BRÅ sammankallat: 2025-03-04; Handlingsplan antagen: ännu inte; Avslutad: ännu inte"
        ) in text
        assert "Kontroller på rätt tid och plats." not in text  # adopted on 1 April
        assert (
            "Lokal problembild: Inbrott Skede: Handlingsplan antagen Uppmärksammad: 2024-09-02; "
            "BRÅ sammankallat: 2024-09-17; Handlingsplan antagen: 2024-10-08; Avslutad: ännu inte"
        ) in text
        assert "Grannsamverkan." in text and "Inbrotten i Norrby upphörde." not in text
        assert "Lokal problembild: Stölder Skede: Ännu inte uppmärksammad" in text
        assert "2025-08-20" not in text

    def test_so_does_the_workbook(self, client, promise, reviewer, problems):
        client.force_login(reviewer)
        url = reverse("report_xlsx", args=[promise.slug]) + "?as_of=2025-03-20"
        sheet = load_workbook(io.BytesIO(client.get(url).content))["Lokala problembilder"]
        rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        dt = datetime.datetime
        assert rows["Trafik"][2:7] == (
            "BRÅ sammankallat", dt(2025, 2, 3), dt(2025, 3, 4), None, None,
        )  # fmt: skip
        assert rows["Inbrott"][2] == "Handlingsplan antagen" and rows["Inbrott"][13] is None
        assert rows["Stölder"][2:7] == ("Ännu inte uppmärksammad", None, None, None, None)

    def test_on_the_date_of_a_step_it_is_taken(self, client, promise, reviewer, problems):
        client.force_login(reviewer)
        url = reverse("dashboard", args=[promise.slug]) + "?as_of=2025-05-30"
        assert "Resultat: Inbrotten i Norrby upphörde." in text_of(client.get(url))
        url = reverse("dashboard", args=[promise.slug]) + "?as_of=2025-05-29"
        assert "Inbrotten i Norrby upphörde." not in text_of(client.get(url))


class TestCommand:
    """`followup --format text`: each problem under its focus area with its stage, the days of
    its steps, why it needs attention and its outcome, before its measures."""

    def run(self, promise, as_of):
        out = io.StringIO()
        call_command("followup", promise.slug, "--as-of", as_of, "--format", "text", stdout=out)
        return out.getvalue().splitlines()

    def test_stage_days_attention_and_outcome(self, promise, problems):
        lines = self.run(promise, AS_OF.isoformat())
        trafik = lines.index(
            "» Lokal problembild: Trafik (Handlingsplan antagen): Uppmärksammad 2025-02-03, "
            "BRÅ sammankallat 2025-03-04, Handlingsplan antagen 2025-04-01"
        )
        assert lines[trafik + 1].startswith("trafik-kontroller ")
        closed = lines.index(
            "» Lokal problembild: Inbrott (Avslutad): Uppmärksammad 2024-09-02, "
            "BRÅ sammankallat 2024-09-17, Handlingsplan antagen 2024-10-08, Avslutad 2025-05-30"
        )
        assert lines[closed + 1] == "  Resultat: Inbrotten i Norrby upphörde."
        thefts = lines.index(
            "» Lokal problembild: Stölder (Uppmärksammad): Uppmärksammad 2025-08-20"
        )
        assert lines[thefts + 1] == (
            "  Behöver uppmärksamhet: Uppmärksammad för 61 dagar sedan (2025-08-20) och BRÅ är "
            "inte sammankallat: skulle ha skett senast 2025-10-19."
        )
        graffiti = lines.index(
            "» Lokal problembild: Klotter (Uppmärksammad): Uppmärksammad 2025-08-21"
        )
        assert not lines[graffiti + 1].startswith("  ")  # day 60: not yet

    def test_an_earlier_date(self, promise, problems):
        lines = self.run(promise, "2025-03-20")
        assert "» Lokal problembild: Stölder (Ännu inte uppmärksammad)" in lines
        assert "  Resultat: Inbrotten i Norrby upphörde." not in lines


class TestTodo:
    """ "Att göra" lists the problems for the municipality's coordinators."""

    def test_a_coordinator_of_the_municipality_sees_them(self, client, coordinator, problems):
        client.force_login(coordinator)
        text = text_of(client.get(reverse("todo")))
        assert "Lokala problembilder som behöver uppmärksamhet" in text
        # Both were due by 2025-10-19: then by the problem's title.
        assert text.index("Bedrägerier") < text.index("Stölder")
        assert "Uppmärksammad för 61 dagar sedan (2025-08-20)" in text
        assert "Klotter" not in text and "Skadegörelse" not in text
        assert "Inget behöver göras just nu" not in text

    def test_a_reporter_does_not(self, client, municipal_reporter, problems):
        client.force_login(municipal_reporter)
        assert "Stölder" not in text_of(client.get(reverse("todo")))

    def test_nor_a_coordinator_of_the_police(self, client, promise, problems):
        user = UserFactory(username="polissamordnare")
        MembershipFactory(user=user, organisation=promise.police_area, role=Role.COORDINATOR)
        client.force_login(user)
        assert "Stölder" not in text_of(client.get(reverse("todo")))


class TestPublicPage:
    @pytest.fixture
    def public(self, client, promise, problems):
        problems["Bedrägerier"].meeting_note = "Mötesanteckning som stannar internt."
        problems["Bedrägerier"].save()
        promise.public = True
        promise.save()
        return text_of(client.get(reverse("promise_detail", args=[promise.slug])))

    def test_each_problems_stage_days_measures_and_outcome(self, public):
        assert (
            "Lokal problembild: Trafik Skede: Handlingsplan antagen Uppmärksammad: 2025-02-03; "
            "BRÅ sammankallat: 2025-03-04; Handlingsplan antagen: 2025-04-01; Avslutad: ännu inte "
            "Åtgärder: 2 åtaganden (1 uppfyllt eller i fas, 1 efter eller missat) "
            "Handlingsplan: Kontroller på rätt tid och plats."
        ) in public
        assert "Skede: Avslutad" in public and "Resultat: Inbrotten i Norrby upphörde." in public

    def test_but_not_what_is_internal(self, public):
        assert "Behöver uppmärksamhet" not in public  # the council's to-do, not the residents'
        assert "dagar sedan" not in public
        assert "Mötesanteckning" not in public

    def test_a_step_taken_shows_at_once(self, client, promise, problems, public):
        thefts = problems["Stölder"]
        thefts.status, thefts.convened_on = Status.CONVENED, AS_OF
        thefts.save()
        text = text_of(client.get(reverse("promise_detail", args=[promise.slug])))
        assert "Lokal problembild: Stölder Skede: BRÅ sammankallat" in text
