"""Checked rows held between reading and storing, so the file is read and checked before
the write transaction opens (on SQLite that transaction locks out every other writer)
while memory stays flat: a 300,000-row file's rows would not fit in memory at once.

The rows go to an unnamed temporary file in batches, each sealed with AES-GCM under a
key that lives only in this object: the consumers' data never rests on disk in the
clear, and a batch that was not written by this process cannot be read back (which is
what makes unpickling it safe)."""

from __future__ import annotations

import os
import pickle
import struct
import tempfile
from collections.abc import Iterator

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from aordesk.intake.checks.context import CheckContext, consumer_key
from aordesk.intake.issues import Issue, has_errors
from aordesk.intake.reading.rows import NormalisedRow

BATCH = 1000
_LENGTH = struct.Struct(">Q")
_NONCE = 12
# A checked row, what the file names as its carrier, the open claim it repeats.
CheckedRow = tuple[NormalisedRow, int | None, int | None]


class RowSpool:
    def __init__(self) -> None:
        self.accepted = 0
        self.rejected = 0
        self.issues: list[Issue] = []
        self._pending: list[CheckedRow] = []
        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())

    def add(self, row: NormalisedRow, context: CheckContext) -> None:
        carrier_id = context.carriers.resolve(row.carrier) if row.carrier else None
        key = consumer_key(row, carrier_id)
        linked = context.open_claims.get(key) if key is not None else None
        self._pending.append((row, carrier_id, linked))
        self.issues.extend(row.issues)
        if has_errors(row.issues):
            self.rejected += 1
        else:
            self.accepted += 1
        if len(self._pending) >= BATCH:
            self._seal()

    def batches(self) -> Iterator[list[CheckedRow]]:
        """Every row added, in order, a batch at a time."""
        self._seal()
        self._file.seek(0)
        while header := self._file.read(_LENGTH.size):
            (length,) = _LENGTH.unpack(header)
            nonce = self._file.read(_NONCE)
            yield pickle.loads(self._aead.decrypt(nonce, self._file.read(length), None))  # noqa: S301

    def discard(self) -> None:
        """After the file broke mid-way: nothing of it is kept."""
        self.accepted = self.rejected = 0
        self.issues, self._pending = [], []
        self._file.seek(0)
        self._file.truncate()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RowSpool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _seal(self) -> None:
        if not self._pending:
            return
        nonce = os.urandom(_NONCE)
        plain = pickle.dumps(self._pending, pickle.HIGHEST_PROTOCOL)
        sealed = self._aead.encrypt(nonce, plain, None)
        self._file.write(_LENGTH.pack(len(sealed)) + nonce + sealed)
        self._pending = []
