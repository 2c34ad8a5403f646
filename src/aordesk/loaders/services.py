"""`import_run`: check a loader file whole, then write it in one transaction.

Pass 1 streams the file in chunks and collects every problem (nothing is written).
Pass 2, only for a clean file, streams it again and upserts each chunk in bulk. The file's
digest is taken before pass 1 and checked after pass 2, so a file edited mid-import is
refused rather than half-trusted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from aordesk.core.audit import Actor, Outcome, audit_record
from aordesk.core.errors import ApplicationError
from aordesk.loaders.keystore import KeyStore
from aordesk.loaders.kinds.agencies import AgencyLoader
from aordesk.loaders.kinds.aor_transmissions import AorTransmissionLoader
from aordesk.loaders.kinds.appointments import AppointmentLoader
from aordesk.loaders.kinds.associations import AssociationLoader
from aordesk.loaders.kinds.base import Loader, Row
from aordesk.loaders.kinds.brokers import BrokerLoader
from aordesk.loaders.kinds.carriers import CarrierLoader
from aordesk.loaders.kinds.enrollment_transmissions import EnrollmentTransmissionLoader
from aordesk.loaders.kinds.enrollments import EnrollmentLoader
from aordesk.loaders.kinds.households import HouseholdLoader
from aordesk.loaders.readers import FileProblem, file_digest, read_rows
from aordesk.loaders.schema import Issue, header_positions, parse_row

LOADERS: dict[str, type[Loader]] = {
    loader.schema.kind: loader
    for loader in (
        CarrierLoader,
        AgencyLoader,
        BrokerLoader,
        HouseholdLoader,
        EnrollmentLoader,
        AssociationLoader,
        EnrollmentTransmissionLoader,
        AorTransmissionLoader,
        AppointmentLoader,
    )
}
KINDS = tuple(LOADERS)
CHUNK = 5000
# Past this many, a rejected file's problems are counted but not listed: memory stays
# bounded even for a million bad rows, and nobody reads the ten-thousand-and-first.
MAX_ISSUES = 10_000


@dataclass
class ImportResult:
    kind: str
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file": self.file,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [issue.as_dict() for issue in self.errors],
        }


def import_run(*, kind: str, path: Path, actor: Actor) -> ImportResult:
    """Import one loader file of `kind`; nothing is written unless every row is valid.

    The check runs outside any transaction: on SQLite a transaction holds the write lock,
    and a minute-long check of a big file should not block the desk's other writers."""
    loader_class = LOADERS.get(kind)
    if loader_class is None:
        raise ApplicationError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    if not path.is_file():
        raise ApplicationError(f"file not found: {path}")
    digest = file_digest(path)
    with KeyStore() as store:
        loader = loader_class(actor=actor, store=store)
        errors = _checked(loader, path)
        if errors:
            _audit_rejection(actor=actor, kind=kind, digest=digest, errors=len(errors))
            return ImportResult(kind=kind, file=str(path), errors=errors)
        _write(loader=loader, path=path, digest=digest)
    counts = loader.counts
    return ImportResult(
        kind=kind,
        file=str(path),
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
    )


def _checked(loader: Loader, path: Path) -> list[Issue]:
    issues = _Issues()
    try:
        for chunk in _chunks(loader, path, issues):
            issues.extend(loader.check(chunk))
        issues.extend(loader.finish_check())
    except FileProblem as problem:
        issues.extend([Issue(None, "", str(problem))])
    return issues.listed()


def _chunks(loader: Loader, path: Path, issues: _Issues) -> Iterator[list[Row]]:
    """The file's valid rows in chunks; problems with the header or a row go to `issues`."""
    rows = read_rows(path)
    first = next(rows, None)
    if first is None:
        issues.extend([Issue(None, "", "the file is empty: row 1 must hold the column headers")])
        return
    if first[0] != 1:
        issues.extend([Issue(1, "", "row 1 must hold the column headers, and it is blank")])
        return
    positions, header_issues = header_positions(loader.schema, first[1])
    if header_issues:
        issues.extend(header_issues)
        return
    chunk: list[Row] = []
    for number, cells in rows:
        values, row_issues = parse_row(loader.schema, number, cells, positions)
        if values is None:
            issues.extend(row_issues)
            continue
        chunk.append(Row(number, values))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write(*, loader: Loader, path: Path, digest: str) -> None:
    try:
        _write_atomically(loader=loader, path=path, digest=digest)
    except IntegrityError:
        raise ApplicationError(
            "aordesk's data changed during the import; nothing was written, run it again"
        ) from None


@transaction.atomic
def _write_atomically(*, loader: Loader, path: Path, digest: str) -> None:
    issues = _Issues()
    try:
        for phase in loader.phases:
            for chunk in _chunks(loader, path, issues):
                loader.write(chunk, phase)
    except FileProblem:
        issues.count += 1
    if issues.count or file_digest(path) != digest:
        raise ApplicationError("the file changed during the import; nothing was written")
    loader.finish_write()
    counts = loader.counts
    audit_record(
        actor=loader.actor,
        action=f"import.{loader.schema.kind}",
        object_type="loader_file",
        object_id=digest,
        detail={
            "created": counts.created,
            "updated": counts.updated,
            "unchanged": counts.unchanged,
        },
    )


def _audit_rejection(*, actor: Actor, kind: str, digest: str, errors: int) -> None:
    audit_record(
        actor=actor,
        action=f"import.{kind}",
        object_type="loader_file",
        object_id=digest,
        outcome=Outcome.FAILURE,
        detail={"errors": errors},
    )


class _Issues:
    """Problems in file order, the first MAX_ISSUES listed and the rest only counted."""

    def __init__(self) -> None:
        self.items: list[Issue] = []
        self.count = 0

    def extend(self, issues: list[Issue]) -> None:
        self.count += len(issues)
        self.items.extend(issues[: MAX_ISSUES - len(self.items)])

    def listed(self) -> list[Issue]:
        items = sorted(self.items, key=lambda issue: issue.row or 0)
        if self.count > len(items):
            items.append(Issue(None, "", f"{self.count - len(items)} more problem(s) not listed"))
        return items
