"""Personas and shared fixtures.

The personas stand around one promise between a police area and a municipality: a police
reporter, a municipal reporter, a municipal coordinator, a reviewer (the BRÅ chair), a stranger
from another municipality, an admin (national: a superuser), and two local admins (staff who
coordinate an organisation): one of the promise's municipality, one of another municipality.
"""

import uuid

import pytest

from commitments.enums import Role
from tests.factories import (
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    PromiseFactory,
    UserFactory,
)


@pytest.fixture
def promise(db):
    return PromiseFactory(
        slug="lofte",
        municipality=OrganisationFactory(name="Älvsbyns kommun", municipality=True),
        police_area=OrganisationFactory(name="Lokalpolisområde Piteå älvdal", police=True),
    )


@pytest.fixture
def focus_area(promise):
    return FocusAreaFactory(promise=promise, title="Narkotika")


def _member(username, organisation, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def police_reporter(promise):
    return _member("polis", promise.police_area, Role.REPORTER)


@pytest.fixture
def municipal_reporter(promise):
    return _member("kommun", promise.municipality, Role.REPORTER)


@pytest.fixture
def coordinator(promise):
    return _member("samordnare", promise.municipality, Role.COORDINATOR)


@pytest.fixture
def reviewer(promise):
    return _member("bra", promise.municipality, Role.REVIEWER)


@pytest.fixture
def stranger(db):
    return _member(
        "framling", OrganisationFactory(name="Bodens kommun", municipality=True), Role.REPORTER
    )


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", admin=True)


def _local_admin(username, organisation):
    """A coordinator ticked as staff: the one tick that makes a local admin."""
    user = _member(username, organisation, Role.COORDINATOR)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def local_admin(promise):
    return _local_admin("admin-alvsbyn", promise.municipality)


@pytest.fixture
def foreign_admin(db):
    return _local_admin(
        "admin-arvidsjaur", OrganisationFactory(name="Arvidsjaurs kommun", municipality=True)
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing takes most of a second per user; tests check behaviour, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test starts with an empty cache of its own, in memory: also where REDIS_URL points
    the app at a Redis that outlives the test (tests/test_cache.py tests the Redis backend)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": uuid.uuid4().hex,
        }
    }
