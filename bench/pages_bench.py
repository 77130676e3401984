"""Every page of the app at national scale: queries, time, memory, and the ratio to the floor.

Run with `make bench` (bench/README in the README's "Benchmarks"). Against the database
DATABASE_URL names, seeded with ``seed_scale`` at national scale when it holds no promise (a
second run reuses it), or without DATABASE_URL a throw-away SQLite seeded small. For the
typical promise (median activity count) and the largest, every page: staff pages signed in as
a coordinator of the promise, the public pages as a visitor, the admin as a superuser, the
JSON, the CSV, the workbook and the PDF, and posting an activity on the log form. Pages of no
promise (the public list, the admin's lists) are measured once. Django's test client runs each
request in this process with DEBUG off, through the whole middleware stack.

Each figure is compared with the floor measured in the same run (bench/urls.py). A check
lists every address of the app no request measured. The activities it logs are deleted at the
end, history included: the database is left as it was found.
"""

import datetime
import io
import itertools
import logging
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import measuring
from bench.admin_probes import admin_probes, empty_admin_tables
from bench.followup_bench import engine_figures
from bench.html_form import form_fields
from bench.probes import REFRESH_TARGET, Probe, signed_in

# Every activity the bench logs carries it: they are found and deleted at the end.
MARKER = f"Bänkprov {uuid.uuid4().hex[:8]}"

# The promises changed between two requests of the overview (1% of a national installation's).
CHANGED_PROMISES = 15


def collect(dataset):
    from django.test import Client

    # The 404s measured on purpose are not news; a 500 still is.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    floors = {}
    rows = []
    for scope in dataset.scopes():
        floors[scope.label] = floor(scope)
    rows.extend(engine_figures(dataset))
    rows.append(refresh_figures_row())
    probes = [
        *global_probes(dataset, Client(), signed_in(dataset.typical.coordinator)),
        *itertools.chain.from_iterable(scope_probes(dataset, scope) for scope in dataset.scopes()),
        *overview_probes(dataset, signed_in(dataset.superuser)),
        *admin_probes(dataset, signed_in(dataset.superuser)),
    ]
    try:
        for probe in probes:
            started = time.monotonic()
            row = measuring.measure(
                probe.name,
                probe.promise,
                probe.path,
                probe,
                prepare=probe.prepare,
                target=probe.target(),
            )
            rows.append(row)
            # Progress, for a run that takes minutes.
            print(
                f"{probe.name} ({probe.promise}): {row.error or f'{row.median_ms:.0f} ms'}, "
                f"{time.monotonic() - started:.0f} s in all",
                file=sys.stderr,
                flush=True,
            )
    finally:
        logged = delete_logged()
    # Measured again at the end, so that the machine's drift over the run shows.
    after = {
        scope.label: floor(scope, name="floor (again, at the end)") for scope in dataset.scopes()
    }
    floor_rows = [*floors.values(), *after.values()]
    measuring.with_ratios(rows, floors)
    measuring.with_ratios(floor_rows, floors)
    notes = [f"Activities logged by the bench and deleted again: {logged}."]
    notes.extend(coverage_notes(probes))
    empty = empty_admin_tables()
    if empty:
        notes.append(f"Admin tables with no row to open: {', '.join(empty)}.")
    return [*floor_rows, *rows], notes, {"unmeasured": unmeasured(probes)}


def floor(scope, name="floor"):
    """The floor of ``scope``'s pages: see bench/urls.py."""
    from django.urls import reverse

    path = reverse("bench_floor", args=[scope.promise.slug])
    return measuring.measure(
        name, scope.label, path, Probe(name, scope.label, signed_in(scope.coordinator), path)
    )


def global_probes(dataset, visitor, member):
    """Pages of no promise: the public list, the visitor's pages, the account pages."""
    from django.test import Client

    from commitments.public_list import police_area_choices

    def fresh_login():
        leaving.force_login(dataset.typical.coordinator)

    leaving = Client()
    return [
        Probe("public promise list", "-", visitor, "/promises/"),
        Probe("open data: promise list (JSON)", "-", visitor, "/api/promises/"),
        # A later page, and each filter with the search: the current promises of the whole
        # country are chosen afresh for each.
        Probe("public promise list, page 5", "-", visitor, "/promises/?page=5"),
        Probe(
            "public promise list, filtered",
            "-",
            visitor,
            "/promises/?q=kommun&status=active&county=25",
        ),
        Probe(
            "public promise list, police area",
            "-",
            visitor,
            f"/promises/?police_area={police_area_choices()[0][0]}",
        ),
        Probe("home (visitor)", "-", visitor, "/"),
        Probe("accessibility statement", "-", visitor, "/accessibility/"),
        Probe("health check", "-", visitor, "/healthz"),
        Probe("sign-in form", "-", visitor, "/accounts/login/"),
        Probe(
            "language switch (POST)",
            "-",
            visitor,
            "/i18n/setlang/",
            method="post",
            expect=302,
            prepare=lambda: {"language": "sv", "next": "/"},
        ),
        Probe("change password form", "-", member, "/accounts/password_change/"),
        Probe("password changed page", "-", member, "/accounts/password_change/done/"),
        Probe(
            "sign out (POST)",
            "-",
            leaving,
            "/accounts/logout/",
            method="post",
            expect=302,
            prepare=fresh_login,
        ),
    ]


def scope_probes(dataset, scope):
    """A promise's pages: staff (its coordinator), public (a visitor), its admin's start-next."""
    from django.test import Client

    slug, key = scope.promise.slug, scope.commitment.key
    base = f"/promises/{slug}"
    staff = signed_in(scope.coordinator)
    poster = signed_in(scope.coordinator)
    visitor = Client()
    log_form = f"{base}/activities/new/?commitment={key}"
    # The report files of a year: the twelve months up to today (or to the promise's last day).
    last = scope.log_on()
    from commitments.dates import add_months

    first = add_months(last, -12) + datetime.timedelta(days=1)
    year = f"?as_of={last.isoformat()}&from={first.isoformat()}&to={last.isoformat()}"
    activity = f"{base}/activities/{scope.activity.pk}"
    label = scope.label
    return [
        Probe("home (staff)", label, staff, "/"),
        Probe("to do", label, staff, "/todo/"),
        Probe("promise page", label, staff, f"{base}/"),
        Probe("dashboard", label, staff, f"{base}/followup/"),
        Probe("report page", label, staff, f"{base}/report/"),
        Probe("commitment page", label, staff, f"{base}/commitments/{key}/"),
        Probe("activity list", label, staff, f"{base}/activities/"),
        Probe("CSV export", label, staff, f"{base}/activities/?format=csv"),
        Probe("JSON API", label, staff, f"/api/promises/{slug}/followup.json"),
        Probe("report.xlsx", label, staff, f"{base}/report.xlsx{year}"),
        Probe("report.pdf", label, staff, f"{base}/report.pdf{year}"),
        Probe("log form", label, staff, log_form),
        Probe(
            "log an activity (POST)",
            label,
            poster,
            log_form,
            method="post",
            expect=302,
            prepare=lambda: log_data(poster, log_form, scope.log_on()),
        ),
        Probe("activity page", label, staff, f"{activity}/"),
        Probe("activity edit form", label, staff, f"{activity}/edit/"),
        Probe("activity delete form", label, staff, f"{activity}/delete/"),
        Probe(
            "start next promise form", label, signed_in(dataset.superuser), f"{base}/start-next/"
        ),
        Probe("public promise page", label, visitor, f"{base}/"),
        Probe("public commitment page", label, visitor, f"{base}/commitments/{key}/"),
        *resident_probes(scope, visitor),
        *planning_probes(scope, staff),
    ]


def resident_probes(scope, visitor):
    """What residents and other sites read of a public promise: the feed, the embed, the open
    data files."""
    slug, label = scope.promise.slug, scope.label
    if not scope.promise.public:
        return []
    return [
        Probe("feed (Atom)", label, visitor, f"/promises/{slug}/feed/"),
        Probe("embed", label, visitor, f"/promises/{slug}/embed/"),
        Probe("open data: commitments.csv", label, visitor,
              f"/api/promises/{slug}/commitments.csv"),
        Probe("open data: activities.csv", label, visitor, f"/api/promises/{slug}/activities.csv"),
    ]  # fmt: skip


def planning_probes(scope, staff):
    """The coordinator's planning pages: the plans, the local problems (the list, the form of a
    new one, a problem's page with its steps)."""
    from commitments.models import LocalProblem

    base, label = f"/promises/{scope.promise.slug}", scope.label
    probes = [
        Probe("plans", label, staff, f"{base}/plans/"),
        Probe("local problems", label, staff, f"{base}/problems/"),
        Probe("new local problem form", label, staff, f"{base}/problems/new/"),
    ]
    problem = LocalProblem.objects.filter(focus_area__promise=scope.promise).order_by("pk").first()
    if problem is not None:
        probes.append(Probe("a local problem", label, staff, f"{base}/problems/{problem.pk}/"))
    return probes


def refresh_figures_row():
    """``refresh_figures`` as cron runs it: the first run with no figure kept (every promise's
    for today and tomorrow made: the night's work, and what the first overview of a day would
    cost without it), the others with nothing changed (the hourly run)."""
    from django.core.management import call_command

    from followup.models import PromiseFigures

    PromiseFigures.objects.all().delete()
    return measuring.measure(
        "refresh_figures (first: nightly; median: hourly)",
        "-",
        "",
        lambda _: call_command("refresh_figures", stdout=io.StringIO()),
        target=REFRESH_TARGET,
    )


def overview_probes(dataset, admin):
    """The overview (followup.overview) with the figures kept by ``refresh_figures``: a national
    admin's of every promise, as it opens (the figures of its first page), sorted by a figure
    (every promise's, the first run not cached), and so after 15 promises changed (their
    figures made again, each run), filtered by the typical promise's police area, and as a
    workbook (every row); the typical coordinator's own."""
    from commitments.models import Promise
    from commitments.stamps import touch

    police_area = dataset.typical.promise.police_area_id
    ids = list(Promise.objects.order_by("pk").values_list("pk", flat=True))
    changing = ids[:: max(1, len(ids) // CHANGED_PROMISES)][:CHANGED_PROMISES]
    return [
        Probe("overview (national)", "-", admin, "/overview/"),
        Probe("overview by red (national)", "-", admin, "/overview/?sort=-red"),
        Probe(
            f"overview by red, {len(changing)} promises changed",
            "-",
            admin,
            "/overview/?sort=-red",
            prepare=lambda: touch(*changing),
        ),
        Probe("overview, a police area", "-", admin, f"/overview/?police_area={police_area}"),
        Probe("overview.xlsx (national)", "-", admin, "/overview/overview.xlsx?sort=-red"),
        Probe("overview (coordinator)", "typical", signed_in(dataset.typical.coordinator),
              "/overview/"),
    ]  # fmt: skip


def log_data(client, path, day):
    """The log form as a person fills it in: opened (its one-time token), then the activity.
    The message the post leaves for the next page is dropped, so that posts do not pile up in
    the cookie."""
    client.cookies.pop("messages", None)
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    fields = form_fields(page.content.decode(), form_class="activity-form")
    fields.update(
        occurred_on=[day.isoformat()],
        quantity=["1"],
        description=[f"{MARKER} {uuid.uuid4().hex[:12]}: hundsök vid skolan."],
        place=["Skolan"],
    )
    return fields


def delete_logged():
    """Delete what the bench logged, and its history: how many activities."""
    from commitments.models import Activity

    logged = Activity.objects.filter(description__startswith=MARKER)
    count = logged.count()
    logged.delete()
    Activity.history.filter(description__startswith=MARKER).delete()
    return count


def patterns():
    """Every URL pattern of the app (the bench's floor aside), as Django joins their routes."""
    from django.urls import URLResolver, get_resolver

    def walk(entries, prefix):
        for entry in entries:
            route = URLResolver._join_route(prefix, str(entry.pattern))
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif entry.name != "bench_floor":
                yield route

    return list(dict.fromkeys(walk(get_resolver().url_patterns, "")))


def unmeasured(probes):
    """The routes no probe's address resolves to."""
    from django.urls import resolve

    measured = {resolve(probe.path.split("?")[0]).route for probe in probes}
    return [route for route in patterns() if route not in measured]


def coverage_notes(probes):
    missing = unmeasured(probes)
    lines = [f"URL patterns: {len(patterns())}, not measured: {len(missing) or 'none'}"]
    lines += [f"  not measured: {route}" for route in missing]
    return lines


def main():
    return measuring.run(collect, title="Every page")


if __name__ == "__main__":
    sys.exit(main())
