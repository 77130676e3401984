import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.demo import load_demo


@pytest.fixture
def demo(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 12), tick=False)
    return load_demo()


def run(*args):
    out = StringIO()
    call_command("followup", *args, stdout=out)
    return out.getvalue()


def test_json_is_the_same_as_the_api(demo, client, admin_user):
    client.force_login(admin_user)
    api = client.get(reverse("followup_json", args=["alvsbyn-2024"]), {"as_of": "2025-07-15"})
    assert json.loads(run("alvsbyn-2024", "--as-of", "2025-07-15")) == api.json()


def test_json_keys_in_the_designs_order(demo):
    data = json.loads(run("alvsbyn-2024", "--as-of", "2025-07-15", "--format", "json"))
    assert list(data) == [
        "promise", "as_of", "status", "valid_from", "valid_until", "effective_end", "summary",
        "commitments", "years", "indicators",
    ]  # fmt: skip
    assert list(data["commitments"][0]) == [
        "key", "focus_area", "local_problem", "parent", "kind", "responsible", "text", "quota",
        "status", "light", "last_activity", "periods", "group", "follows", "needed", "planned",
    ]  # fmt: skip


def test_as_of_defaults_to_today(demo):
    assert json.loads(run("alvsbyn-2024"))["as_of"] == "2026-11-26"


def test_text_is_a_swedish_table(demo):
    text = run("alvsbyn-2024", "--as-of", "2026-11-26", "--format", "text")
    assert text.startswith("Medborgarlöfte Älvsbyn (alvsbyn-2024) per 2026-11-26: Förlängt")
    assert "Gäller 2024-01-01 – tills nytt löfte ges" in text
    lines = text.splitlines()
    hundsok = next(line for line in lines if line.startswith("narkotika-hundsok"))
    assert hundsok.split("  ") and [cell.strip() for cell in hundsok.split("  ") if cell] == [
        "narkotika-hundsok",
        "Ligger efter",
        "2026-01-01 – 2026-12-31",
        "0/2",
        "2 hundsök till före 2026-12-31",
        "2025-04-09",
    ]
    assert lines[lines.index("» Förebyggande arbete i skolan") + 1] == hundsok
    assert "2025  4         2          2        0         0" in lines
    assert "Sammanfattning: 4 uppfyllt," in text  # two of them the burglary problem's measures


def test_unknown_slug(db):
    with pytest.raises(CommandError, match="Inget löfte nowhere."):
        run("nowhere")


@pytest.mark.parametrize("as_of", ["2025-02-30", "15/7/2025"])
def test_bad_date(demo, as_of):
    with pytest.raises(CommandError, match="--as-of måste vara ett datum skrivet ÅÅÅÅ-MM-DD"):
        run("alvsbyn-2024", "--as-of", as_of)


@pytest.mark.parametrize("as_of", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_year_outside_1900_to_2100_is_refused(demo, as_of):
    with pytest.raises(CommandError) as error:
        run("alvsbyn-2024", "--as-of", as_of)
    assert str(error.value) == f"--as-of måste vara ett datum under åren 1900–2100, inte {as_of}."


def test_the_last_day_of_2100_is_still_a_date(demo):
    assert json.loads(run("alvsbyn-2024", "--as-of", "2100-12-31"))["as_of"] == "2100-12-31"
