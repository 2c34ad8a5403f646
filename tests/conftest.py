import pytest
from django.db import connection

from aordesk.artifacts.sealed import key_new

TEST_ARTIFACT_KEYS = key_new("test")


@pytest.fixture(autouse=True)
def _private_data_dir(settings, tmp_path):
    """Every test writes artifacts and emails under its own temporary data directory."""
    settings.DATA_DIR = tmp_path / "data"
    settings.EMAIL_FILE_PATH = str(tmp_path / "data" / "outbox")
    settings.ARTIFACT_KEYS = TEST_ARTIFACT_KEYS
    return settings.DATA_DIR


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    if connection.vendor != "postgresql":
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)
    # The screenshots in docs/ change only when someone asks for them, never in CI.
    if "screenshots" not in (config.getoption("markexpr") or ""):
        for item in items:
            if "screenshots" in item.keywords:
                item.add_marker(pytest.mark.skip(reason="run with -m screenshots"))
