"""The production settings for the load run (bench/loadtest.py), serving static files from the
apps as development does: collecting and compressing them takes longer than the run."""

from alvsbyn_promises.settings import *  # noqa: F403
from alvsbyn_promises.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # nothing collected: WhiteNoise would warn of a missing folder
