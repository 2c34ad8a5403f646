import os
import subprocess
import sys

import pytest

from aordesk.artifacts.sealed import key_new

KEY = "k" * 20 + "-production-test-key-" + "q" * 20


def _check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    # A minimal environment: other tests may leave variables behind in this process.
    full = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    full |= {"DJANGO_SETTINGS_MODULE": "aordesk.settings_production", **env}
    return subprocess.run(
        [sys.executable, "-m", "aordesk", "check", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_production_settings_refuse_to_start_without_a_real_secret_key():
    result = _check({"DATABASE_URL": "postgres://u@db.invalid/x"})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_production_settings_pass_the_deployment_checks():
    env = {
        "SECRET_KEY": KEY,
        "DATABASE_URL": "postgres://u@db.invalid/x",
        "ALLOWED_HOSTS": "aordesk.example",
        "AORDESK_ARTIFACT_KEYS": key_new("prod1"),
    }
    result = _check(env, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_production_settings_refuse_to_start_without_the_artifact_key_ring():
    result = _check({"SECRET_KEY": KEY, "DATABASE_URL": "postgres://u@db.invalid/x"})
    assert result.returncode != 0
    assert "Set AORDESK_ARTIFACT_KEYS" in result.stderr


@pytest.mark.slow
def test_production_serves_compressed_static_files_with_hashed_names_and_no_demo():
    full = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    full |= {
        "DJANGO_SETTINGS_MODULE": "aordesk.settings_production",
        "SECRET_KEY": KEY,
        "DATABASE_URL": "postgres://u@db.invalid/x",
        "AORDESK_ARTIFACT_KEYS": key_new("prod1"),
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.STORAGES['staticfiles']['BACKEND'], s.AORDESK_EMBEDDED, "
        "'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "False",
        "True",
    ], result.stderr
