"""The demo's whole job with encryption on: nothing it keeps reads as plaintext."""

import datetime as dt

import pytest

from aordesk.core.audit import Actor
from aordesk.core.demo import demo_run
from aordesk.households.models import Household

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_after_the_demo_no_kept_file_reads_as_a_workbook_csv_or_a_consumers_name(settings):
    settings.EMAIL_BACKEND = "aordesk.messaging.backends.EmlFileBackend"  # the demo's
    result = demo_run(
        month=dt.date(2026, 10, 1), households=60, brokers=6, seed=2, workers=1, actor=Actor.cli()
    )
    assert result.cycle is not None and result.cycle.units_built > 0
    names = [h.last_name.encode() for h in Household.objects.all()[:20]]
    files = [p for p in settings.DATA_DIR.rglob("*") if p.is_file()]
    assert any(p.suffix == ".xlsx" for p in files) and any(p.suffix == ".csv" for p in files)
    assert any(p.suffix == ".eml" for p in files)
    for path in files:
        content = path.read_bytes()
        assert content.startswith(b"AORDESK\x01"), path
        assert b"PK\x03\x04" not in content and b"ISA*" not in content
        assert not any(name in content for name in names), path
