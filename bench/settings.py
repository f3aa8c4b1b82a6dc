"""Benchmark settings: the portal's own, plus the ceiling route (`bench.ceiling_urls`)."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.ceiling_urls"
