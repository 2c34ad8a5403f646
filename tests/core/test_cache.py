"""The cache every process shares: the database by default, Redis when REDIS_URL is set."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection


def _caches_with(env: dict[str, str]) -> str:
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "aordesk.settings", "PATH": "/usr/bin", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_the_default_cache_is_the_database_one():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_redis_url_selects_djangos_own_redis_cache():
    backend = _caches_with({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert backend == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_cache_table_and_the_cache_works():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {settings.CACHE_TABLE}")
    call_command("migrate", verbosity=0)
    assert settings.CACHE_TABLE in connection.introspection.table_names()
    cache.set("one-time", "used", 30)
    assert cache.get("one-time") == "used"
