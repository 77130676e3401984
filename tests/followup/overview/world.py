"""What the overview's tests build their promises with (the fixtures are in conftest.py)."""

import datetime
from decimal import Decimal

from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    FocusAreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LocalProblemFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

D = datetime.date
TODAY = D(2026, 1, 15)


def member(username, organisation, role, *, staff=False):
    user = UserFactory(username=username, is_staff=staff)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def municipality(name, county):
    return OrganisationFactory(name=name, municipality=True, county=county)


def fill_promise(promise):
    """Commitments of every kind with activities, local problems at every step, indicators of
    three trends: figures that differ from the demo's."""
    area = FocusAreaFactory(promise=promise, title="Trygghet")
    parties = [promise.police_area, promise.municipality]
    year = CommitmentFactory(focus_area=area, key="vandring", quota_target=2, responsible=parties)
    ActivityFactory(commitment=year, occurred_on=D(2025, 3, 1))  # 2025: 1 of 2, missed
    quarter = CommitmentFactory(
        focus_area=area, key="kontroll", quota_target=1, quota_per="quarter", responsible=parties
    )
    for day in (D(2025, 2, 1), D(2025, 5, 1), D(2025, 8, 1), D(2026, 1, 10)):
        ActivityFactory(commitment=quarter, occurred_on=day)  # Q4 of 2025 missed
    follower = CommitmentFactory(
        focus_area=area,
        key="deltagande",
        quota_target=1,
        follows=quarter,
        responsible=[promise.municipality],
    )
    ActivityFactory(commitment=quarter, occurred_on=D(2025, 11, 3)).participants.add(
        promise.municipality
    )
    assert follower.follows_id == quarter.pk
    done = CommitmentFactory(focus_area=area, key="plan", milestone=True)
    ActivityFactory(commitment=done, occurred_on=D(2025, 4, 4), completes=True)
    CommitmentFactory(focus_area=area, key="arbete", ongoing=True)
    CommitmentFactory(focus_area=area, key="bra", conditional=True)
    # Open: one raised 106 days before 2026-01-15 and BRÅ not convened, one convened 136 days
    # before with no plan (both need attention), one with its plan; and one closed.
    steps = {
        "raised": {"raised_on": D(2025, 10, 1)},
        "convened": {"raised_on": D(2025, 8, 1), "convened_on": D(2025, 9, 1)},
        "plan_adopted": {"convened_on": D(2025, 9, 1), "plan_adopted_on": D(2025, 10, 1)},
        "closed": {"plan_adopted_on": D(2025, 5, 1), "closed_on": D(2025, 11, 1)},
    }
    for status, days in steps.items():
        LocalProblemFactory(focus_area=area, status=status, **days)
    better = IndicatorFactory(promise=promise, key="battre")
    IndicatorValueFactory(indicator=better, measured_on=D(2025, 10, 1), value=Decimal("15.0"))
    worse = IndicatorFactory(promise=promise, key="samre")
    IndicatorValueFactory(indicator=worse, measured_on=D(2025, 10, 1), value=Decimal("21.0"))
    IndicatorFactory(promise=promise, key="tom")
