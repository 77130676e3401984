"""Caching the follow-up's pages by promise, change stamp, date and language.

A key holds the promise's change stamp (:mod:`commitments.stamps`), read before any of its data,
so a change is seen on the next request on any process: the new stamp makes a new key, and the
old entries are never read again (they expire). The cache itself is only an optimisation: when it
cannot be reached (Redis down) the page is built as if nothing were cached.
"""

import hashlib
import logging
import zlib

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from commitments.stamps import stamp_of

logger = logging.getLogger(__name__)


def cache_key(promise, name, *parts):
    """The key of ``name`` for ``promise`` as it stands now, or None: not to be cached (a
    promise with no stamp). ``parts`` are what else the content depends on (date, period)."""
    stamp = stamp_of(promise)
    if stamp is None:
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    # The moment it was made as well as its id: an id can come again after a rollback.
    made = f"{promise.pk}.{promise.created_at.timestamp():.6f}"
    return ":".join(["followup", name, made, str(stamp), language, *map(str, parts)])


def cached(key, compute):
    """The value cached under ``key``, or ``compute()``, cached. A None key caches nothing."""
    if key is None:
        return compute()
    value = _get(key)
    if value is None:
        value = compute()
        _set(key, value)
    return value


def cached_file(key, compute):
    """Like :func:`cached` for a file's bytes (a PDF, a workbook), kept only when no larger than
    ``FOLLOWUP_CACHE_FILE_MAX_BYTES``: a local-memory cache holds its entries in every worker,
    and Redis refuses or slows on very large values. A larger file is made on every request."""
    if key is None:
        return compute()
    content = _get(key)
    if content is None:
        content = compute()
        if len(content) <= settings.FOLLOWUP_CACHE_FILE_MAX_BYTES:
            _set(key, content)
    return content


def cached_text(key, compute):
    """Like :func:`cached` for a long text (a page's HTML), kept compressed."""
    if key is None:
        return compute()
    packed = _get(key)
    if packed is not None:
        return zlib.decompress(packed).decode()
    text = compute()
    _set(key, zlib.compress(text.encode(), 1))
    return text


def cached_values(keys):
    """What is cached under each of ``keys`` (None ones skipped), by key, in one round trip;
    those not cached are missing."""
    keys = [key for key in keys if key]
    if not keys:
        return {}
    try:
        return cache.get_many(keys)
    except Exception:  # as in _get
        logger.warning("The cache could not be read; the page is built afresh.", exc_info=True)
        return {}


def store(key, value):
    """Cache ``value`` under ``key``."""
    _set(key, value)


def _get(key):
    try:
        return cache.get(key)
    except Exception:  # the cache is down: build the page as if nothing were cached
        logger.warning("The cache could not be read; the page is built afresh.", exc_info=True)
        return None


def _set(key, value):
    try:
        cache.set(key, value, settings.FOLLOWUP_CACHE_SECONDS)
    except Exception:
        logger.warning("The cache could not be written.", exc_info=True)


def digest(values):
    """A short name for a set of ids, to key a part that shows them (those one may log in)."""
    text = ",".join(map(str, sorted(values)))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
