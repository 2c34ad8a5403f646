"""`aordesk backup` and `aordesk restore`: the database and every kept file, together.

The database is copied first (pg_dump, or SQLite's online backup), then the files: a
file is never changed in place (a rekey renames a whole new file over it, and both open
under the key ring), so every file the copied database records is in the copy. Files
stay sealed in the backup; the key ring is not in it and must be kept apart (a backup
without its keys reads as noise, which is the point)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.sealed import SealError
from aordesk.artifacts.storage import absolute, ensure_private_dir, stored_sha256
from aordesk.core.audit import Actor, Outcome, audit_record

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
FILES = "artifacts"


@dataclass
class RestoreResult:
    verified: int = 0
    failed: list[str] = field(default_factory=list)


def _pg_env() -> tuple[dict[str, str], str]:
    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env, str(db["NAME"])


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is needed (Debian: apt-get install postgresql-client)")
    return found


def _database_dump(folder: Path) -> str:
    if connection.vendor == "postgresql":
        env, name = _pg_env()
        target = folder / PG_DUMP
        subprocess.run(  # noqa: S603  (our own arguments, no shell)
            [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", name],
            env=env,
            check=True,
            capture_output=True,
        )
        target.chmod(0o600)
        return "postgresql"
    connection.ensure_connection()
    copy = sqlite3.connect(folder / SQLITE_COPY)
    try:
        connection.connection.backup(copy)  # SQLite's online backup: a consistent copy
    finally:
        copy.close()
    (folder / SQLITE_COPY).chmod(0o600)
    return "sqlite"


def _copy_private(source: Path, target: Path) -> None:
    ensure_private_dir(target.parent)
    shutil.copyfile(source, target)
    target.chmod(0o600)


def backup_create(*, root: Path, actor: Actor) -> Path:
    """A new folder under `root` with the database, the sealed files and a manifest."""
    folder = root / f"aordesk-{timezone.now():%Y%m%dT%H%M%S%fZ}"
    ensure_private_dir(folder)
    database = _database_dump(folder)
    entries: list[dict[str, Any]] = []
    kept = Artifact.objects.filter(destroyed_at__isnull=True).order_by("pk")
    for pk, relative_path, sha256, size in kept.values_list(
        "pk", "relative_path", "sha256", "size"
    ).iterator(chunk_size=1000):
        _copy_private(absolute(relative_path), folder / FILES / relative_path)
        entries.append({"id": pk, "relative_path": relative_path, "sha256": sha256, "size": size})
    manifest = {"made_at": timezone.now().isoformat(), "database": database, "files": entries}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))
    (folder / MANIFEST).chmod(0o600)
    audit_record(
        actor=actor,
        action="backup.create",
        object_type="backup",
        object_id=folder.name,
        detail={"database": database, "files": len(entries)},
    )
    return folder


def database_restore_sqlite(*, source: Path, target: Path) -> None:
    """Copy a backed-up SQLite database onto `target` through the online backup API."""
    ensure_private_dir(target.parent)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    target.chmod(0o600)


def database_restore_postgresql(*, source: Path) -> None:
    env, name = _pg_env()
    arguments = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
    subprocess.run(  # noqa: S603  (our own arguments, no shell)
        [_tool("pg_restore"), *arguments, f"--dbname={name}", str(source)],
        env=env,
        check=True,
        capture_output=True,
    )


def files_restore(*, folder: Path) -> RestoreResult:
    """Copy the sealed files into this data directory and prove each one's hash."""
    manifest = json.loads((folder / MANIFEST).read_text())
    result = RestoreResult()
    for entry in manifest["files"]:
        relative_path = entry["relative_path"]
        _copy_private(folder / FILES / relative_path, absolute(relative_path))
        try:
            digest, size = stored_sha256(relative_path, sha256=entry["sha256"])
        except SealError:
            digest, size = "", -1
        if (digest, size) == (entry["sha256"], entry["size"]):
            result.verified += 1
        else:
            result.failed.append(relative_path)
    return result


def backup_restore(*, folder: Path, actor: Actor, database: bool = True) -> RestoreResult:
    """The database (into the configured one), then the files, every hash proven."""
    manifest = json.loads((folder / MANIFEST).read_text())
    if database:
        if manifest["database"] == "postgresql":
            database_restore_postgresql(source=folder / PG_DUMP)
        else:
            target = Path(str(settings.DATABASES["default"]["NAME"]))
            connection.close()
            database_restore_sqlite(source=folder / SQLITE_COPY, target=target)
    result = files_restore(folder=folder)
    audit_record(
        actor=actor,
        action="backup.restore",
        object_type="backup",
        object_id=folder.name,
        outcome=Outcome.SUCCESS if not result.failed else Outcome.FAILURE,
        detail={"verified": result.verified, "failed": len(result.failed)},
    )
    return result
