"""The overview's test world: promises of two police areas and three counties, filled with
figures of every kind, and the people who look at them; the day is 2026-01-15."""

import datetime

import pytest

from commitments.demo import SLUG
from commitments.enums import Role
from commitments.models import Promise
from tests.demo_snapshot import load_demo
from tests.factories import OrganisationFactory, PromiseFactory, UserFactory

from .world import D, fill_promise, member, municipality


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 15, 10, 0), tick=False)


@pytest.fixture
def world(db):
    """The Älvsbyn demo and a Piteå promise of the same police area (with a draft of Piteå's
    next one), a Boden promise of another police area in the same county, a Södertälje promise
    in Stockholm's county, and the people who look at them."""
    demo = load_demo()
    police = demo.police_area
    pitea = PromiseFactory(
        slug="pitea-2025",
        title="Medborgarlöfte Piteå",
        municipality=municipality("Piteå kommun", "25"),
        police_area=police,
        valid_from=D(2025, 1, 1),
        valid_until=D(2026, 12, 31),
    )
    fill_promise(pitea)
    draft = PromiseFactory(
        slug="pitea-2027",
        draft=True,
        title="Medborgarlöfte Piteå 2027",
        municipality=pitea.municipality,
        police_area=police,
        valid_from=D(2027, 1, 1),
        valid_until=D(2028, 12, 31),
    )
    boden = PromiseFactory(
        slug="boden-2025",
        title="Medborgarlöfte Boden",
        municipality=municipality("Bodens kommun", "25"),
        police_area=OrganisationFactory(name="Lokalpolisområde Boden", police=True),
        valid_from=D(2025, 1, 1),
        valid_until=D(2027, 12, 31),
    )
    fill_promise(boden)
    sodertalje = PromiseFactory(
        slug="sodertalje-2023",
        title="Medborgarlöfte Södertälje",
        municipality=municipality("Södertälje kommun", "01"),
        police_area=OrganisationFactory(name="Lokalpolisområde Södertälje", police=True),
        valid_from=D(2023, 1, 1),
        valid_until=D(2025, 6, 30),
    )
    users = {
        "chef": member("chef", police, Role.REVIEWER),  # the police area's chief
        "pitea-admin": member("pitea-admin", pitea.municipality, Role.COORDINATOR, staff=True),
        "nobody": UserFactory(username="nobody"),
    }
    users.update(
        {
            u.username: u
            for u in UserFactory._meta.model.objects.filter(
                username__in=["polis", "kommun", "bra", "admin"]
            )
        }
    )
    return {
        "promises": {
            p.slug: p for p in (Promise.objects.get(slug=SLUG), pitea, draft, boden, sodertalje)
        },
        "users": users,
    }
