import datetime

import pytest
from django.urls import reverse

from commitments.models import Promise

from .conftest import LABELS, ZOO

D = datetime.date


@pytest.fixture
def get(client, promise):
    def get(user, **params):
        client.force_login(user)
        return client.get(reverse("dashboard", args=[promise.slug]), params)

    return get


def test_every_status_is_shown_in_words(get, reviewer, zoo):
    response = get(reviewer)
    assert response.status_code == 200
    for label in LABELS:
        assert f'">{label}</span>' in response.text, label


def test_statuses_match_the_engine(get, reviewer, zoo):
    commitments = get(reviewer).context["page"].followup.commitments
    assert {c.key: c.status for c in commitments} == {k: v[0] for k, v in ZOO.items()}


def test_needs_attention_most_urgent_first_with_last_years_misses(get, reviewer, zoo):
    attention = get(reviewer).context["page"].attention
    # The quotas that missed their 2024 period (or earlier quarters of 2025) stay listed as
    # missed, after what is behind now and before what is at risk.
    assert [(item.key, item.status) for item in attention] == [
        ("behind", "behind"), ("met", "missed"), ("on-track", "missed"), ("missed", "missed"),
        ("at-risk", "at_risk"), ("inactive", "inactive"),
    ]  # fmt: skip


def test_tiles_count_the_quota_periods_of_the_whole_promise(get, reviewer, zoo):
    page = get(reviewer).context["page"]
    tiles = {t.part: t.count for t in page.tiles}
    # 2024: three yearly quotas and four quarters, all missed; 2025: one met, three quarters
    # missed, and at risk, behind and a quarter on track still open.
    assert tiles == {"met": 1, "missed": 10, "open": 3, "upcoming": 0}
    assert next(t for t in page.tiles if t.part == "open").behind == 1
    assert tiles == {part: sum(getattr(y, part) for y in page.followup.years) for part in tiles}


def test_status_with_days_left(get, reviewer, zoo):
    text = get(reviewer).text
    assert "Status: <strong>Aktiv</strong> · 72 dagar kvar" in text


def test_as_of_picks_the_day(get, reviewer, zoo):
    response = get(reviewer, as_of="2025-01-10")
    assert response.context["followup"].as_of == D(2025, 1, 10)
    assert 'value="2025-01-10"' in response.text


def test_bad_as_of_is_explained(get, reviewer, zoo):
    response = get(reviewer, as_of="2025-02-30")
    assert response.status_code == 400
    assert "as_of måste vara ett datum skrivet ÅÅÅÅ-MM-DD, inte 2025-02-30." in response.text


def test_extended_promise_offers_admins_the_next_promise(
    get, reviewer, admin_user, promise, zoo, time_machine
):
    promise.until_superseded = True
    promise.save()
    time_machine.move_to(datetime.datetime(2026, 2, 1, 12), tick=False)
    text = get(reviewer).text
    assert "Löftet har passerat 2025-12-31, dagen det gavs till" in text
    assert reverse("start_next_promise", args=[promise.slug]) not in text
    assert reverse("start_next_promise", args=[promise.slug]) in get(admin_user).text


def test_admin_starts_the_next_promise(client, admin_user, promise, zoo):
    client.force_login(admin_user)
    url = reverse("start_next_promise", args=[promise.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"title": "Nästa löfte", "valid_from": "2026-01-01", "valid_until": "2027-12-31"}
    )
    draft = Promise.objects.get(replaces=promise)
    assert response["Location"] == reverse("admin:commitments_promise_change", args=[draft.pk])
    assert not draft.published and draft.commitments.count() == len(ZOO)


def test_year_by_year_table_by_the_year_each_period_ends(get, reviewer, zoo):
    response = get(reviewer)
    page = response.context["page"]
    assert page.years == [2024, 2025]
    rows = {result.key: dict(cells) for result, cells in page.year_rows}
    assert (rows["met"][2024].single.count, rows["met"][2024].worst) == (0, "missed")
    assert (rows["met"][2025].single.count, rows["met"][2025].worst) == (1, "met")
    assert (rows["on-track"][2024].met, len(rows["on-track"][2024].periods)) == (0, 4)
    assert "0 av 4 perioder uppfyllda" in response.text


def test_charts_are_svg_with_a_title_a_description_and_a_table(get, reviewer, zoo):
    text = get(reviewer).text
    assert text.count('role="img"') == 2
    assert '<title id="chart-' in text and '<desc id="chart-' in text
    assert "Aktiviteter per månad och part" in text
    assert "Målperioder per år" in text
    assert "Visa som tabell" in text
    assert ",5" not in text.split("<svg")[1].split("</svg>")[0]  # no decimal commas in SVG


def test_the_year_chart_shows_met_missed_open_and_upcoming_never_a_share(get, reviewer, zoo):
    chart = get(reviewer).context["page"].charts[0]
    assert chart["series_names"] == ["Uppfyllda", "Missade", "Pågående", "Kommande"]
    assert chart["table"] == [("2024", [0, 7, 0, 0]), ("2025", [1, 3, 3, 0])]
    assert chart["unit"] == "" and "%" not in str(chart["table"])
    hatched = {name for name, _colour, hatch in chart["legend"] if hatch}
    assert hatched == {"Missade"}  # it reads apart when printed in black and white


def test_activity_chart_counts_per_party_and_month_with_years_on_the_axis(get, reviewer, zoo):
    chart = get(reviewer).context["page"].charts[1]
    assert chart["series_names"] == ["Lokalpolisområde Piteå älvdal"]
    table = dict(chart["table"])
    assert table["okt 2025"] == [1] and table["maj 2025"] == [2] and table["nov 2024"] == [0]
    assert [(label.text, label.second) for label in chart["labels"]][:3] == [
        ("nov", "2024"), ("dec", ""), ("jan", "2025"),
    ]  # fmt: skip


def test_recent_activities_link_to_their_commitment(get, reviewer, zoo, promise):
    response = get(reviewer)
    assert [a.occurred_on for a in response.context["page"].recent][:2] == [
        D(2025, 10, 1),
        D(2025, 5, 5),
    ]
    assert "Aktivitet för active." in response.text
    assert reverse("commitment_detail", args=[promise.slug, "active"]) in response.text


def test_every_commitment_name_links_to_its_page_keeping_the_date(get, reviewer, zoo, promise):
    text = get(reviewer, as_of="2025-10-20").text
    for key in ZOO:
        assert f'href="/promises/{promise.slug}/commitments/{key}/?as_of=2025-10-20"' in text


def test_the_legend_says_what_each_status_means(get, reviewer, zoo):
    text = get(reviewer).text
    assert "Vad statusarna betyder" in text
    assert "<dt>Ligger efter</dt>" in text and "<dt>I riskzonen</dt>" in text
    assert "Ingen aktivitet på 120 dagar eller mer." in text


def test_open_quotas_say_what_is_still_needed(get, reviewer, zoo):
    text = get(reviewer).text
    assert "2 till före 2025-12-31" in text  # behind: nothing yet of two
    assert "1 till före 2025-12-31" in text  # at risk: one of two


def test_query_budget_with_50_commitments_and_5000_activities(
    client, reviewer, promise, big, django_assert_max_num_queries
):
    client.force_login(reviewer)
    url = reverse("dashboard", args=[promise.slug])
    client.get(url)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert len(response.context["page"].followup.commitments) == 50


def test_before_the_promise_starts_everything_is_upcoming(get, reviewer, zoo):
    response = get(reviewer, as_of="2023-06-01")
    assert response.status_code == 200
    assert "Status: <strong>Kommande</strong>" in response.text
    page = response.context["page"]
    quotas = [c for c in page.followup.commitments if c.facts.kind == "quota"]
    assert {c.status for c in quotas} == {"upcoming"}
    assert '">Kommande</span>' in response.text
    assert page.outcome is None and "Resultat hittills" not in response.text
    assert {t.part: t.count for t in page.tiles}["upcoming"] == 14


@pytest.mark.parametrize("name", ["dashboard", "report", "report_xlsx", "promise_detail"])
def test_a_promise_without_commitments_yet(client, reviewer, promise, today, name):
    client.force_login(reviewer)
    response = client.get(reverse(name, args=[promise.slug]))
    assert response.status_code == 200
