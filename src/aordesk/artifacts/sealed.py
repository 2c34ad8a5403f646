"""The sealed file format: AES-256-GCM in authenticated chunks (no Django here).

A file is a header, then chunks. The header names the key (so a key ring can hold old keys
while `artifacts rekey` works) and carries a random salt; each file gets its own key,
HKDF-SHA256(master key, salt), so nonces are a counter and can never repeat across files.
Each chunk is sealed with the header as associated data and a nonce that says whether it is
the last: a reordered, truncated, extended or altered file fails to open (the STREAM
construction of Hoang, Reyhanitabar, Rogaway and Vizár, as Tink's streaming AEAD uses).

    header = MAGIC | key-id length (1) | key id | salt (16) | nonce prefix (7) | chunk size (4)
    chunk  = AES-256-GCM(file key, prefix | counter (4) | last (1), plaintext, header)
"""

from __future__ import annotations

import base64
import hashlib
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"AORDESK\x01"
CHUNK = 256 * 1024
TAG = 16
KEY_BYTES = 32
_INFO = b"aordesk artifact v1"


class SealError(Exception):
    """The file is not one we sealed, was altered, or its key is not in the ring."""


@dataclass(frozen=True)
class KeyRing:
    """Keys by id, newest first: files are sealed under the first, opened under any."""

    keys: tuple[tuple[str, bytes], ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise ValueError("the key ring is empty")
        for key_id, key in self.keys:
            if len(key) != KEY_BYTES or not key_id or len(key_id) > 64 or ":" in key_id:
                raise ValueError("each key needs an id and 32 bytes")

    @property
    def newest(self) -> tuple[str, bytes]:
        return self.keys[0]

    def get(self, key_id: str) -> bytes:
        for candidate, key in self.keys:
            if candidate == key_id:
                return key
        raise SealError(f"key {key_id!r} is not in AORDESK_ARTIFACT_KEYS")

    @classmethod
    def parse(cls, text: str) -> KeyRing:
        """`id:base64key,id:base64key`, newest first (whitespace and newlines allowed)."""
        keys = []
        for entry in text.replace("\n", ",").split(","):
            entry = entry.strip()
            if not entry:
                continue
            key_id, _, encoded = entry.partition(":")
            try:
                key = base64.urlsafe_b64decode(encoded.strip() + "==")
            except ValueError:
                raise ValueError(f"key {key_id!r} is not base64") from None
            keys.append((key_id.strip(), key))
        return cls(tuple(keys))


def key_new(key_id: str) -> str:
    """One key-ring entry with a fresh random key."""
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode().rstrip('=')}"


def _file_key(master: bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=_INFO)
    return AESGCM(hkdf.derive(master))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, int(last))


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


class SealingWriter:
    """A write-only binary file that seals into `out` as it goes and hashes the plaintext."""

    def __init__(self, out: BinaryIO, ring: KeyRing) -> None:
        key_id, master = ring.newest
        salt, prefix = os.urandom(16), os.urandom(7)
        encoded = key_id.encode()
        self.header = (
            MAGIC + bytes([len(encoded)]) + encoded + salt + prefix + struct.pack(">I", CHUNK)
        )
        self._aead, self._prefix, self._out = _file_key(master, salt), prefix, out
        self._buffer = bytearray()
        self._counter = 0
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.closed = False
        out.write(self.header)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self.closed:
            raise ValueError("write to a closed sealed file")
        self.sha256.update(data)
        self.size += len(data)
        self._buffer += data
        # Strictly more than a chunk: what is left at close (possibly nothing) is the last.
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._out.write(self._aead.encrypt(nonce, chunk, self.header))
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True

    # Enough of the file protocol for zipfile, csv, XlsxWriter and shutil.
    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def flush(self) -> None:
        self._out.flush()

    def tell(self) -> int:
        return self.size

    def __enter__(self) -> SealingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()


def read_header(source: BinaryIO) -> tuple[bytes, str, bytes, bytes, int]:
    """(header bytes, key id, salt, nonce prefix, chunk size); SealError if not sealed."""
    magic = source.read(len(MAGIC) + 1)
    if len(magic) != len(MAGIC) + 1 or not is_sealed(magic):
        raise SealError("not a sealed file")
    rest = source.read(magic[-1] + 16 + 7 + 4)
    if len(rest) != magic[-1] + 27:
        raise SealError("the sealed file's header is cut short")
    key_id = rest[: magic[-1]].decode("ascii", errors="replace")
    salt, prefix = rest[magic[-1] : magic[-1] + 16], rest[magic[-1] + 16 : magic[-1] + 23]
    (chunk,) = struct.unpack(">I", rest[-4:])
    if not 0 < chunk <= 16 * 1024 * 1024:
        raise SealError("the sealed file's header is altered")
    return magic + rest, key_id, salt, prefix, chunk


def key_id_of(source: BinaryIO) -> str:
    return read_header(source)[1]


class OpeningReader:
    """A read-only binary file over a sealed one: each chunk is authenticated before any
    of it is returned; a file altered anywhere raises SealError at that chunk."""

    def __init__(self, source: BinaryIO, ring: KeyRing) -> None:
        header, key_id, salt, prefix, chunk = read_header(source)
        self._aead = _file_key(ring.get(key_id), salt)
        self._header, self._prefix, self._source = header, prefix, source
        self._block = chunk + TAG
        self._next = source.read(self._block)
        self._counter = 0
        self._plain = b""
        self._done = False
        self.closed = False

    def _advance(self) -> None:
        block = self._next
        self._next = self._source.read(self._block) if len(block) == self._block else b""
        last = not self._next
        try:
            self._plain = self._aead.decrypt(
                _nonce(self._prefix, self._counter, last), block, self._header
            )
        except InvalidTag:
            raise SealError("the sealed file was altered or cut short") from None
        self._counter += 1
        self._done = last

    def read(self, size: int = -1) -> bytes:
        parts = []
        wanted = size if size is not None and size >= 0 else None
        while wanted is None or wanted > 0:
            if not self._plain:
                if self._done:
                    break
                self._advance()
                continue
            take = self._plain if wanted is None else self._plain[:wanted]
            self._plain = self._plain[len(take) :]
            parts.append(take)
            if wanted is not None:
                wanted -= len(take)
        return b"".join(parts)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def writable(self) -> bool:
        return False

    def close(self) -> None:
        if not self.closed:
            self._source.close()
            self.closed = True

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(CHUNK):
            yield chunk

    def __enter__(self) -> OpeningReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
