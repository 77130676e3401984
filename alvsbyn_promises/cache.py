"""The cache shared by every app server: Django's own Redis backend, made to miss rather than
fail while Redis is down.

Django's backend raises when Redis cannot be reached, and a page that only meant to save time
would answer 500. Here a read finds nothing and a write is dropped instead, and the backend
leaves Redis alone for ``RETRY_AFTER`` seconds before it tries again, so that a Redis that does
not answer costs one timeout per process and outage, not one per request. Counters (``incr``,
``decr``) and ``clear`` still raise: they are not optimisations.

Whatever is cached must therefore be something that can be computed again, under a key that
changes when what it was computed from changes (a promise's last change, say): a ``delete``
dropped during an outage then leaves nothing stale behind.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

# Seconds without trying Redis after it failed to answer.
RETRY_AFTER = 10


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = None  # the monotonic time to try again; None while Redis answers

    def _call(self, method, failed, *args):
        """``method(*args)``, or ``failed`` when Redis does not answer (or did not lately)."""
        if self._down_until is not None and time.monotonic() < self._down_until:
            return failed
        try:
            result = method(*args)
        except (redis_errors.ConnectionError, redis_errors.TimeoutError) as error:
            if self._down_until is None:
                logger.warning(
                    "The cache (Redis) does not answer, so pages are computed without it; "
                    "trying again every %s s: %s",
                    RETRY_AFTER,
                    error,
                )
            self._down_until = time.monotonic() + RETRY_AFTER
            return failed
        if self._down_until is not None:
            logger.warning("The cache (Redis) answers again.")
            self._down_until = None
        return result

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)
