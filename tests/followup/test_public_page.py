"""The public promise page for residents (issue 14): the overall progress by light, per focus area
and in all, equal to the follow-up's; the years, never all met while a period is open or missed;
each quota's periods in a few lines, also for a daily quota over two years (on the commitment's
page too); links to every commitment's page; whom to ask; the published activities as a
timeline; and the Atom feed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.enums import ReviewStatus
from commitments.models import Activity
from followup.loading import followup_for
from followup.public_page import MAX_TIMELINE
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
)

from .conftest import ZOO

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def public(promise, today):
    promise.public = True
    promise.save()
    return promise


def get(client, promise):
    response = client.get(reverse("promise_detail", args=[promise.slug]))
    assert response.status_code == 200
    assert response.templates[0].name == "commitments/promise_public.html"
    return response


def card(text, commitment_text):
    """The HTML of the public page's card of the commitment with ``commitment_text``."""
    cards = [c.split("</div>\n    </li>")[0] for c in text.split('<li class="card')[1:]]
    (found,) = [c for c in cards if f">{commitment_text}</a>" in c]
    return found


def lines_of(html):
    """The period lines (followup/includes/period_lines.html) in ``html``."""
    return re.findall(r'<ul class="list-unstyled small mb-0 period-lines">(.*?)</ul>', html, re.S)


# --- Overall progress ------------------------------------------------------------------------


@pytest.fixture
def two_areas(public, zoo, today):
    """The zoo's eleven statuses in "Trygghet", and in "Trafik" a quota met with a
    sub-commitment behind and a local problem's measure not started."""
    area = FocusAreaFactory(promise=public, title="Trafik")
    parent = CommitmentFactory(focus_area=area, key="kontroller", quota_target=1)
    CommitmentFactory(focus_area=area, key="kontroller-centrum", parent=parent, quota_target=2)
    ActivityFactory(commitment=parent, occurred_on=D(2025, 3, 1))
    problem = LocalProblemFactory(focus_area=area, title="Buskörning")
    CommitmentFactory(focus_area=area, local_problem=problem, key="atgard", ongoing=True)
    return public


def test_progress_counts_equal_the_followups_per_area_and_in_total(client, two_areas, today):
    response = get(client, two_areas)
    progress = response.context["page"].progress
    followup = followup_for(two_areas, today)
    assert dict(progress.total.statuses) == {str(s): n for s, n in followup.summary.items()}
    assert progress.total.total == len(followup.commitments) == len(ZOO) + 3
    assert [area.title for area in progress.areas] == ["Trygghet", "Trafik"]
    for status, n in followup.summary.items():
        assert sum(area.count(status) for area in progress.areas) == n, status
    trafik = progress.areas[1]
    assert (trafik.count("green"), trafik.count("amber"), trafik.count("red")) == (1, 1, 1)
    # The page says each figure in words, for the whole promise and each area.
    text = response.text
    section = text[text.index('id="progress-heading"') : text.index('id="years-heading"')]
    assert "14 åtaganden:" in section and "11 åtaganden:" in section and "3 åtaganden:" in section
    assert "<strong>5 uppfyllda eller i fas</strong>" in section
    assert "<strong>5 behöver uppmärksamhet</strong>" in section
    assert "<strong>3 efter eller missade</strong> (ligger efter 2, missat 1)" in section
    assert "<strong>1 inte aktuellt än</strong> (ej aktuellt 1)" in section
    assert "<strong>1 efter eller missat</strong> (ligger efter 1)" in section  # Trafik


def test_a_legend_of_the_lights_and_the_statuses(client, public, zoo):
    text = get(client, public).text
    legend = text[text.index('id="legend-heading"') :]
    assert "Grön: uppfyllt eller i fas" in legend
    assert "Uppfyllt, I fas, Klart, Aktiv" in legend
    assert "Röd: efter eller missat" in legend and "Ligger efter, Missat" in legend
    assert "Periodens mål är nått." in legend  # each status explained


# --- Years -----------------------------------------------------------------------------------


@pytest.fixture
def quarters(public, focus_area):
    """A quota of one a quarter: 2024 met, 2025's first two quarters met and its last two short
    (the design card's worked example of a year of four quota periods)."""
    commitment = CommitmentFactory(
        focus_area=focus_area, key="kvartal", text="En per kvartal.", quota_target=1,
        quota_per="quarter",
    )  # fmt: skip
    for day in (D(2024, 2, 1), D(2024, 5, 1), D(2024, 8, 1), D(2024, 11, 1)):
        ActivityFactory(commitment=commitment, occurred_on=day)
    for day in (D(2025, 2, 1), D(2025, 5, 1)):
        ActivityFactory(commitment=commitment, occurred_on=day)
    return public


def year_row(text, year):
    table = text[text.index('class="table table-sm table-stack year-outcome"') :]
    table = table[: table.index("</table>")]
    return re.search(rf'<th scope="row">{year}</th>(.*?)</tr>', table, re.S).group(1)


def test_a_year_is_all_met_only_when_every_period_is(client, quarters, time_machine):
    time_machine.move_to(datetime.datetime(2025, 12, 31, 12), tick=False)
    text = get(client, quarters).text
    assert "Alla uppfyllda" in year_row(text, 2024) and "✓" in year_row(text, 2024)
    # On 31 December two periods of 2025 are met and two open: under way, not all met.
    row = year_row(text, 2025)
    assert ">2</td>" in row and "Pågår" in row
    assert "Alla uppfyllda" not in row and "✓" not in row
    assert "kvartal 4 2025: 0 av 1 – ligger efter" in text
    time_machine.move_to(datetime.datetime(2026, 1, 1, 12), tick=False)
    text = get(client, quarters).text
    row = year_row(text, 2025)
    assert "Avslutat, inte alla uppfyllda" in row and "✓" not in row
    assert "kvartal 4 2025: 0 av 1 – missat" in text


def test_a_year_of_days_with_one_open_is_not_all_met(client, public, focus_area, today):
    commitment = CommitmentFactory(
        focus_area=focus_area, key="dag", text="En om dagen.", quota_target=1, quota_per="day"
    )
    Activity.objects.bulk_create(
        Activity(
            commitment=commitment,
            occurred_on=D(2025, 1, 1) + datetime.timedelta(days=n),
            organisation=public.police_area,
            description="Kontroll.",
        )
        for n in range(292)  # every day up to yesterday; today's is still open
    )
    (line_2025,) = [
        line for line in lines_of(get(client, public).text)[0].split("<li>") if "2025" in line
    ]
    assert "2025: 292 av 293 dagar uppfyllda, 1 pågår, 72 har inte börjat" in line_2025
    assert "✓" not in line_2025


# --- Daily and weekly quotas in a few lines --------------------------------------------------


@pytest.fixture
def daily(public, focus_area, today):
    """A daily quota and an average daily quota over 2024–2025: in 2024 every day but ten
    (ten days missed), in 2025 up to 30 June."""
    plain = CommitmentFactory(
        focus_area=focus_area, key="dagligen", text="Kontroll varje dag.", quota_target=1,
        quota_per="day", publish_activities=True,
    )  # fmt: skip
    average = CommitmentFactory(
        focus_area=focus_area, key="i-snitt", text="I snitt en kontroll om dagen.",
        quota_target=1, quota_per="day", quota_average=True,
    )  # fmt: skip
    days = [D(2024, 1, 11) + datetime.timedelta(days=n) for n in range(356)]
    days += [D(2025, 1, 1) + datetime.timedelta(days=n) for n in range(181)]
    Activity.objects.bulk_create(
        Activity(
            commitment=commitment,
            occurred_on=day,
            organisation=public.police_area,
            description="Kontroll.",
        )
        for commitment in (plain, average)
        for day in days
    )
    return plain, average


def test_a_daily_quota_over_two_years_is_a_line_a_year(client, public, daily):
    text = get(client, public).text
    plain, average = (card(text, c.text) for c in daily)
    (lines,) = lines_of(plain)
    assert lines.count("<li>") == 2
    assert "2024: 356 av 366 dagar uppfyllda, 10 missade" in lines
    assert "2025: 181 av 293 dagar uppfyllda, 111 missade, 1 pågår, 72 har inte börjat" in lines
    # The average: its one evaluation over the whole promise, 537 of 731.
    (lines,) = lines_of(average)
    assert lines.count("<li>") == 1
    assert "2024-01-01 – 2025-12-31: 537 av 731 – ligger efter" in lines
    # The whole page: no wall of period rows.
    assert sum(block.count("<li>") for block in lines_of(text)) < 10


def rows(text, table_class):
    match = re.search(rf'<table class="[^"]*\b{table_class}\b[^"]*">(.*?)</table>', text, re.S)
    return match.group(1).count("<tr") - 1 if match else 0  # less the header


def test_the_public_commitment_page_sums_up_a_daily_quota_by_year_and_month(client, public, daily):
    url = reverse("commitment_detail", args=[public.slug, "dagligen"])
    response = client.get(url)
    assert response.templates[0].name == "followup/commitment_public.html"
    text = response.text
    (years,) = lines_of(text)
    assert "2024: 356 av 366 dagar uppfyllda, 10 missade" in years
    months, latest = rows(text, "period-months"), rows(text, "periods")
    assert months == 12  # the latest twelve begun: November 2024 to October 2025
    assert latest == 7
    assert months + latest + years.count("<li>") < 40
    for month, periods, met, missed in [("juni 2025", 30, 30, 0), ("juli 2025", 31, 0, 31)]:
        assert (
            f'<th scope="row" data-label="Månad">{month}</th><td data-label="Perioder">{periods}'
            f'</td><td data-label="Uppfyllda">{met}</td><td data-label="Missade">{missed}</td>'
        ) in text
    assert "oktober 2024</th>" not in text
    # The average: its one evaluation, with no summing up.
    text = client.get(reverse("commitment_detail", args=[public.slug, "i-snitt"])).text
    assert lines_of(text) == [] and rows(text, "period-months") == 0
    assert rows(text, "periods") == 1
    assert "537" in text and "731" in text


def test_staff_see_the_commitment_page_as_before(client, public, daily, reviewer):
    client.force_login(reviewer)
    text = client.get(reverse("commitment_detail", args=[public.slug, "dagligen"])).text
    assert lines_of(text) == []  # no years
    assert (rows(text, "period-months"), rows(text, "periods")) == (24, 10)  # every month


# --- Links to every commitment ---------------------------------------------------------------


def test_each_commitment_links_to_its_public_page(client, two_areas):
    text = get(client, two_areas).text
    commitments = two_areas.commitments.all()
    assert commitments.count() == 14
    for commitment in commitments:
        url = reverse("commitment_detail", args=[two_areas.slug, commitment.key])
        assert f'<a href="{url}">{commitment.text}</a>' in text
        assert client.get(url).status_code == 200


# --- Contact ---------------------------------------------------------------------------------


def contact_section(text):
    start = text.index('id="contact-heading"')
    return text[start : text.index("</section>", start)]


def test_the_contact_is_a_function_with_its_email_phone_and_page(client, public, zoo):
    public.contact_role = "Trygghetssamordnare"
    public.contact_email = "trygghet@alvsbyn.se"
    public.contact_phone = "0929-170 00"
    public.contact_url = "https://www.alvsbyn.se/"
    public.save()
    text = get(client, public).text
    section = contact_section(text)
    assert "Frågor om löftet: Trygghetssamordnare." in section
    assert '<a href="mailto:trygghet@alvsbyn.se">trygghet@alvsbyn.se</a>' in section
    assert '<a href="tel:0929-17000">0929-170 00</a>' in section
    assert '<a href="https://www.alvsbyn.se/">Kommunens sida om löftet</a>' in section
    assert '<a href="#contact-heading">Kontakt</a>' in text


def test_a_contact_of_a_page_alone(client, public, zoo):
    public.contact_url = "https://www.alvsbyn.se/"
    public.save()
    section = contact_section(get(client, public).text)
    assert "Kommunens sida om löftet" in section
    assert "Frågor om löftet:" not in section and "mailto:" not in section and "tel:" not in section


def test_without_a_contact_the_page_says_whom_to_ask(client, public, zoo):
    assert public.contact is None
    section = contact_section(get(client, public).text)
    assert (
        "Löftet anger ingen egen kontakt. Ställ dina frågor till Älvsbyns kommun eller "
        "Lokalpolisområde Piteå älvdal." in section
    )
    assert "mailto:" not in section and "tel:0" not in section and "Kommunens sida" not in section


# --- Timeline --------------------------------------------------------------------------------


@pytest.fixture
def activities(public, focus_area, today, police_reporter):
    """A publishable commitment with approved, submitted and returned activities (one with the
    municipality taking part, one dated before the promise), and one not publishable."""
    police_reporter.first_name, police_reporter.last_name = "Petra", "Polisdóttir"
    police_reporter.save()
    shown = CommitmentFactory(
        focus_area=focus_area, key="visas", text="Trygghetsvandringar.", publish_activities=True,
        responsible=[public.police_area, public.municipality],
    )  # fmt: skip
    hidden = CommitmentFactory(focus_area=focus_area, key="dolt", text="Dolt arbete.")

    def log(commitment, day, description, **fields):
        return ActivityFactory(
            commitment=commitment, occurred_on=day, description=description,
            reported_by=police_reporter, **fields,
        )  # fmt: skip

    walk = log(shown, D(2025, 9, 3), "Vandring i centrum.", place="Centrum", kind="vandring")
    walk.participants.add(public.municipality)
    log(shown, D(2025, 8, 14), "Vandring vid skolan.")
    log(shown, D(2024, 3, 1), "Vandring förra året.")
    log(shown, D(2023, 12, 30), "Före löftet.")
    log(shown, D(2025, 9, 9), "Väntar på granskning.", review_status=ReviewStatus.SUBMITTED)
    log(shown, D(2025, 9, 10), "Återsänd.", review_status=ReviewStatus.RETURNED)
    log(hidden, D(2025, 9, 4), "Inte för allmänheten.")
    return shown


def timeline_section(text):
    start = text.index('id="activities-heading"')
    return text[start : text.index("</section>", start)]


def test_the_timeline_shows_published_approved_activities_by_month(client, public, activities):
    text = get(client, public).text
    section = timeline_section(text)
    for shown in ("Vandring i centrum.", "Vandring vid skolan.", "Vandring förra året."):
        assert shown in section
    for hidden in ("Före löftet.", "Väntar på granskning.", "Återsänd.", "Inte för allmänheten."):
        assert hidden not in text
    assert "Petra" not in text and "Polisdóttir" not in text and "polis<" not in text
    months = re.findall(r'<h3 class="h5 mt-3">(.*?)</h3>', section)
    assert months == ["September 2025", "Augusti 2025", "Mars 2024"]
    assert (
        '<time datetime="2025-09-03">2025-09-03</time>\n'
        "            · Lokalpolisområde Piteå älvdal tillsammans med Älvsbyns kommun · vandring"
        " · Centrum" in section
    )
    url = reverse("commitment_detail", args=[public.slug, "visas"])
    assert f'<a href="{url}">Trygghetsvandringar.</a>' in section


def test_the_timeline_lists_the_latest_and_says_where_the_rest_are(client, public, activities):
    Activity.objects.bulk_create(
        Activity(
            commitment=activities,
            occurred_on=D(2025, 1, 1) + datetime.timedelta(days=n),
            organisation=public.police_area,
            description=f"Vandring {n}.",
        )
        for n in range(MAX_TIMELINE + 10)
    )
    section = timeline_section(get(client, public).text)
    assert section.count('class="timeline-entry"') == MAX_TIMELINE
    assert "Varje åtagandes sida visar alla dess egna." in section
    assert "Vandring förra året." not in section  # among the oldest, on the commitment's page


def test_without_published_activities_the_timeline_says_so(client, public, zoo):
    section = timeline_section(get(client, public).text)
    assert "Inga aktiviteter är publicerade för det här löftet ännu." in section


# --- Feed ------------------------------------------------------------------------------------


def test_the_feed_is_linked_in_the_head_and_on_the_page(client, public, zoo):
    text = get(client, public).text
    feed = reverse("promise_feed", args=[public.slug])
    head = text[: text.index("</head>")]
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="{public.title}: vad som görs '
        f'och uppnås (Atom)" href="{feed}">' in head
    )
    assert f'<a href="{feed}">Följ löftet (Atom-flöde)</a>' in text
    commitment = client.get(reverse("commitment_detail", args=[public.slug, "met"])).text
    assert f'href="{feed}"' in commitment[: commitment.index("</head>")]


# --- Queries ---------------------------------------------------------------------------------


def populate(promise, commitments, activities):
    area = FocusAreaFactory(promise=promise)
    made = [
        CommitmentFactory(
            focus_area=area, publish_activities=True, quota_per="week",
            responsible=[promise.police_area, promise.municipality],
        )
        for _ in range(commitments)
    ]  # fmt: skip
    for n in range(activities):
        activity = ActivityFactory(
            commitment=made[n % commitments],
            occurred_on=D(2024, 1, 1) + datetime.timedelta(days=(n * 7) % 650),
        )
        activity.participants.add(promise.municipality)


def test_the_page_reads_as_many_queries_whatever_its_size(client, public, today):
    """The same number at two sizes (pinned in test_query_counts.py): the promise, its other
    parties and successors; the follow-up's facts; focus areas and local problems; the timeline
    and its participating organisations."""
    counts = []
    for commitments, activities in [(2, 3), (20, 120)]:
        populate(public, commitments, activities)
        public.save()  # a new stamp: the page is built afresh
        with CaptureQueriesContext(connection) as queries:
            text = get(client, public).text
        counts.append(len(queries))
    assert text.count('class="timeline-entry"') == MAX_TIMELINE
    assert counts[0] == counts[1] <= 14


def test_only_public_promises(client, promise, stranger, zoo):
    assert client.get(reverse("promise_detail", args=[promise.slug])).status_code == 302
    client.force_login(stranger)
    assert client.get(reverse("promise_detail", args=[promise.slug])).status_code == 404
