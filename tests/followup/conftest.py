import datetime
import os

import pytest

from tests.factories import ActivityFactory, CommitmentFactory, FocusAreaFactory

D = datetime.date
TODAY = datetime.datetime(2025, 10, 20, 12, 0)

# key: (status as of 2025-10-20, commitment fields, activity dates, completes)
ZOO = {
    "met": ("met", {"quota_target": 1}, [D(2025, 2, 1)], False),
    "on-track": ("on_track", {"quota_target": 1, "quota_per": "quarter"}, [], False),
    "at-risk": ("at_risk", {"quota_target": 2}, [D(2025, 3, 1)], False),
    "behind": ("behind", {"quota_target": 2}, [], False),
    "missed": ("missed", {"milestone": True, "due_on": D(2025, 6, 30)}, [], False),
    "done": ("done", {"milestone": True}, [D(2025, 5, 5)], True),
    "in-progress": ("in_progress", {"milestone": True}, [D(2025, 5, 5)], False),
    "not-started": ("not_started", {"ongoing": True}, [], False),
    "active": ("active", {"ongoing": True}, [D(2025, 10, 1)], False),
    "inactive": ("inactive", {"ongoing": True}, [D(2025, 3, 1)], False),
    "not-triggered": ("not_triggered", {"conditional": True}, [], False),
}


# The Swedish words for the statuses of the zoo, as pages must show them.
LABELS = ["Uppfyllt", "I fas", "I riskzonen", "Ligger efter", "Missat", "Klart", "Pågår",
          "Ej påbörjat", "Aktiv", "Inaktivt", "Ej aktuellt"]  # fmt: skip


def weasyprint_or_skip():
    try:
        from weasyprint import HTML  # noqa: F401
    except (ImportError, OSError):
        if os.environ.get("REQUIRE_PDF") == "1":
            raise
        pytest.skip("WeasyPrint cannot load the system's Pango here")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


@pytest.fixture
def zoo(promise, today, police_reporter):
    """One commitment in every status the engine gives, as of 2025-10-20.

    Each is the police's, with the text "Åtagande <key>." and its activities described
    "Aktivitet för <key>.".
    """
    area = FocusAreaFactory(promise=promise, title="Trygghet", description="Trygg i centrum.")
    commitments = {}
    for key, (_status, fields, days, completes) in ZOO.items():
        commitment = CommitmentFactory(
            focus_area=area, key=key, text=f"Åtagande {key}.", responsible=[promise.police_area],
            **fields,
        )  # fmt: skip
        for day in days:
            ActivityFactory(
                commitment=commitment,
                occurred_on=day,
                completes=completes,
                reported_by=police_reporter,
                description=f"Aktivitet för {key}.",
            )
        commitments[key] = commitment
    return commitments


@pytest.fixture
def big(promise, today):
    """The personas' promise with 50 commitments in five focus areas and 5,000 activities."""
    from commitments.models import Activity

    areas = [FocusAreaFactory(promise=promise, title=f"Område {n}", position=n) for n in range(5)]
    commitments = [
        CommitmentFactory(focus_area=areas[n % 5], key=f"c{n}", quota_per="month",
                          responsible=[promise.police_area, promise.municipality])
        for n in range(50)
    ]  # fmt: skip
    Activity.objects.bulk_create(
        Activity(
            commitment=commitments[n % 50],
            occurred_on=D(2024, 1, 1) + datetime.timedelta(days=n % 650),
            description=f"Aktivitet {n}.",
            organisation=promise.police_area if n % 2 else promise.municipality,
        )
        for n in range(5000)
    )
    return promise
