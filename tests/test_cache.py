"""Nothing a request leaves behind stays in one process; the cache is in Redis when REDIS_URL is
set, and a Redis that does not answer slows nothing and breaks nothing."""

import json
import logging
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from redis import exceptions as redis_errors

from alvsbyn_promises import cache as cache_module
from alvsbyn_promises.cache import RETRY_AFTER, RedisCache
from bench.loadtest import free_port
from tests.redis_support import delete_prefixed, redis_url

READ_SETTINGS = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'caches': s.CACHES, 'session': s.SESSION_ENGINE, "
    "'messages': s.MESSAGE_STORAGE, 'axes': s.AXES_HANDLER, "
    "'media': str(s.STORAGES['default']['OPTIONS']['location'])}))"
)


def production_settings(**env):
    """The settings as a production server reads them from ``env``."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "REDIS_URL", "MEDIA_ROOT"}
        and not k.startswith("CACHE_")
    }
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "alvsbyn_promises.settings",
            "DEBUG": "0",
            "SECRET_KEY": "x" * 50,
            **env,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_nothing_a_request_leaves_behind_stays_in_one_process():
    production = production_settings(MEDIA_ROOT="/srv/shared/media")
    assert production["session"] == "django.contrib.sessions.backends.db"
    assert production["messages"] == "django.contrib.messages.storage.fallback.FallbackStorage"
    assert production["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert production["media"] == "/srv/shared/media"


def test_without_redis_each_process_caches_in_its_own_memory():
    (default,) = production_settings()["caches"].values()
    assert default["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_puts_the_cache_in_redis_under_the_installations_prefix():
    production = production_settings(
        REDIS_URL="redis://cache.internal:6379/2", CACHE_KEY_PREFIX="boden", CACHE_VERSION="3"
    )
    assert production["caches"]["default"] == {
        "BACKEND": "alvsbyn_promises.cache.RedisCache",
        "LOCATION": "redis://cache.internal:6379/2",
        "KEY_PREFIX": "boden",
        "VERSION": 3,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def test_installations_get_a_prefix_by_default():
    production = production_settings(REDIS_URL="redis://cache.internal:6379/0")
    assert production["caches"]["default"]["KEY_PREFIX"] == "medborgarloften"


def unreachable():
    """The backend as settings make it, pointed at a port where nothing listens."""
    return RedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_a_redis_that_does_not_answer_is_a_cache_that_misses(caplog):
    cache = unreachable()
    with caplog.at_level(logging.WARNING, logger="alvsbyn_promises.cache"):
        assert cache.get("report", "computed") == "computed"
        assert cache.get_or_set("report", lambda: "computed again") == "computed again"
        assert cache.set("report", b"%PDF") is None
        assert cache.add("report", b"%PDF") is False
        assert cache.has_key("report") is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.touch("report") is False
        assert cache.delete("report") is False
        assert cache.delete_many(["a", "b"]) is None
    assert [r.getMessage() for r in caplog.records if "does not answer" in r.getMessage()]
    assert len(caplog.records) == 1  # once per outage, not per request
    # A counter is no optimisation: it says that it could not count.
    with pytest.raises(redis_errors.ConnectionError):
        cache._down_until = None
        cache.incr("visits")


def test_it_leaves_a_redis_that_failed_alone_for_a_while(monkeypatch, caplog):
    cache = unreachable()
    now = [1000.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: now[0])
    calls = []
    reach = cache._cache.get_client

    def counted(*args, **kwargs):
        calls.append(args)
        return reach(*args, **kwargs)

    monkeypatch.setattr(cache._cache, "get_client", counted)
    assert cache.get("a") is None
    assert len(calls) == 1
    now[0] += RETRY_AFTER - 1
    assert cache.get("a") is None and cache.set("a", 1) is None
    assert len(calls) == 1  # not tried: no timeout to wait for
    now[0] += 2
    assert cache.get("a") is None
    assert len(calls) == 2  # tried again, still down

    class Answers:
        def get(self, key):
            return None

    monkeypatch.setattr(cache._cache, "get_client", lambda *args, **kwargs: Answers())
    now[0] += RETRY_AFTER + 1
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="alvsbyn_promises.cache"):
        assert cache.get("a", "missing") == "missing"
    assert [r.getMessage() for r in caplog.records] == ["The cache (Redis) answers again."]
    assert cache._down_until is None


@pytest.fixture
def shared_redis():
    url = redis_url()
    prefix = f"test-cache-{uuid.uuid4().hex[:12]}"
    yield url, prefix
    delete_prefixed(url, prefix)


def backend(url, prefix, version=1):
    return RedisCache(url, {"KEY_PREFIX": prefix, "VERSION": version})


def test_two_servers_share_one_cache_and_installations_do_not(shared_redis):
    url, prefix = shared_redis
    server_a, server_b = backend(url, prefix), backend(url, prefix)
    server_a.set("report:alvsbyn-2024", b"%PDF-1.7", 60)
    assert server_b.get("report:alvsbyn-2024") == b"%PDF-1.7"
    other_installation = backend(url, f"{prefix}-other")
    assert other_installation.get("report:alvsbyn-2024") is None
    next_release = backend(url, prefix, version=2)
    assert next_release.get("report:alvsbyn-2024") is None
    server_b.delete("report:alvsbyn-2024")
    assert server_a.get("report:alvsbyn-2024") is None
