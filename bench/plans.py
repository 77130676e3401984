"""The query plans of the hot paths: ``EXPLAIN (ANALYZE, BUFFERS)`` of every SELECT the busiest
pages send, for the typical and the largest promise of the national data set.

Run as ``DATABASE_URL=postgres://… .venv/bin/python bench/plans.py [PAGE …]`` against the
database ``make bench`` seeds (PostgreSQL only: SQLite's plans say little). Each page is asked
once to warm the caches, then with the cache cleared (what the first request after a change
sends), and each of its queries is explained in turn: the plan, and the slowest first.
docs/performance.md quotes what it prints. Pages: dashboard, promise, activities, log, post,
home, public-list, admin-activities, admin-promises (all of them by default).
"""

import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness
from bench.html_form import form_fields


def pages(scope):
    slug, key = scope.promise.slug, scope.commitment.key
    log = f"/promises/{slug}/activities/new/?commitment={key}"
    return {
        "dashboard": ("get", f"/promises/{slug}/followup/"),
        "promise": ("get", f"/promises/{slug}/"),
        "activities": ("get", f"/promises/{slug}/activities/"),
        "log": ("get", log),
        "post": ("post", log),
        "home": ("get", "/"),
        "public-list": ("get", "/promises/?q=kommun"),
        "admin-activities": ("admin", "/admin/commitments/activity/"),
        "admin-promises": ("admin", "/admin/commitments/promise/"),
    }


def main(names):
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        sys.exit("Query plans are read on PostgreSQL: set DATABASE_URL.")
    dataset = harness.DataSet.read()
    for scope in dataset.scopes():
        staff, admin = Client(), Client()
        staff.force_login(scope.coordinator)
        admin.force_login(dataset.superuser)
        for name, (how, path) in pages(scope).items():
            if names and name not in names:
                continue
            client = admin if how == "admin" else staff
            with transaction.atomic():  # a post is rolled back: the data set stays as it was
                ask = post(client, path, scope) if how == "post" else get(client, path)
                ask()
                cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    response = ask()
                assert response.status_code in (200, 302), (path, response.status_code)
                print(f"\n## {name} ({scope.label}: {scope.promise.slug}) {path}")
                print(f"{len(captured)} queries")
                explain_all(connection, captured.captured_queries)
                transaction.set_rollback(True)


def get(client, path):
    return lambda: client.get(path)


def post(client, path, scope):
    def ask():
        page = client.get(path)
        fields = form_fields(page.content.decode(), form_class="activity-form")
        fields.update(
            occurred_on=[scope.log_on().isoformat()],
            quantity=["1"],
            description=[f"Planer {uuid.uuid4().hex[:8]}: hundsök."],
        )
        return client.post(path, fields)

    return ask


def explain_all(connection, queries):
    plans = []
    for query in queries:
        sql = query["sql"]
        if sql.startswith("DECLARE "):  # a queryset read with .iterator(): its SELECT
            sql = sql.split(" FOR ", 1)[1]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
        took = float(lines[-1].rsplit(" ", 2)[-2]) if "Execution Time" in lines[-1] else 0.0
        plans.append((took, sql, lines))
    for took, sql, lines in sorted(plans, key=lambda plan: -plan[0]):
        print(f"\n-- {took:.3f} ms: {sql[:300]}{'…' if len(sql) > 300 else ''}")
        print("\n".join(lines))


if __name__ == "__main__":
    with_environment = harness.production_environment(
        Path(os.environ.get("TMPDIR", "/tmp")),
        settings_module="bench.pages_settings",
        allowed_hosts="testserver",
    )
    harness.setup(with_environment)
    main(sys.argv[1:])
