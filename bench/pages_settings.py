"""The bench's settings (bench/pages_bench.py): the load run's production settings, and an
address for the floor every page is compared with (bench/urls.py)."""

from bench.loadtest_settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
