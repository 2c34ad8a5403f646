"""Writing files under the data directory atomically, privately, sealed, with their hash.

Every file is sealed (AES-256-GCM, artifacts.sealed) as it is written, under a temporary
name in its final folder, flushed to disk, then renamed: a crash leaves either the whole
file or a temporary one that a rerun removes, never a half-written file under the real
name, and never plaintext on disk. The SHA-256 and size recorded are the plaintext's.

Writers that need a path (XlsxWriter, shutil) get an anonymous in-memory file
(memfd) to write into; it is sealed onto disk when they return and vanishes with it."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from aordesk.artifacts.keys import keyring
from aordesk.artifacts.sealed import (
    CHUNK,
    MAGIC,
    OpeningReader,
    SealError,
    SealingWriter,
    is_sealed,
)

__all__ = ["SealError"]

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


def store_stream(relative_path: str, write: Callable[[BinaryIO], object]) -> StoredFile:
    """Call `write(handle)` with a binary file that seals what it is given, then publish
    the sealed file under `relative_path`."""
    return seal_to(absolute(relative_path), write, relative_path=relative_path)


def seal_to(
    final: Path, write: Callable[[BinaryIO], object], *, relative_path: str = ""
) -> StoredFile:
    """`store_stream` for any private path (the outbox, a backup, a rekey in place)."""
    ensure_private_dir(final.parent)
    temp = final.with_name(final.name + TEMP_SUFFIX)
    temp.unlink(missing_ok=True)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb", buffering=CHUNK) as out:
            sealing = SealingWriter(out, keyring())
            write(sealing)  # type: ignore[arg-type]
            sealing.close()
            out.flush()
            os.fsync(out.fileno())
        temp.replace(final)
    finally:
        temp.unlink(missing_ok=True)
    return StoredFile(relative_path, sealing.size, sealing.sha256.hexdigest())


def store_file(relative_path: str, write: Callable[[Path], object]) -> StoredFile:
    """Call `write(path)` to produce the file at a path, then seal and publish it."""
    with scratch_path() as scratch:
        write(scratch)

        def copy(out: BinaryIO) -> None:
            with scratch.open("rb") as source:
                while block := source.read(CHUNK):
                    out.write(block)

        return store_stream(relative_path, copy)


def store_bytes(relative_path: str, content: bytes) -> StoredFile:
    return store_stream(relative_path, lambda out: out.write(content))


@contextmanager
def scratch_path(suffix: str = "") -> Iterator[Path]:
    """A path to an anonymous in-memory file (Linux memfd), gone when the block ends or the
    process dies; elsewhere a private temporary file removed at the end of the block."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("aordesk-scratch", os.MFD_CLOEXEC)
        try:
            yield Path(f"/proc/self/fd/{fd}")
        finally:
            os.close(fd)
        return
    folder = data_dir() / "tmp"
    ensure_private_dir(folder)
    handle, name = tempfile.mkstemp(dir=folder, suffix=suffix)
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def open_stored(relative_path: str, *, sha256: str | None = None) -> BinaryIO:
    """The plaintext of a kept file, decrypted as it is read. A file kept before sealing
    existed is opened only when its bytes are the ones recorded (`sha256`)."""
    return open_sealed(absolute(relative_path), sha256=sha256)


def open_sealed(path: Path, *, sha256: str | None = None) -> BinaryIO:
    """`open_stored` for a private path outside the artifacts (the outbox, a backup)."""
    source = path.open("rb")
    if is_sealed(source.read(len(MAGIC))):
        source.seek(0)
        try:
            return OpeningReader(source, keyring())  # type: ignore[return-value]
        except BaseException:
            source.close()
            raise
    source.close()
    if sha256 is None or file_sha256(path)[0] != sha256:
        raise SealError("the file is not sealed and not the one recorded")
    return path.open("rb")


def open_verified(relative_path: str, *, sha256: str, size: int) -> BinaryIO:
    """`open_stored` after a full pass proving the plaintext is the one recorded: what is
    served (a download) is never a prefix of an altered file."""
    digest, length = stream_sha256(open_stored(relative_path, sha256=sha256))
    if digest != sha256 or length != size:
        raise SealError("the file is not the one recorded")
    return open_stored(relative_path, sha256=sha256)


def read_plaintext(relative_path: str, *, sha256: str | None = None) -> bytes:
    with open_stored(relative_path, sha256=sha256) as handle:
        return handle.read()


@contextmanager
def plaintext_path(relative_path: str, *, sha256: str | None = None) -> Iterator[Path]:
    """For readers that need a path (zipfile, the intake gate): the plaintext in an
    anonymous in-memory file, for the length of the block."""
    with scratch_path(Path(relative_path).suffix) as scratch:
        with open_stored(relative_path, sha256=sha256) as source, scratch.open("wb") as out:
            while block := source.read(CHUNK):
                out.write(block)
        yield scratch


def stream_sha256(handle: BinaryIO | io.BufferedReader) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def file_sha256(path: Path) -> tuple[str, int]:
    """The hash of the bytes at `path` as they are (sealed or not)."""
    return stream_sha256(path.open("rb"))


def stored_sha256(relative_path: str, *, sha256: str | None = None) -> tuple[str, int]:
    """The hash of the plaintext of a kept file (SealError if it cannot be opened)."""
    return stream_sha256(open_stored(relative_path, sha256=sha256))
