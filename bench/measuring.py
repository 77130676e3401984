"""How the bench measures one page (or one call): its queries, the first run's time (cold
caches), the median and 95th percentile of RUNS timed runs, and the peak Python memory in a
run of its own (tracemalloc slows Python down, so it never runs during the timed ones); then
the table and the one JSON line they are printed as.

Figures are printed, never asserted: speed is read, not tested. Targets (issue 11) are marked
met or not on each row.
"""

import json
import os
import tempfile
import time
import tracemalloc
from dataclasses import asdict, dataclass, field

from bench import harness

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
# A page whose first run is slow gets fewer runs (3 at least), so that one page of half a
# minute does not hold the bench for ten: about this many seconds of timed runs at most.
PAGE_SECONDS = float(os.environ.get("BENCH_PAGE_SECONDS", "60"))


@dataclass(frozen=True)
class Target:
    """A page's target: at most ``ratio`` times the floor, ``queries`` queries, ``ms`` median
    milliseconds (any of them); with ``cold``, ``ms`` is the first run's (a page made afresh,
    before anything of it is cached)."""

    ratio: float | None = None
    queries: int | None = None
    ms: float | None = None
    cold: bool = False

    def __str__(self):
        parts = []
        if self.queries is not None:
            parts.append(f"≤{self.queries} q")
        if self.ratio is not None:
            parts.append(f"≤{self.ratio:g}×")
        if self.ms is not None:
            parts.append(f"≤{self.ms:g} ms" + (" cold" if self.cold else ""))
        return ", ".join(parts)

    def met(self, figures):
        return (
            (self.ratio is None or (figures.ratio is not None and figures.ratio <= self.ratio))
            and (self.queries is None or figures.queries <= self.queries)
            and (
                self.ms is None or (figures.first_ms if self.cold else figures.median_ms) <= self.ms
            )
        )


@dataclass
class Figures:
    page: str
    promise: str  # the scope's label, or "-" for a page of no promise
    path: str
    runs: int = 0
    queries: int = 0
    first_ms: float = 0.0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    peak_mib: float = 0.0
    ratio: float | None = None
    target: Target | None = None
    error: str | None = None
    floor: str = field(default="", repr=False)  # the scope whose floor the ratio is to

    @property
    def met(self):
        if self.target is None or self.error:
            return None
        return self.target.met(self)

    def to_json(self):
        data = asdict(self)
        data["target"] = str(self.target) if self.target else None
        data["met"] = self.met
        for key in ("first_ms", "median_ms", "p95_ms", "peak_mib", "ratio"):
            if data[key] is not None:
                data[key] = round(data[key], 2)
        return data


def measure(page, promise, path, call, *, prepare=lambda: None, runs=RUNS, target=None):
    """Figures of ``call(prepared)``, where ``prepare()`` (untimed) makes what one run needs (a
    fresh form to post). An exception in a call is the row's error, not the bench's end."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures = Figures(page, promise, path, target=target)
    try:
        first = _timed(call, prepare())
        runs = max(min(runs, 3), min(runs, int(PAGE_SECONDS / max(first, 1e-6))))
        times = [_timed(call, prepare()) for _ in range(runs)]
        prepared = prepare()
        with CaptureQueriesContext(connection) as captured:
            tracemalloc.start()
            try:
                call(prepared)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
    except Exception as error:
        figures.error = f"{type(error).__name__}: {error}"[:300]
        return figures
    figures.runs = runs
    figures.queries = len(captured.captured_queries)
    figures.first_ms = first * 1000
    figures.median_ms = harness.median(times) * 1000
    figures.p95_ms = harness.percentile(times, 0.95) * 1000
    figures.peak_mib = peak / 2**20
    return figures


def _timed(call, prepared):
    start = time.perf_counter()
    call(prepared)
    return time.perf_counter() - start


def with_ratios(rows, floors):
    """Each row's ratio of its median to its scope's floor (pages of no promise: the typical
    promise's floor)."""
    for row in rows:
        floor = floors.get(row.promise) or floors.get("typical")
        if floor and not floor.error and not row.error:
            row.ratio = row.median_ms / floor.median_ms
            row.floor = floor.promise
    return rows


HEADER = (
    f"{'page':<40} {'promise':<8} {'queries':>7} {'first ms':>9} {'median ms':>10} "
    f"{'p95 ms':>8} {'ratio':>7} {'peak MiB':>9}  {'target':<16} met"
)


def print_table(rows, out):
    print(HEADER, file=out)
    for row in rows:
        if row.error:
            print(f"{row.page:<40} {row.promise:<8} ERROR {row.error}", file=out)
            continue
        ratio = f"{row.ratio:6.1f}×" if row.ratio is not None else ""
        met = {None: "", True: "yes", False: "NO"}[row.met]
        if row.runs < RUNS:
            met += f" ({row.runs} runs)"
        print(
            f"{row.page:<40} {row.promise:<8} {row.queries:7d} {row.first_ms:9.1f} "
            f"{row.median_ms:10.1f} {row.p95_ms:8.1f} {ratio:>7} {row.peak_mib:9.1f}  "
            f"{str(row.target or ''):<16} {met}",
            file=out,
        )


def growing_query_counts(rows):
    """Pages whose query count differs between the typical and the largest promise: a count
    that grows with the promise (the targets want it constant)."""
    counts = {}
    for row in rows:
        if row.promise != "-" and not row.error:
            counts.setdefault(row.page, {})[row.promise] = row.queries
    return {page: c for page, c in counts.items() if len(set(c.values())) > 1}


def run(collect, *, title, out=None):
    """Set up production settings on the data set, let ``collect(dataset)`` measure (it returns
    the rows, lines of notes and more figures for the JSON), print the table, what grows, the
    targets, the notes and the JSON line last; the exit status: 1 when a page failed (a wrong
    status, an exception), else 0."""
    import sys

    out = out or sys.stdout
    national = bool(os.environ.get("DATABASE_URL"))
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        harness.setup(
            harness.production_environment(
                folder, settings_module="bench.pages_settings", allowed_hosts="testserver"
            )
        )
        dataset = harness.prepare(national=national, out=out)
        machine = harness.machine()
        print(
            f"{title}, {RUNS} runs each (fewer for a page of more than {PAGE_SECONDS:g} s in "
            f"all); {_describe(machine, dataset)}",
            file=out,
            flush=True,
        )
        rows, notes, extra = collect(dataset)
        print_table(rows, out)
        growing = growing_query_counts(rows)
        print(
            "Query counts that grow with the promise: "
            + (", ".join(f"{page} {c}" for page, c in growing.items()) or "none"),
            file=out,
        )
        targets = [row for row in rows if row.met is not None]
        missed = [row for row in targets if not row.met]
        print(
            f"Targets met: {len(targets) - len(missed)} of {len(targets)}"
            + (
                "; missed: " + ", ".join(f"{row.page} ({row.promise})" for row in missed)
                if missed
                else ""
            ),
            file=out,
        )
        errors = [row for row in rows if row.error]
        for note in notes:
            print(note, file=out)
        print(
            json.dumps(
                {
                    **machine,
                    "runs": RUNS,
                    "page_seconds": PAGE_SECONDS,
                    "data_set": dataset.to_json(),
                    "pages": [row.to_json() for row in rows],
                    "growing_query_counts": growing,
                    **extra,
                },
                ensure_ascii=False,
            ),
            file=out,
            flush=True,
        )
    return 1 if errors else 0


def _describe(machine, dataset):
    sizes = dataset.sizes
    return (
        f"{machine['database']}, {sizes['promises']:,} promises, {sizes['commitments']:,} "
        f"commitments, {sizes['activities']:,} activities; typical "
        f"{dataset.typical.promise.slug} ({dataset.typical.commitments} commitments, "
        f"{dataset.typical.activities:,} activities), largest {dataset.largest.promise.slug} "
        f"({dataset.largest.commitments} commitments, {dataset.largest.activities:,} "
        f"activities); {machine['cores']} cores, Python {machine['python']}, {machine['date']}"
    )
