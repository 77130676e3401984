"""A public promise as the feed and the open data show it, on 2025-10-20.

- ``traffic``: "Trafikkontroller" under the local problem Trafik, two per quarter, activities
  published. Approved checks on 2025-01-10, 2025-02-15 (Q1 met that day) and 2025-04-05 (Q2
  missed with 1 of 2, told on 2025-07-01); a submitted and a returned one that never count nor
  show; one dated after today.
- ``dogs``: a dog search a year under Narkotika, activities NOT published: met on 2025-03-03
  by an activity whose description and place must never show.
- ``concept``: a milestone, activities not published, done on 2025-05-05.

Staff with names that must never show (reporter Petra Polisson, reviewer Greta Granskare)
logged and reviewed them.
"""

import datetime

import pytest

from commitments.enums import ReviewStatus
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    LocalProblemFactory,
    UserFactory,
)

D = datetime.date
TODAY = datetime.datetime(2025, 10, 20, 12, 0)
# Every way a member of staff could be named.
STAFF_NAMES = ["Petra", "Polisson", "petra.polis", "Greta", "Granskare", "greta.granskare"]
# Texts of activities the public side never shows.
HIDDEN = [
    "Hemligt hundsök",
    "Skolgården",
    "Konceptet antaget",
    "Arbetet påbörjat",
    "Inskickad kontroll",
    "Returnerad kontroll",
    "Framtida kontroll",
]


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


@pytest.fixture
def world(promise, today):
    promise.public = True
    promise.source_url = "https://polisen.se/lofte"
    promise.save()
    promise.municipality.county = "25"
    promise.municipality.save()
    reporter = UserFactory(username="petra.polis", first_name="Petra", last_name="Polisson")
    reviewer = UserFactory(username="greta.granskare", first_name="Greta", last_name="Granskare")
    police = promise.police_area

    problems = FocusAreaFactory(promise=promise, title="Lokala problembilder", position=2)
    trafik = LocalProblemFactory(focus_area=problems, title="Trafik")
    traffic = CommitmentFactory(
        focus_area=problems, local_problem=trafik, key="trafik-kontroller",
        text="Trafikkontroller på ”rätt tid och plats”.", quota_target=2, quota_per="quarter",
        quota_unit="kontroller", quota_unit_one="kontroll", quota_kinds=["trafikkontroll"],
        publish_activities=True, responsible=[police],
    )  # fmt: skip
    narcotics = FocusAreaFactory(promise=promise, title="Narkotika", position=1)
    dogs = CommitmentFactory(
        focus_area=narcotics, key="narkotika-hundsok", text="Hundsök i skolan.",
        quota_target=1, quota_per="year", quota_unit="hundsök", responsible=[police],
    )  # fmt: skip
    concept = CommitmentFactory(
        focus_area=narcotics, key="koncept", text="Utarbeta konceptet huskurage.",
        milestone=True, responsible=[promise.municipality],
    )  # fmt: skip

    def log(commitment, day, description, **fields):
        return ActivityFactory(
            commitment=commitment, occurred_on=day, description=description,
            reported_by=reporter, reviewed_by=reviewer, **fields,
        )  # fmt: skip

    check = {"kind": "trafikkontroll", "organisation": police}
    activities = {
        "jan": log(traffic, D(2025, 1, 10), "Kontroll vid E4 norrut.", place="E4 norr", **check),
        "feb": log(traffic, D(2025, 2, 15), "=Kontroll vid skolan.", place="Storgatan", **check),
        "apr": log(traffic, D(2025, 4, 5), "Kontroll i centrum.", **check),
        "submitted": log(
            traffic,
            D(2025, 5, 5),
            "Inskickad kontroll.",
            review_status=ReviewStatus.SUBMITTED,
            **check,
        ),  # fmt: skip
        "returned": log(
            traffic,
            D(2025, 5, 6),
            "Returnerad kontroll.",
            review_status=ReviewStatus.RETURNED,
            **check,
        ),  # fmt: skip
        "future": log(traffic, D(2025, 10, 25), "Framtida kontroll.", **check),
        "dogs": log(dogs, D(2025, 3, 3), "Hemligt hundsök i skolan.", place="Skolgården"),
        "started": log(concept, D(2025, 4, 1), "Arbetet påbörjat."),
        "done": log(concept, D(2025, 5, 5), "Konceptet antaget.", completes=True),
    }
    return {
        "promise": promise,
        "traffic": traffic,
        "dogs": dogs,
        "concept": concept,
        "activities": activities,
        "reporter": reporter,
    }
