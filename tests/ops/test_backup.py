"""`aordesk backup` / `aordesk restore`: a backup restored into a new data directory
proves every file's hash; the database copy holds the same records."""

import io
import json
import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from aordesk.artifacts.models import Artifact
from aordesk.ops.backup import database_restore_sqlite, files_restore
from tests.messaging.factories import make_artifact


def backup(tmp_path) -> tuple:
    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), "--json", stdout=out)
    from pathlib import Path

    return Path(json.loads(out.getvalue())["backup"])


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_new_data_directory_proves_every_files_hash(settings, tmp_path):
    files = [make_artifact(content=f"Jane Doe {i}".encode()) for i in range(3)]
    folder = backup(tmp_path)
    assert b"Jane" not in b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    settings.DATA_DIR = tmp_path / "new-data"
    result = files_restore(folder=folder)
    assert result.verified == len(files) and result.failed == []
    if connection.vendor == "sqlite":
        restored = tmp_path / "restored.sqlite3"
        database_restore_sqlite(source=folder / "database.sqlite3", target=restored)
        rows = sqlite3.connect(restored).execute(
            "SELECT relative_path, sha256 FROM artifacts_artifact ORDER BY id"
        )
        assert list(rows) == [(a.relative_path, a.sha256) for a in files]
    else:
        listing = subprocess.run(
            ["pg_restore", "--list", str(folder / "database.pgdump")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "TABLE public artifacts_artifact" in listing


@pytest.mark.django_db(transaction=True)
def test_a_restored_file_that_was_altered_is_reported(settings, tmp_path):
    (artifact,) = [make_artifact()]
    folder = backup(tmp_path)
    copy = folder / "artifacts" / artifact.relative_path
    blob = bytearray(copy.read_bytes())
    blob[-1] ^= 1
    copy.write_bytes(bytes(blob))
    settings.DATA_DIR = tmp_path / "new-data"
    assert files_restore(folder=folder).failed == [artifact.relative_path]
    assert Artifact.objects.count() == 1
