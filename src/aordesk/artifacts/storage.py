"""Writing files under the data directory atomically, privately and with their hash.

A file is written under a temporary name in its final folder, flushed to disk, then
renamed: a crash leaves either the whole file or a temporary one that a rerun removes,
never a half-written file under the real name."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DIR_MODE = 0o700
FILE_MODE = 0o600
TEMP_SUFFIX = ".partial"


@dataclass(frozen=True)
class StoredFile:
    relative_path: str
    size: int
    sha256: str


def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def absolute(relative_path: str) -> Path:
    root = data_dir().resolve()
    path = (root / relative_path).resolve()
    if root not in path.parents:
        raise ValueError("artifact path escapes the data directory")
    return path


def ensure_private_dir(path: Path) -> None:
    """Create `path` and every missing folder above it as owner-only: mkdir's mode applies
    to the last folder alone, so the parents are created one by one."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        folder.chmod(DIR_MODE)
    # Folders that were already there are made private too, whatever made them.
    root = data_dir().resolve()
    for folder in (path.resolve(), *path.resolve().parents):
        if folder != root and root not in folder.parents:
            break
        if folder.stat().st_mode & 0o777 != DIR_MODE:
            folder.chmod(DIR_MODE)


def store_file(relative_path: str, write: Callable[[Path], None]) -> StoredFile:
    """Call `write(temp_path)` to produce the file, then publish it under `relative_path`."""
    final = absolute(relative_path)
    ensure_private_dir(final.parent)
    temp = final.with_name(final.name + TEMP_SUFFIX)
    temp.unlink(missing_ok=True)
    try:
        write(temp)
        temp.chmod(FILE_MODE)
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        digest, size = file_sha256(temp)
        temp.replace(final)
    finally:
        temp.unlink(missing_ok=True)
    return StoredFile(relative_path=relative_path, size=size, sha256=digest)


def store_bytes(relative_path: str, content: bytes) -> StoredFile:
    def write(path: Path) -> None:
        path.write_bytes(content)

    return store_file(relative_path, write)


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
