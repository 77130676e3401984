"""The overview's figures kept per promise and day (followup.overview_figures): made ahead of
time by ``refresh_figures`` so that the overview of many promises opens without making any,
made again for a promise that changed, and never trusted past a change."""

import dataclasses
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Promise
from followup import overview_figures
from followup.models import PromiseFigures
from followup.overview import overview_promises
from followup.overview_figures import Figures, compute_figures
from tests.factories import ActivityFactory

from .world import TODAY, D

URL = "/overview/"
TOMORROW = D(2026, 1, 16)


def made(world, as_of=TODAY):
    """Every promise's figures as of ``as_of``, made afresh, by slug."""
    promises = list(overview_promises(world["users"]["admin"]))
    figures = compute_figures(promises, as_of)
    return {p.slug: figures[p.pk] for p in promises}


def kept(as_of=TODAY):
    """The figures kept as of ``as_of``, by slug."""
    rows = PromiseFigures.objects.filter(as_of=as_of).select_related("promise")
    return {row.promise.slug: Figures.from_json(row.figures) for row in rows}


def refresh(*args):
    """refresh_figures' line, its time left out."""
    out = io.StringIO()
    call_command("refresh_figures", *args, stdout=out)
    return re.sub(r" \(\d+\.\d s\)\.$", ".", out.getvalue().strip())


@pytest.fixture
def counting(monkeypatch):
    """The promises whose figures are made, by slug, call by call."""
    calls = []
    real = overview_figures.compute_figures

    def counted(promises, as_of):
        promises = list(promises)
        if promises:
            calls.append({p.slug for p in promises})
        return real(promises, as_of)

    monkeypatch.setattr(overview_figures, "compute_figures", counted)
    return calls


def shown(client):
    """The figures of the overview's rows, by slug, sorted by a figure (every row's made)."""
    response = client.get(URL, {"sort": "-red"})
    assert response.status_code == 200
    return {row.promise.slug: row.figures for row in response.context["page"].object_list}


def test_the_nightly_refresh_keeps_every_promises_figures_for_today_and_tomorrow(world):
    assert refresh() == (
        "5 löften, 2 dagar från 2026-01-15: 10 siffror beräknade, 0 redan aktuella, "
        "0 från tidigare dagar borttagna."
    )
    assert kept(TODAY) == made(world, TODAY)
    assert kept(TOMORROW) == made(world, TOMORROW)
    # Run again (hourly): nothing changed, nothing is made.
    assert refresh() == (
        "5 löften, 2 dagar från 2026-01-15: 0 siffror beräknade, 10 redan aktuella, "
        "0 från tidigare dagar borttagna."
    )


def test_the_refresh_makes_again_only_what_changed_and_deletes_earlier_days(world):
    refresh()
    pitea = world["promises"]["pitea-2025"]
    ActivityFactory(commitment=pitea.commitments.get(key="vandring"), occurred_on=D(2026, 1, 12))
    assert refresh() == (
        "5 löften, 2 dagar från 2026-01-15: 2 siffror beräknade, 8 redan aktuella, "
        "0 från tidigare dagar borttagna."
    )
    assert kept(TODAY) == made(world, TODAY)
    assert kept(TODAY)["pitea-2025"].years[0].met == 1
    # The next night: today's are of an earlier day.
    assert refresh("--as-of", "2026-01-16", "--days", "1") == (
        "5 löften, 1 dag från 2026-01-16: 0 siffror beräknade, 5 redan aktuella, "
        "5 från tidigare dagar borttagna."
    )
    assert set(PromiseFigures.objects.values_list("as_of", flat=True)) == {TOMORROW}


def test_after_the_refresh_the_overview_makes_no_figure(client, world, counting):
    refresh()
    counting.clear()
    cache.clear()
    client.force_login(world["users"]["admin"])
    with CaptureQueriesContext(connection) as queries:
        assert shown(client) == made(world)
    assert counting == []
    assert any("followup_promisefigures" in q["sql"] for q in queries.captured_queries)


def test_a_promise_changed_since_is_made_again_alone_and_shows_at_once(client, world, counting):
    refresh()
    client.force_login(world["users"]["admin"])
    pitea = world["promises"]["pitea-2025"]
    ActivityFactory(commitment=pitea.commitments.get(key="vandring"), occurred_on=D(2026, 1, 12))
    counting.clear()
    figures = shown(client)
    assert counting == [{"pitea-2025"}]
    assert figures == made(world)
    assert figures["pitea-2025"].years[0].met == 1
    # Kept at its new stamp: the next request (the cache emptied) makes nothing.
    cache.clear()
    counting.clear()
    assert shown(client) == figures
    assert counting == []


def test_figures_kept_at_an_older_stamp_are_never_shown(client, world, counting):
    """Figures kept before the promise's last change are made again, never shown."""
    refresh()
    pitea = world["promises"]["pitea-2025"]
    row = PromiseFigures.objects.get(promise=pitea, as_of=TODAY)
    right = Figures.from_json(row.figures)
    wrong = dataclasses.replace(right, lights=(99, *right.lights[1:]), open_problems=42)
    row.figures = wrong.to_json()
    row.stamp -= 1  # made before the promise's last change
    row.save()
    client.force_login(world["users"]["admin"])
    counting.clear()
    assert shown(client)["pitea-2025"] == made(world)["pitea-2025"] != wrong
    assert counting[0] == {"pitea-2025"}


def test_a_database_that_refuses_to_keep_them_costs_only_the_keeping(
    client, world, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(PromiseFigures.objects, "bulk_create", refuse)
    client.force_login(world["users"]["admin"])
    assert shown(client) == made(world)
    assert "could not be kept" in caplog.text
    assert not PromiseFigures.objects.exists()
    # The request's transaction is still usable: the page's other queries ran after it.
    assert Promise.objects.count() == 5


def test_the_refresh_stops_with_a_reason_when_the_database_refuses(world, monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("could not extend file: No space left on device\nHINT: …")

    monkeypatch.setattr(PromiseFigures.objects, "bulk_create", refuse)
    with pytest.raises(CommandError) as raised:
        refresh()
    assert str(raised.value) == (
        "Siffrorna kunde inte sparas: could not extend file: No space left on device"
    )


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--days", "0"], "--days ska vara ett heltal från 1 till 31, inte 0."),
        (["--days", "32"], "--days ska vara ett heltal från 1 till 31, inte 32."),
        (["--days", "två"], "--days ska vara ett heltal från 1 till 31, inte två."),
        (["--as-of", "2026-02-30"], "--as-of"),
        (["--as-of", "3000-01-01"], "--as-of"),
    ],
)
def test_bad_arguments_stop_with_a_one_line_reason_and_keep_nothing(world, args, reason):
    with pytest.raises(CommandError) as raised:
        refresh(*args)
    assert reason in str(raised.value)
    assert "\n" not in str(raised.value)
    assert not PromiseFigures.objects.exists()


def test_figures_read_back_as_they_were_kept(world):
    for figures in made(world).values():
        assert Figures.from_json(figures.to_json()) == figures
    # A year with no quota period is kept as none.
    assert any(None in figures.years for figures in made(world).values())


def test_a_deleted_promise_takes_its_figures_with_it(world):
    refresh()
    world["promises"]["sodertalje-2023"].delete()
    assert set(kept()) == {"alvsbyn-2024", "pitea-2025", "pitea-2027", "boden-2025"}
