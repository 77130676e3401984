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
    attention = {c.key: c.status for c in get(reviewer).context["attention"]}
    assert attention == {"behind": "behind", "missed": "missed", "at-risk": "at_risk",
                         "inactive": "inactive"}  # fmt: skip
    commitments = get(reviewer).context["followup"].commitments
    assert {c.key: c.status for c in commitments} == {k: v[0] for k, v in ZOO.items()}


def test_needs_attention_most_urgent_first(get, reviewer, zoo):
    attention = get(reviewer).context["attention"]
    assert [c.key for c in attention] == ["behind", "missed", "at-risk", "inactive"]


def test_tiles_count_commitments_by_light(get, reviewer, zoo):
    tiles = {t.light: t.count for t in get(reviewer).context["tiles"]}
    assert tiles == {"green": 4, "amber": 4, "red": 2, "grey": 1}


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
    response = client.post(reverse("start_next_promise", args=[promise.slug]))
    draft = Promise.objects.get(replaces=promise)
    assert response["Location"] == reverse("admin:commitments_promise_change", args=[draft.pk])
    assert not draft.published and draft.commitments.count() == len(ZOO)


def test_year_by_year_table(get, reviewer, zoo):
    response = get(reviewer)
    assert response.context["years"] == [2024, 2025]
    rows = {result.key: cells for result, cells in response.context["year_rows"]}
    met_2024, met_2025 = rows["met"]
    assert (met_2024.single.count, met_2024.worst) == (0, "missed")
    assert (met_2025.single.count, met_2025.worst) == (1, "met")
    quarters_2024 = rows["on-track"][0]
    assert (quarters_2024.met, len(quarters_2024.periods)) == (0, 4)
    assert "0 av 4 perioder uppfyllda" in response.text


def test_charts_are_svg_with_a_title_a_description_and_a_table(get, reviewer, zoo):
    text = get(reviewer).text
    assert text.count('role="img"') == 2
    assert '<title id="chart-' in text and '<desc id="chart-' in text
    assert "Aktiviteter per månad och part" in text
    assert "Uppfyllda målperioder per år" in text
    assert "Visa som tabell" in text
    assert ",5" not in text.split("<svg")[1].split("</svg>")[0]  # no decimal commas in SVG


def test_activity_chart_counts_per_party_and_month(get, reviewer, zoo):
    chart = get(reviewer).context["activity_chart"]
    assert chart["series_names"] == ["Lokalpolisområde Piteå älvdal"]
    table = dict(chart["table"])
    assert table["okt 2025"] == [1] and table["maj 2025"] == [2] and table["nov 2024"] == [0]


def test_recent_activities_without_staff_names(get, reviewer, zoo):
    response = get(reviewer)
    assert [a.occurred_on for a in response.context["recent"]][:2] == [
        D(2025, 10, 1),
        D(2025, 5, 5),
    ]
    assert "Aktivitet för active." in response.text


def test_query_budget_with_50_commitments_and_5000_activities(
    client, reviewer, promise, big, django_assert_max_num_queries
):
    client.force_login(reviewer)
    url = reverse("dashboard", args=[promise.slug])
    client.get(url)
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert len(response.context["followup"].commitments) == 50


def test_before_the_promise_starts_everything_is_upcoming(get, reviewer, zoo):
    response = get(reviewer, as_of="2023-06-01")
    assert response.status_code == 200
    assert "Status: <strong>Kommande</strong>" in response.text
    quotas = [c for c in response.context["followup"].commitments if c.facts.kind == "quota"]
    assert {c.status for c in quotas} == {"upcoming"}
    assert '">Kommande</span>' in response.text
    assert response.context["completion_chart"]["table"] == []


@pytest.mark.parametrize("name", ["dashboard", "report", "report_xlsx", "promise_detail"])
def test_a_promise_without_commitments_yet(client, reviewer, promise, today, name):
    client.force_login(reviewer)
    response = client.get(reverse(name, args=[promise.slug]))
    assert response.status_code == 200
