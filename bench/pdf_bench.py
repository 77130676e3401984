"""Benchmark of the council report's files: time cold and cached, and a worker's memory.

Run with `make bench`. In a throw-away SQLite database it builds a typical promise (the Älvsbyn
promise file with 740 activities in 2025, a year's worth for a typical promise) and the large
promise of followup_bench.py (50 commitments, 5,000 activities over two years), then prints:

- the memory of this process (as a web worker's) before its first PDF, after it, and after
  15 PDFs, each made afresh (VmRSS; VmHWM is the peak);
- for report.pdf, report.xlsx and the report page, the time of a request through the whole
  stack, cold (nothing cached: the cache is emptied before each) and cached, as wall time and
  as this process's CPU time (steadier than wall time on a shared machine).

Figures are printed, never asserted: speed goals are read, not tested.
"""

import datetime
import json
import statistics
import sys
import time

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from followup_bench import build as build_large  # sets up Django on an in-memory database

D = datetime.date
RUNS = 5
PDFS_FOR_MEMORY = 15
YEAR = {"from": "2025-01-01", "to": "2025-12-31", "as_of": "2025-12-31"}
LARGE_YEAR = {"from": "2024-01-01", "to": "2024-12-31", "as_of": "2025-10-20"}


def build_typical(activities=740):
    """The Älvsbyn promise with ``activities`` activities in 2025, spread over its commitments
    and described as the demo describes them; returns the promise and a reviewer."""
    from django.contrib.auth import get_user_model

    from commitments.demo import ACTIVITIES, PROMISE_FILE
    from commitments.enums import Role
    from commitments.models import Activity, Membership
    from commitments.promise_files import import_promise

    promise = import_promise(PROMISE_FILE.read_text(encoding="utf-8"))
    commitments = list(promise.commitments.order_by("pk"))
    parties = [promise.police_area, promise.municipality]
    Activity.objects.bulk_create(
        Activity(
            commitment=commitments[n % len(commitments)],
            occurred_on=D(2025, 1, 1) + datetime.timedelta(days=(n * 7) % 365),
            quantity=1 + n % 4 // 3,
            kind=ACTIVITIES[n % len(ACTIVITIES)][4],
            description=ACTIVITIES[n % len(ACTIVITIES)][5],
            place=ACTIVITIES[n % len(ACTIVITIES)][6],
            organisation=parties[n % 2],
        )
        for n in range(activities)
    )
    user = get_user_model().objects.create_user("alvsbyn-bra", password="x")
    Membership.objects.create(user=user, organisation=promise.municipality, role=Role.REVIEWER)
    return promise, user


def memory():
    """(VmRSS, VmHWM) of this process in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        fields = dict(line.split(":", 1) for line in status)
    return tuple(int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM"))


def getter(client, path, params):
    def get():
        response = client.get(path, params)
        assert response.status_code == 200, response.status_code
        return response

    return get


def measure(call, cold):
    """Median and fastest wall time, and median CPU time, of RUNS calls, in ms."""
    call()  # warm up (templates, fonts), and fill the cache for the cached runs
    walls, cpus = [], []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return {
        "median": round(statistics.median(walls), 1),
        "fastest": round(min(walls), 1),
        "cpu": round(statistics.median(cpus), 1),
    }


def main():
    # No setup_test_environment(): it keeps every rendered template's context, which a web
    # worker does not, and would be counted as the worker's memory.
    call_command("migrate", verbosity=0)
    typical, reviewer = build_typical()
    large, large_reviewer, _reporter = build_large()
    client, large_client = Client(), Client()
    client.force_login(reviewer)
    large_client.force_login(large_reviewer)
    pdf = getter(client, f"/promises/{typical.slug}/report.pdf", YEAR)
    figures = {}

    before, _peak = memory()
    cache.clear()
    size = len(pdf().content)
    after_one, _peak = memory()
    for _ in range(PDFS_FOR_MEMORY - 1):
        cache.clear()
        pdf()
    after_all, peak = memory()
    figures["memory"] = {
        "before": round(before, 1),
        "after_1": round(after_one, 1),
        f"after_{PDFS_FOR_MEMORY}": round(after_all, 1),
        "peak": round(peak, 1),
    }
    print(f"A typical promise: {typical.title}, 740 activities in 2025; {RUNS} runs each.")
    print(
        f"Memory of this process: {before:.0f} MiB before the first PDF, {after_one:.0f} MiB "
        f"after it, {after_all:.0f} MiB after {PDFS_FOR_MEMORY} (peak {peak:.0f} MiB); "
        f"the PDF is {size / 1024:.0f} KiB."
    )
    print(f"{'':<38} {'median':>9}  {'fastest':>9}  {'CPU':>9}")
    typical_at, large_at = f"/promises/{typical.slug}/", f"/promises/{large.slug}/"
    cases = [
        ("report.pdf, typical, a year", pdf),
        ("report.xlsx, typical, a year", getter(client, f"{typical_at}report.xlsx", YEAR)),
        ("report page, typical, a year", getter(client, f"{typical_at}report/", YEAR)),
        ("report.pdf, large, 2024", getter(large_client, f"{large_at}report.pdf", LARGE_YEAR)),
    ]  # fmt: skip
    for name, call in cases:
        for state, cold in (("cold", True), ("cached", False)):
            result = measure(call, cold)
            figures[f"{name}, {state}"] = result
            print(
                f"{name + ', ' + state:<38} {result['median']:7.1f} ms  "
                f"{result['fastest']:7.1f} ms  {result['cpu']:7.1f} ms"
            )
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
