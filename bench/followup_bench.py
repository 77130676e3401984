"""Benchmarks of the follow-up: time, queries and memory on a large promise.

Run with `make bench`. It builds, in a throw-away SQLite database, a promise with 50
commitments (some with sub-commitments and kinds) and 5,000 activities over two years, then
measures the engine, the dashboard, the report page, the PDF and the Excel workbook. Figures are
printed, never asserted: speed goals are read, not tested.
"""

import datetime
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alvsbyn_promises.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

D = datetime.date
AS_OF = D(2025, 10, 20)
RUNS = 5


def build():
    from django.contrib.auth import get_user_model

    from commitments.enums import Role
    from commitments.models import (
        Activity,
        Commitment,
        FocusArea,
        Membership,
        Organisation,
        Promise,
    )

    police = Organisation.objects.create(name="Lokalpolisområde Bänk", kind="police_area")
    municipality = Organisation.objects.create(name="Bänks kommun", kind="municipality")
    promise = Promise.objects.create(
        municipality=municipality, police_area=police, title="Medborgarlöfte Bänk", slug="bank",
        valid_from=D(2024, 1, 1), valid_until=D(2025, 12, 31), until_superseded=True,
        published=True, public=True,
    )  # fmt: skip
    areas = [
        FocusArea.objects.create(promise=promise, title=f"Inriktning {n}", position=n)
        for n in range(5)
    ]
    pers = ["week", "month", "quarter", "tertial", "half_year", "year"]
    commitments = []
    for n in range(50):
        commitment = Commitment.objects.create(
            promise=promise, focus_area=areas[n % 5], key=f"c{n}", text=f"Åtagande {n}.",
            quota_target=1 + n % 4, quota_per=pers[n % len(pers)],
            quota_kinds=["kontroll", "skolbesök"] if n % 7 == 0 else [],
            parent=commitments[n - 1] if n % 5 else None, position=n,
        )  # fmt: skip
        commitment.responsible.set([police, municipality])
        commitments.append(commitment)
    Activity.objects.bulk_create(
        Activity(
            commitment=commitments[(n * 7) % 50],
            occurred_on=D(2024, 1, 1) + datetime.timedelta(days=(n * 13) % 658),
            quantity=1 + n % 3,
            kind=["kontroll", "skolbesök", "möte"][n % 3],
            description=f"Aktivitet {n}: genomförd enligt plan.",
            organisation=police if n % 2 else municipality,
        )
        for n in range(5000)
    )
    # One commitment follows another, so that who took part in activities is read too.
    Commitment.objects.filter(pk=commitments[45].pk).update(follows=commitments[0])
    user = get_user_model().objects.create_user("bank", password="x")
    Membership.objects.create(user=user, organisation=municipality, role=Role.REVIEWER)
    reporter = get_user_model().objects.create_user("bank-polis", password="x")
    Membership.objects.create(user=reporter, organisation=police, role=Role.REPORTER)
    return promise, user, reporter


def measure(name, call):
    times, queries = [], 0
    call()  # warm up (templates, fonts)
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        queries = len(captured.captured_queries)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{name:<28} {statistics.median(times) * 1000:8.1f} ms  "
        f"{min(times) * 1000:8.1f} ms  {queries:7d}  {peak / 2**20:9.1f} MiB"
    )


def main():
    from commitments.models import Promise
    from followup.loading import followup_for

    setup_test_environment()
    call_command("migrate", verbosity=0)
    promise, user, reporter = build()
    client = Client()
    client.force_login(user)
    reporting = Client()
    reporting.force_login(reporter)
    print(f"A promise of 50 commitments and 5,000 activities; as of {AS_OF}; {RUNS} runs each.")
    print(f"{'':<28} {'median':>11}  {'fastest':>11}  {'queries':>7}  {'peak memory':>13}")

    def engine():
        followup_for(Promise.objects.with_parties().get(pk=promise.pk), AS_OF)

    def page(path, as_of=True, by=client):
        def get():
            response = by.get(path, {"as_of": AS_OF.isoformat()} if as_of else {})
            assert response.status_code == 200, response.status_code

        return get

    measure("engine (followup_for)", engine)
    measure("JSON API", page("/api/promises/bank/followup.json"))
    measure("promise page", page("/promises/bank/"))
    measure("dashboard", page("/promises/bank/followup/"))
    measure("commitment page", page("/promises/bank/commitments/c0/"))
    measure("Att göra (today)", page("/todo/", as_of=False, by=reporting))
    measure("report page", page("/promises/bank/report/"))
    measure("report.xlsx", page("/promises/bank/report.xlsx"))
    measure("report.pdf", page("/promises/bank/report.pdf"))


if __name__ == "__main__":
    main()
