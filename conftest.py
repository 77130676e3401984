"""Personas and shared fixtures.

The personas stand around one promise between a police area and a municipality: a police
reporter, a municipal reporter, a municipal coordinator, a reviewer (the BRÅ chair), a stranger
from another municipality, an admin (national: a superuser), and two local admins (staff who
coordinate an organisation): one of the promise's municipality, one of another municipality.
"""

import uuid

import pytest

from tests.personas import make_focus_area, make_persona, make_promise


@pytest.fixture
def promise(db):
    return make_promise()


@pytest.fixture
def focus_area(promise):
    return make_focus_area(promise)


@pytest.fixture
def police_reporter(promise):
    return make_persona("police_reporter", promise)


@pytest.fixture
def municipal_reporter(promise):
    return make_persona("municipal_reporter", promise)


@pytest.fixture
def coordinator(promise):
    return make_persona("coordinator", promise)


@pytest.fixture
def reviewer(promise):
    return make_persona("reviewer", promise)


@pytest.fixture
def stranger(db):
    return make_persona("stranger")


@pytest.fixture
def admin_user(db):
    return make_persona("admin_user")


@pytest.fixture
def local_admin(promise):
    return make_persona("local_admin", promise)


@pytest.fixture
def foreign_admin(db):
    return make_persona("foreign_admin")


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
