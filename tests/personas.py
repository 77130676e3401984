"""The personas and their promise as plain functions: the fixtures of conftest.py build them
one test at a time, and a fixture of a wider scope (a module's data built once, its cases each
rolled back: tests/commitments/test_access_matrix.py) builds the same people with them."""

from commitments.enums import Role
from tests.factories import (
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    PromiseFactory,
    UserFactory,
)


def make_promise():
    """The promise between a police area and a municipality that the personas stand around."""
    return PromiseFactory(
        slug="lofte",
        municipality=OrganisationFactory(name="Älvsbyns kommun", municipality=True),
        police_area=OrganisationFactory(name="Lokalpolisområde Piteå älvdal", police=True),
    )


def make_focus_area(promise):
    return FocusAreaFactory(promise=promise, title="Narkotika")


def member(username, organisation, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def local_admin(username, organisation):
    """A coordinator ticked as staff: the one tick that makes a local admin."""
    user = member(username, organisation, Role.COORDINATOR)
    user.is_staff = True
    user.save()
    return user


# Each persona by the name of its fixture; those of the promise's parties need the promise.
PERSONAS = {
    "police_reporter": lambda promise: member("polis", promise.police_area, Role.REPORTER),
    "municipal_reporter": lambda promise: member("kommun", promise.municipality, Role.REPORTER),
    "coordinator": lambda promise: member("samordnare", promise.municipality, Role.COORDINATOR),
    "reviewer": lambda promise: member("bra", promise.municipality, Role.REVIEWER),
    "stranger": lambda _promise: member(
        "framling", OrganisationFactory(name="Bodens kommun", municipality=True), Role.REPORTER
    ),
    "admin_user": lambda _promise: UserFactory(username="admin", admin=True),
    "local_admin": lambda promise: local_admin("admin-alvsbyn", promise.municipality),
    "foreign_admin": lambda _promise: local_admin(
        "admin-arvidsjaur", OrganisationFactory(name="Arvidsjaurs kommun", municipality=True)
    ),
}


def make_persona(name, promise=None):
    """The persona whose fixture is called ``name`` (police_reporter, stranger, ...)."""
    return PERSONAS[name](promise)
