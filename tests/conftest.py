import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _private_data_dir(settings, tmp_path):
    """Every test writes artifacts and emails under its own temporary data directory.
    Every X12 834 a test leaves there must pass pyx12 (999 IK5*A, AK9*A)."""
    settings.DATA_DIR = tmp_path / "data"
    settings.EMAIL_FILE_PATH = str(tmp_path / "data" / "outbox")
    yield settings.DATA_DIR
    _every_834_valid(tmp_path / "data")


def _every_834_valid(data_dir):
    from aordesk.x12.validation import validate_834

    for path in sorted((data_dir / "carrier-files").glob("**/*.x12")):
        verdict = validate_834(path.read_text(encoding="ascii"))
        assert verdict.accepted, f"pyx12 does not accept {path.name}:\n{verdict.ack_999}"


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
