"""Benchmarks of the file imports: time and peak memory of the commands on large files.

Run with `make bench`. In a throw-away SQLite database it imports activity files of 10,000 and
100,000 rows (`import_activities`) and a promise file of 1,000 commitments (`import_promise`),
and prints the time and the peak memory Python allocated (tracemalloc) for each. Figures are
printed, never asserted. An import in bounded memory shows about the same peak for 10,000 and
100,000 rows. Tracing every allocation slows Python down: the times are those of the traced
runs, slower than an import without tracemalloc.
"""

import datetime
import io
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alvsbyn_promises.settings")
# As in production: with DEBUG on, Django keeps the text of the last 9,000 queries, which
# would be counted in the import's memory.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

D = datetime.date
COMMITMENTS = 20


def build():
    """A promise of 20 commitments, each the police's and the municipality's."""
    from commitments.models import Commitment, FocusArea, Organisation, Promise

    police = Organisation.objects.create(name="Lokalpolisområde Bänk", kind="police_area")
    municipality = Organisation.objects.create(name="Bänks kommun", kind="municipality")
    promise = Promise.objects.create(
        municipality=municipality, police_area=police, title="Medborgarlöfte Bänk", slug="bank",
        valid_from=D(2020, 1, 1), valid_until=D(2023, 12, 31), published=True,
    )  # fmt: skip
    area = FocusArea.objects.create(promise=promise, title="Trygghet")
    for n in range(COMMITMENTS):
        commitment = Commitment.objects.create(
            promise=promise, focus_area=area, key=f"c{n}", text=f"Åtagande {n}.",
            quota_target=2, quota_per="month", position=n,
        )  # fmt: skip
        commitment.responsible.set([police, municipality])


def activity_file(path, rows, offset):
    """An activity file of ``rows`` rows, each a different activity."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("date,commitment,quantity,organisation,kind,description,place,participants\n")
        for n in range(offset, offset + rows):
            day = D(2020, 1, 1) + datetime.timedelta(days=n % 1400)
            organisation = "police" if n % 2 else "municipality"
            other = "municipality" if n % 2 else ""
            out.write(
                f"{day},c{n % COMMITMENTS},{1 + n % 3},{organisation},kontroll,"
                f'"Aktivitet {n}: kontroll enligt plan, inga anmärkningar.",Storgatan {n % 90},'
                f"{other}\n"
            )


def promise_file(path, commitments):
    """A promise file of ``commitments`` commitments in ten focus areas."""
    per_area = commitments // 10
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            "format: 1\nslug: stor-2024\ntitle: Medborgarlöfte Stor\n"
            "municipality: Stora kommun\npolice_area: Lokalpolisområde Stor\n"
            "valid_from: 2024-01-01\nvalid_until: 2025-12-31\npublished: true\nfocus_areas:\n"
        )
        for area in range(10):
            out.write(f"  - title: Inriktning {area}\n    commitments:\n")
            for n in range(per_area):
                out.write(
                    f"      - key: a{area}-c{n}\n        responsible: [police, municipality]\n"
                    f"        text: Åtagande {n} i inriktning {area}.\n"
                    f"        quota: {{target: 2, per: month, unit: kontroller}}\n"
                )


def measure(name, command, *args):
    tracemalloc.start()
    start = time.perf_counter()
    call_command(command, *args, stdout=io.StringIO(), stderr=io.StringIO())
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{name:<40} {seconds:8.1f} s  {peak / 2**20:9.1f} MiB")


def main():
    from commitments.models import Activity

    call_command("migrate", verbosity=0)
    build()
    sizes = [int(n) for n in sys.argv[1:]] or [10_000, 100_000]
    print(f"{'':<40} {'time':>10}  {'peak memory':>13}")
    with tempfile.TemporaryDirectory() as folder:
        offset = 0
        for rows in sizes:
            path = Path(folder) / f"aktiviteter-{rows}.csv"
            activity_file(path, rows, offset)
            offset += rows
            measure(f"import_activities, {rows:,} rows", "import_activities", "bank", str(path))
        print(f"({Activity.objects.count():,} activities imported in all)")
        path = Path(folder) / "stor-2024.yaml"
        promise_file(path, 1_000)
        measure("import_promise, 1,000 commitments", "import_promise", str(path))


if __name__ == "__main__":
    main()
