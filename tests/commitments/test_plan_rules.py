"""A plan's rules hold however it is made (the staff forms, the admin, code): its organisation
is responsible for the commitment, its kind one the quota counts, its day in force."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from commitments.models import PlannedActivity

D = datetime.date
pytestmark = pytest.mark.django_db


def plan(commitment, organisation, **fields):
    return PlannedActivity(commitment=commitment, organisation=organisation, **fields)


def errors(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def test_a_plan_within_the_rules_is_valid(commitments, promise):
    plan(commitments["hundsok"], promise.police_area, planned_on=D(2025, 9, 1)).full_clean()


def test_a_party_not_responsible_cannot_plan(commitments, promise):
    found = errors(plan(commitments["hundsok"], promise.municipality, planned_on=D(2025, 9, 1)))
    assert found == {"organisation": ["Älvsbyns kommun ansvarar inte för det här åtagandet."]}


def test_a_kind_the_quota_does_not_count(commitments, promise):
    found = errors(
        plan(commitments["kontroller"], promise.police_area, planned_on=D(2025, 9, 1), kind="fika")
    )
    assert list(found) == ["kind"]


def test_a_day_outside_the_promise(commitments, promise):
    day = promise.valid_until + datetime.timedelta(days=1)
    found = errors(plan(commitments["hundsok"], promise.police_area, planned_on=day))
    assert list(found) == ["planned_on"]
    assert promise.in_force_span() in found["planned_on"][0]
