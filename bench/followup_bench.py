"""The follow-up engine alone, on the bench's data set: reading a promise's facts from the
database (``load_facts``, a fixed number of queries) and applying the rules to them
(``follow_up``, plain Python), for the typical promise and the largest.

`make bench` runs it as part of bench/pages_bench.py; run alone with
`.venv/bin/python bench/followup_bench.py` (the same data set: DATABASE_URL's database, or a
throw-away SQLite seeded small).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import measuring


def engine_figures(dataset):
    """Rows for reading and for the rules, for each promise of the data set."""
    from django.utils import timezone

    from commitments.models import Promise
    from followup.loading import load_facts

    today = timezone.localdate()
    rows = []
    for scope in dataset.scopes():
        promise = Promise.objects.with_parties().get(pk=scope.promise.pk)
        facts = load_facts(promise, today)
        rows.append(
            measuring.measure(
                "engine: reading (load_facts)",
                scope.label,
                "",
                lambda _, promise=promise: load_facts(promise, today),
            )
        )
        rows.append(
            measuring.measure(
                "engine: rules (follow_up)",
                scope.label,
                "",
                lambda _, facts=facts: facts.follow_up(today),
            )
        )
    return rows


def main():
    return measuring.run(
        lambda dataset: (engine_figures(dataset), [], {}), title="The follow-up engine"
    )


if __name__ == "__main__":
    sys.exit(main())
