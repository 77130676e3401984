"""A bounded load run: the app under gunicorn, many people at once, no error allowed.

Run with `make loadtest` (CI runs it after the SQLite tests). On the bench's data set (see
bench/harness.py: the database DATABASE_URL names, seeded at national scale when it holds no
promise, or a throw-away SQLite seeded small), it starts gunicorn on a free local port with
production settings over plain HTTP (DEBUG off; static files from the apps, so nothing has to
be collected; workers recycled with --max-requests and jitter as in the README's deployment),
then a headless locust run (bench/locustfile.py): USERS seeded reporters, each signed in, with
no pause: four operations in five read a page (their dashboard, their promises, the activity
list, the public list, the JSON), one logs an activity on the log form with a unique marker.

It prints requests per second, the 50th, 95th and 99th percentile answer times per page and in
all, and the errors; checks in the database that every post answered as saved is stored
exactly once; deletes what the run logged; and exits non-zero on any error (a 5xx, an
unexpected answer, a refused connection, a timeout) or a post lost or stored twice. Slowness is
read, not judged.
"""

import argparse
import collections
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness

ROOT = harness.ROOT
# Every activity a run logs starts with it: runs against one database are told apart.
MARKER = f"Belastningsprov {uuid.uuid4().hex[:8]}"


def main():
    options = arguments()
    national = bool(os.environ.get("DATABASE_URL"))
    with tempfile.TemporaryDirectory(prefix="loadtest-") as folder:
        folder = Path(folder)
        env = harness.production_environment(
            folder, settings_module="bench.loadtest_settings", allowed_hosts="127.0.0.1"
        )
        harness.setup(env)
        started = time.monotonic()
        dataset = harness.prepare(national=national)
        people = folder / "people.json"
        people.write_text(json.dumps(signed_in_people(options.users)))
        machine = harness.machine()
        close_connections()
        print(
            f"Load run: {options.users} users (spawn rate {options.spawn_rate}/s) for "
            f"{options.duration} s on {options.workers} gunicorn workers; {machine['database']}, "
            f"{dataset.sizes['promises']:,} promises, {dataset.sizes['activities']:,} activities; "
            f"{machine['cores']} cores; ready in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        port = free_port()
        log = folder / "gunicorn.log"
        server = start_server(env, port, options, log)
        posted = folder / "posted.txt"
        posted.touch()
        try:
            base = f"http://127.0.0.1:{port}"
            try:
                harness.wait_until_up(base, server, log)
            except harness.ServerDown as down:
                sys.exit(str(down))
            stats = run_locust(base, options, folder, people, posted, env)
        finally:
            server.terminate()
            server.wait(timeout=60)
        markers = posted.read_text().splitlines()
        stored = stored_markers()
        deleted = delete_logged()
        status = report(stats, markers, stored, deleted, log, machine, dataset, options)
    sys.exit(status)


def arguments():
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--users", type=int, default=int(env("LOADTEST_USERS", 20)), help="people at once (20)"
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=float(env("LOADTEST_SPAWN_RATE", 20)),
        help="people started per second (20)",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(env("LOADTEST_DURATION", 60)),
        help="seconds of load (60)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(env("LOADTEST_WORKERS", 3)),
        help="gunicorn workers (3)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=int(env("LOADTEST_MAX_REQUESTS", 500)),
        help="requests before gunicorn recycles a worker (500)",
    )
    parser.add_argument(
        "--max-requests-jitter",
        type=int,
        default=int(env("LOADTEST_MAX_REQUESTS_JITTER", 50)),
        help="a random part of it, so that workers do not recycle together (50)",
    )
    return parser.parse_args()


# ---------------------------------------------------------------------------------------------
# The people and the database.


def signed_in_people(count):
    """Up to ``count`` seeded reporters, each with a published promise in force today that
    they log on (one promise each), a commitment of it, and a session (signed in as the test
    client's force_login does: the password's slow hash is not the load)."""
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from commitments.access import reportable_commitments
    from commitments.enums import Role
    from commitments.models import Membership, Promise

    today = timezone.localdate()
    people, promises = [], set()
    members = (
        Membership.objects.filter(role=Role.REPORTER, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    for membership in members.iterator():
        candidates = (
            Promise.objects.published()
            .with_party([membership.organisation_id])
            .filter(valid_from__lte=today)
            .exclude(pk__in=promises)
            .order_by("-valid_from", "pk")
        )
        promise = next((p for p in candidates[:5] if p.is_in_force_on(today)), None)
        if promise is None or membership.user.is_staff:
            continue
        commitment = reportable_commitments(membership.user, promise).first()
        if commitment is None:
            continue
        client = Client()
        client.force_login(membership.user)
        people.append(
            {
                "username": membership.user.get_username(),
                "slug": promise.slug,
                "commitment": commitment.key,
                "cookie": settings.SESSION_COOKIE_NAME,
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
        promises.add(promise.pk)
        if len(people) == count:
            break
    if not people:
        sys.exit("No seeded reporter logs on a published promise in force.")
    return people


def stored_markers():
    """How many times each marker of the run is stored."""
    from commitments.models import Activity

    descriptions = Activity.objects.filter(description__startswith=MARKER).values_list(
        "description", flat=True
    )
    return collections.Counter(d.split(":", 1)[0] for d in descriptions)


def delete_logged():
    """Delete what the run logged, history included, so that runs do not pile up."""
    from commitments.models import Activity

    logged = Activity.objects.filter(description__startswith=MARKER)
    count = logged.count()
    logged.delete()
    Activity.history.filter(description__startswith=MARKER).delete()
    return count


def close_connections():
    from django.db import connections

    connections.close_all()


# ---------------------------------------------------------------------------------------------
# The server and the load.


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env, port, options, log):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "alvsbyn_promises.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(options.workers),
        "--timeout",
        "30",
        "--max-requests",
        str(options.max_requests),
        "--max-requests-jitter",
        str(options.max_requests_jitter),
    ]
    with open(log, "wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=out
        )


def run_locust(base, options, folder, people, posted, env):
    """A headless locust run; its statistics: one row per page and "Aggregated"."""
    prefix = folder / "locust"
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        base,
        "--users",
        str(options.users),
        "--spawn-rate",
        str(options.spawn_rate),
        "--run-time",
        f"{options.duration}s",
        "--stop-timeout",
        "20",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    extra = {
        "LOADTEST_PEOPLE": str(people),
        "LOADTEST_POSTED": str(posted),
        "LOADTEST_MARKER": MARKER,
        "PYTHONPATH": env["PYTHONPATH"],
    }
    locust = subprocess.run(
        command, cwd=ROOT, env={**os.environ, **extra}, capture_output=True, text=True
    )
    if locust.returncode != 0:
        sys.exit(f"locust failed ({locust.returncode}):\n{locust.stdout}\n{locust.stderr}")
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = list(csv.DictReader(stats))
    with open(f"{prefix}_failures.csv", newline="") as failures:
        failed = list(csv.DictReader(failures))
    return {"rows": rows, "failures": failed, "output": locust.stdout + locust.stderr}


# ---------------------------------------------------------------------------------------------
# What it found.


def report(stats, markers, stored, deleted, log, machine, dataset, options):
    """Print the figures and the JSON line; the exit status: 0 when nothing went wrong."""
    print(
        f"{'':<24} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7}"
    )
    pages = []
    for row in stats["rows"]:
        name = row["Name"]
        figures = {
            "page": name,
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "requests_per_s": round(float(row["Requests/s"]), 1),
            "p50_ms": _number(row["50%"]),
            "p95_ms": _number(row["95%"]),
            "p99_ms": _number(row["99%"]),
        }
        pages.append(figures)
        print(
            f"{name:<24} {figures['requests']:8d} {figures['errors']:6d} "
            f"{figures['requests_per_s']:7.1f} {figures['p50_ms']:7.0f} "
            f"{figures['p95_ms']:7.0f} {figures['p99_ms']:7.0f}"
        )
    problems = [
        f"{f['Occurrences']} × {f['Method']} {f['Name']}: {f['Error']}" for f in stats["failures"]
    ]
    answered = collections.Counter(markers)
    lost = [m for m in answered if stored[m] == 0]
    doubled = [m for m in answered if stored[m] > 1]
    unanswered = [m for m in stored if m not in answered]
    print(
        f"activities posted and answered as saved: {len(markers)}; stored: {sum(stored.values())} "
        f"(lost {len(lost)}, stored twice {len(doubled)}, stored without a saved answer "
        f"{len(unanswered)}); deleted again: {deleted}"
    )
    if lost:
        problems.append(f"{len(lost)} posts answered as saved but not stored, e.g. {lost[0]}")
    if doubled:
        problems.append(f"{len(doubled)} posts stored more than once, e.g. {doubled[0]}")
    total = next((p for p in pages if p["page"] == "Aggregated"), None)
    if total is None or total["requests"] == 0:
        problems.append("no request was answered")
    print(f"errors: {len(problems)}")
    for problem in problems[:10]:
        print(f"  {problem}")
    print(
        json.dumps(
            {
                **machine,
                "users": options.users,
                "duration_s": options.duration,
                "workers": options.workers,
                "data_set": dataset.sizes,
                "pages": pages,
                "posted": len(markers),
                "stored": sum(stored.values()),
                "lost": len(lost),
                "doubled": len(doubled),
                "errors": len(problems),
            },
            ensure_ascii=False,
        )
    )
    if problems:
        print(stats["output"][-3000:], file=sys.stderr)
        print(log.read_text(errors="replace")[-5000:], file=sys.stderr)
        return 1
    return 0


def _number(text):
    try:
        return float(text)
    except ValueError:
        return 0.0


if __name__ == "__main__":
    main()
