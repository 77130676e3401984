"""The Redis the tests may use: the one REDIS_URL names.

Where it is unset the tests that need it are skipped, unless REQUIRE_REDIS=1 (as in CI's
PostgreSQL run), where they fail instead: a CI that silently skipped them would prove nothing.
"""

import os

import pytest


def skip_or_fail(reason):
    if os.environ.get("REQUIRE_REDIS") == "1":
        pytest.fail(f"REQUIRE_REDIS=1 but {reason}")
    pytest.skip(reason)


def redis_url():
    """REDIS_URL when a Redis answers there; skipped (or failed) otherwise."""
    url = os.environ.get("REDIS_URL", "").strip()
    if not url:
        skip_or_fail("REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        skip_or_fail(f"no Redis answers at REDIS_URL: {error}")
    return url


def delete_prefixed(url, prefix):
    """Delete every key under ``prefix`` (what one test wrote), and nothing else."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()
    return len(keys)
