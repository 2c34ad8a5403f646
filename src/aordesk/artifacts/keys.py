"""The artifact key ring: `AORDESK_ARTIFACT_KEYS` (newest first), or on a demo machine a
key file under the data directory that is created once with mode 0600."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from aordesk.artifacts.sealed import KeyRing, key_new

DEMO_KEY_ID = "demo"


def key_file() -> Path | None:
    """The demo key file, when settings allow one (never in production)."""
    if not getattr(settings, "ARTIFACT_KEY_FILE_ALLOWED", True):
        return None
    return Path(settings.DATA_DIR) / "artifact-keys"


def keyring() -> KeyRing:
    text = getattr(settings, "ARTIFACT_KEYS", "") or ""
    if text.strip():
        return _parsed(text)
    path = key_file()
    if path is None:
        raise ImproperlyConfigured("Set AORDESK_ARTIFACT_KEYS (see deploy/aordesk.env.example).")
    return _parsed(key_file_ensure(path))


@functools.lru_cache(maxsize=8)
def _parsed(text: str) -> KeyRing:
    try:
        return KeyRing.parse(text)
    except ValueError as error:
        raise ImproperlyConfigured(f"AORDESK_ARTIFACT_KEYS: {error}") from None


def key_file_ensure(path: Path) -> str:
    """The demo key ring's text, writing a new random key first if there is none."""
    try:
        return path.read_text()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text()
    with os.fdopen(fd, "w") as handle:
        handle.write(key_new(DEMO_KEY_ID) + "\n")
    return path.read_text()
