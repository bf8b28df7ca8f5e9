"""Where Django's cache lives: in each process by default, or one Redis server shared by every worker when
CROSSTRAIN_CACHE_URL says so (docs/gym/configuration.md). Each case starts the app in a process of its own, as a
gunicorn worker would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.web.test_tasks_worker import redis_url  # noqa: F401  (the fixture: a real Redis server)

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "crosstrain.web.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_two_processes_given_one_redis_cache_share_what_either_keeps(redis_url: str) -> None:  # noqa: F811
    kept = _run(
        "from django.core.cache import cache; cache.set('shared', 'kept by the first', 60)",
        **{"CROSSTRAIN_CACHE_URL": redis_url},
    )
    assert kept.returncode == 0, kept.stderr
    read = _run(
        "from django.core.cache import cache, caches; print(type(caches['default']).__name__, cache.get('shared'))",
        CROSSTRAIN_CACHE_URL=redis_url,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "ForgivingRedisCache kept by the first"


def test_without_a_cache_address_each_process_keeps_its_own() -> None:
    read = _run(
        "from django.core.cache import cache, caches; from django.conf import settings\n"
        "cache.set('mine', 1); print(type(caches['default']).__name__, cache.get('mine'), "
        "settings.CACHES['default']['OPTIONS']['MAX_ENTRIES'])",
        CROSSTRAIN_CACHE_URL="",
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.split() == ["LocMemCache", "1", "2000"]


def test_a_cache_address_that_is_not_redis_is_refused_saying_what_to_give() -> None:
    refused = _run("", CROSSTRAIN_CACHE_URL="memcached://127.0.0.1:11211")
    assert refused.returncode != 0
    assert "CROSSTRAIN_CACHE_URL is 'memcached://127.0.0.1:11211': give a Redis address" in refused.stderr
