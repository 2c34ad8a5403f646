"""Reading kept files in tests: they are sealed on disk, so a test reads their plaintext."""

import tempfile
from pathlib import Path

from aordesk.artifacts.storage import read_plaintext


def plain(relative_path: str) -> Path:
    """A decrypted copy of a kept file, outside the data directory, for path readers."""
    folder = Path(tempfile.mkdtemp(prefix="aordesk-test-plain-"))
    path = folder / Path(relative_path).name
    path.write_bytes(read_plaintext(relative_path))
    return path
