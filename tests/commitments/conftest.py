import datetime

import pytest

from commitments import problems
from commitments.enums import Trigger
from tests.commitments.erasure import NAME
from tests.factories import ActivityFactory, CommitmentFactory

D = datetime.date
TODAY = datetime.datetime(2025, 6, 15, 12, 0)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)
    return TODAY.date()


@pytest.fixture
def raised(focus_area, reviewer, today):
    """A local problem raised by the BRÅ chair (a reviewer of the municipality) on 2 May 2025,
    at its first step."""
    return problems.raise_problem(
        focus_area,
        title="Trafik",
        description="Rattfylleri och störande körning med unga i fokus.",
        place="Centrum",
        raised_on=D(2025, 5, 2),
        user=reviewer,
    )


@pytest.fixture
def triggered(promise, focus_area):
    """ "BRÅ sammankallas vid uppkomna lokala problembilder", the police's and the
    municipality's: a convening gives it an activity."""
    return CommitmentFactory(
        focus_area=focus_area,
        key="bra-sammankallas",
        text="BRÅ sammankallas vid uppkomna lokala problembilder.",
        conditional=True,
        triggered_by=Trigger.LOCAL_PROBLEMS,
        responsible=[promise.police_area, promise.municipality],
    )


@pytest.fixture
def commitments(promise, focus_area, today):
    return make_commitments(promise, focus_area)


def make_commitments(promise, focus_area):
    """Commitments of the personas' promise, one of each sort a reporter meets."""
    police, municipality = promise.police_area, promise.municipality
    return {
        "hundsok": CommitmentFactory(
            focus_area=focus_area, key="hundsok", text="Hundsök i skolan två gånger per år.",
            quota_unit="hundsök", responsible=[police],
        ),
        "kontroller": CommitmentFactory(
            focus_area=focus_area, key="kontroller", text="Fem kontroller i veckan.",
            quota_target=5, quota_per="week", quota_kinds=["trafikkontroll", "skolbesök"],
            responsible=[police],
        ),
        "enkat": CommitmentFactory(
            focus_area=focus_area, key="enkat", milestone=True,
            text="Drogvaneundersökning genomförs.", responsible=[municipality],
        ),
        "samverkan": CommitmentFactory(
            focus_area=focus_area, key="samverkan", ongoing=True,
            text="Samverka med stödorganisationer.", responsible=[police, municipality],
        ),
    }  # fmt: skip


def _shared_activity(commitments, organisation, reporter, day, description):
    """An activity on the commitment both parties share."""
    return ActivityFactory(
        commitment=commitments["samverkan"],
        occurred_on=day,
        organisation=organisation,
        reported_by=reporter,
        description=description,
    )


def make_police_activity(commitments, promise, police_reporter):
    return _shared_activity(
        commitments, promise.police_area, police_reporter, D(2025, 3, 1), "Möte med kvinnojouren."
    )


def make_municipal_activity(commitments, promise, municipal_reporter):
    return _shared_activity(
        commitments,
        promise.municipality,
        municipal_reporter,
        D(2025, 4, 1),
        "Möte med brottsofferjouren.",
    )


@pytest.fixture
def police_activity(commitments, promise, police_reporter):
    return make_police_activity(commitments, promise, police_reporter)


@pytest.fixture
def municipal_activity(commitments, promise, municipal_reporter):
    return make_municipal_activity(commitments, promise, municipal_reporter)


@pytest.fixture
def named(commitments, promise, police_reporter):
    """An activity that names a person, logged, changed twice (the name kept in other case)."""
    activity = ActivityFactory(
        commitment=commitments["samverkan"],
        organisation=promise.police_area,
        reported_by=police_reporter,
        occurred_on=D(2025, 3, 1),
        description=f"Samtal med {NAME} om trygghet.",
        place=f"Hos {NAME}",
        kind="samtal",
    )
    activity.description = f"Samtal med {NAME.lower()} och {NAME} om trygghet."
    activity.save()
    activity.quantity = 2
    activity.save()
    return activity
