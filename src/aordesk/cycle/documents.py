"""Writing a broker's report and statement (from one read of its rows, or its batch's) or an
agency's statement. Writing happens outside any transaction (a long write must not hold
SQLite's write lock); `records` then records what was written."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.conf import settings

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.storage import StoredFile, store_file
from aordesk.brokers.models import Agency, Broker
from aordesk.core.dates import format_month, month_label
from aordesk.cycle import rules, selectors
from aordesk.cycle.selectors import ENROLLMENT_AT
from aordesk.households.models import Enrollment
from aordesk.workbooks import identity as wb_identity
from aordesk.workbooks import report as wb_report
from aordesk.workbooks import statement as wb_statement


class BuildSession:
    """What a worker process loads once and reuses for every unit it builds."""

    def __init__(self) -> None:
        self._carriers: dict[int, str] = {}
        self._active: list[str] | None = None

    def carrier_name(self, carrier_id: int) -> str:
        if carrier_id not in self._carriers:
            # A carrier added since we loaded: reload them all, once.
            self._carriers = selectors.carrier_display_names()
        return self._carriers[carrier_id]

    def active_carrier_names(self) -> list[str]:
        if self._active is None:
            self._active = selectors.active_carrier_names()
        return self._active


@dataclass(frozen=True)
class Written:
    kind: str
    version: int
    document_id: uuid.UUID
    stored: StoredFile
    rows: int

    @property
    def filename(self) -> str:
        return Path(self.stored.relative_path).name


def _identity(
    *, kind: str, document_id: uuid.UUID, npn: str, agency_code: str, month: dt.date, version: int
) -> wb_identity.WorkbookIdentity:
    # The writer module that owns a template stamps its version; "1" until it declares one.
    writer = wb_report if kind == Artifact.Kind.AOR_REPORT else wb_statement
    return wb_identity.WorkbookIdentity(
        kind=str(kind),
        template_version=str(getattr(writer, "TEMPLATE_VERSION", "1")),
        document_id=str(document_id),
        npn=npn,
        agency_code=agency_code,
        month=format_month(month),
        version=version,
    )


def _key() -> bytes:
    return str(settings.WORKBOOK_HMAC_KEY).encode()


def _stored(
    path: str, kind: str, version: int, document_id: uuid.UUID, write: Callable[[Path], int]
) -> Written:
    """Publish the file through `store_file` (temp name, fsync, rename, SHA-256)."""
    counted: list[int] = []
    stored = store_file(path, lambda temp: counted.append(write(temp)))
    return Written(kind, version, document_id, stored, counted[0])


# Documents up to this many rows are built in memory (no temporary files, several times
# faster per file); bigger ones stream through XlsxWriter's constant-memory mode.
IN_MEMORY_ROWS = 20_000
PROGRAM_LABELS = {str(value): str(label) for value, label in Enrollment.Program.choices}


def _buffered(rows: Iterator[Any]) -> tuple[Iterable[Any], bool]:
    """(rows, whether they all fit in memory: then they are a list, to be read again)."""
    head = list(itertools.islice(rows, IN_MEMORY_ROWS + 1))
    if len(head) <= IN_MEMORY_ROWS:
        return head, True
    return itertools.chain(head, rows), False


@dataclass(frozen=True)
class BrokerLines:
    """A broker's rows of the month (BROKER_FIELDS, one per enrollment, in report order)
    from one query: a list when they fit in memory, which both documents then read."""

    rows: Iterable[tuple[Any, ...]]
    in_memory: bool

    @property
    def empty(self) -> bool:
        return self.in_memory and not self.rows


@dataclass(frozen=True)
class Prefetched:
    """A claim batch's small brokers, read together: their lines and statement counts."""

    lines: dict[int, list[tuple[Any, ...]]]
    counts: dict[int, list[dict[str, Any]]]

    @classmethod
    def read(cls, *, broker_ids: list[int], month: dt.date) -> Prefetched:
        if not broker_ids:
            return cls({}, {})
        raw = selectors.brokers_rows(broker_ids=broker_ids, month=month)
        lines = {
            pk: list(rules.first_per_key(rows, key=itemgetter(ENROLLMENT_AT)))
            for pk, rows in raw.items()
        }
        counts = selectors.brokers_statement_counts(broker_ids=broker_ids, month=month)
        return cls(lines, counts)

    def lines_of(self, broker_id: int) -> BrokerLines | None:
        rows = self.lines.get(broker_id)
        return None if rows is None else BrokerLines(rows, in_memory=True)


def broker_lines(*, broker: Broker, month: dt.date) -> BrokerLines:
    raw = selectors.broker_rows(broker_id=broker.pk, month=month)
    rows, in_memory = _buffered(rules.first_per_key(raw, key=itemgetter(ENROLLMENT_AT)))
    return BrokerLines(rows, in_memory)


def broker_write(
    *,
    broker: Broker,
    month: dt.date,
    report_version: int,
    statement_version: int,
    session: BuildSession,
    prefetched: Prefetched | None = None,
) -> tuple[Written, Written]:
    """The broker's report and statement from one read of its rows (`prefetched` with its
    batch, or here). Rows too many to hold stream into the report and are read a second
    time for the statement."""
    lines = prefetched.lines_of(broker.pk) if prefetched else None
    counts = prefetched.counts.get(broker.pk) if prefetched else None
    lines = lines or broker_lines(broker=broker, month=month)
    report = report_write(
        broker=broker, month=month, version=report_version, session=session, lines=lines
    )
    if not lines.in_memory:  # the report has consumed them
        lines = broker_lines(broker=broker, month=month)
    statement = broker_statement_write(
        broker=broker,
        month=month,
        version=statement_version,
        session=session,
        lines=lines,
        counts=counts,
    )
    return report, statement


def report_write(
    *,
    broker: Broker,
    month: dt.date,
    version: int,
    session: BuildSession,
    lines: BrokerLines | None = None,
) -> Written:
    """The broker's AOR report; `lines` not yet read, or None to read them here."""
    lines = lines or broker_lines(broker=broker, month=month)
    document_id, label = uuid.uuid4(), month_label(month)
    identity = _identity(
        kind=Artifact.Kind.AOR_REPORT,
        document_id=document_id,
        npn=broker.npn,
        agency_code="",
        month=month,
        version=version,
    )
    context = wb_report.ReportContext(
        broker_name=broker.full_name,
        npn=broker.npn,
        month_label=label,
        carrier_names=session.active_carrier_names(),
        identity=identity,
        # The empty note goes in the context, which the writer needs before the rows.
        empty_note=rules.EMPTY_NOTE.format(label=label) if lines.empty else None,
    )
    rows = (_report_row(row, broker, session) for row in lines.rows)
    path = rules.report_path(month=month, npn=broker.npn, version=version)
    return _stored(
        path,
        Artifact.Kind.AOR_REPORT,
        version,
        document_id,
        lambda temp: wb_report.report_write(
            temp, context=context, rows=rows, key=_key(), in_memory=lines.in_memory
        ),
    )


def _report_row(row: tuple[Any, ...], broker: Broker, session: BuildSession) -> Any:
    sent_on, last, first, dob, carrier_id, plan_effective_on, aor_effective_on, *_ = row
    return wb_report.ReportRow(
        date_sent=sent_on,
        last_name=last,
        first_name=first,
        dob=dob,
        carrier_name=session.carrier_name(carrier_id),
        plan_effective_on=plan_effective_on,
        broker_name=broker.full_name,
        npn=broker.npn,
        aor_effective_on=aor_effective_on,
    )


def broker_statement_write(
    *,
    broker: Broker,
    month: dt.date,
    version: int,
    session: BuildSession,
    lines: BrokerLines | None = None,
    counts: list[dict[str, Any]] | None = None,
) -> Written:
    """The broker's statement; `lines` not yet read (or in memory) and `counts`, or None to
    read them here."""
    lines = lines or broker_lines(broker=broker, month=month)
    if counts is None:
        counts = selectors.statement_counts(month=month, broker_id=broker.pk)
    return _statement_store(
        kind=Artifact.Kind.BROKER_STATEMENT,
        npn=broker.npn,
        agency_code="",
        title=f"AOR statement: {broker.full_name} (NPN {broker.npn})",
        path=rules.broker_statement_path(month=month, npn=broker.npn, version=version),
        month=month,
        version=version,
        summary=_summary_lines(counts, session),
        detail=(_broker_detail_row(row, broker, session) for row in lines.rows),
        in_memory=lines.in_memory,
    )


def _broker_detail_row(row: tuple[Any, ...], broker: Broker, session: BuildSession) -> Any:
    sent_on, last, first, dob, carrier_id, plan_effective_on, aor_effective_on, _, program = row
    return wb_statement.StatementDetailRow(
        date_sent=sent_on,
        last_name=last,
        first_name=first,
        dob=dob,
        carrier_name=session.carrier_name(carrier_id),
        plan_effective_on=plan_effective_on,
        broker_name=broker.full_name,
        npn=broker.npn,
        aor_effective_on=aor_effective_on,
        program=PROGRAM_LABELS[program],
    )


def agency_statement_write(
    *, agency: Agency, month: dt.date, version: int, session: BuildSession
) -> Written:
    """The statement of every current broker of the agency, by NPN."""
    counts = selectors.statement_counts(month=month, agency_id=agency.pk)
    raw = selectors.statement_rows(month=month, agency_id=agency.pk)
    detail, in_memory = _buffered(_agency_detail_rows(raw, session))
    return _statement_store(
        kind=Artifact.Kind.AGENCY_STATEMENT,
        npn="",
        agency_code=agency.code,
        title=f"AOR agency statement: {agency.name} ({agency.code})",
        path=rules.agency_statement_path(month=month, agency_code=agency.code, version=version),
        month=month,
        version=version,
        summary=_summary_lines(counts, session),
        detail=detail,
        in_memory=in_memory,
    )


def _statement_store(
    *,
    kind: str,
    npn: str,
    agency_code: str,
    title: str,
    path: str,
    month: dt.date,
    version: int,
    summary: list[Any],
    detail: Iterable[Any],
    in_memory: bool,
) -> Written:
    document_id = uuid.uuid4()
    identity = _identity(
        kind=kind,
        document_id=document_id,
        npn=npn,
        agency_code=agency_code,
        month=month,
        version=version,
    )
    context = wb_statement.StatementContext(
        title=title, month_label=month_label(month), identity=identity
    )
    return _stored(
        path,
        kind,
        version,
        document_id,
        lambda temp: wb_statement.statement_write(
            temp, context=context, summary=summary, detail=detail, key=_key(), in_memory=in_memory
        ),
    )


def _summary_lines(counts: list[dict[str, Any]], session: BuildSession) -> list[Any]:
    lines = [
        wb_statement.SummaryLine(
            npn=entry["association__broker__npn"],
            broker_name=(
                f"{entry['association__broker__first_name']} "
                f"{entry['association__broker__last_name']}"
            ),
            program=PROGRAM_LABELS[entry["enrollment__program"]],
            carrier_name=session.carrier_name(entry["transmission__carrier_id"]),
            sent_in_month=entry["sent_in_month"],
            year_to_date=entry["year_to_date"],
        )
        for entry in counts
    ]
    return sorted(lines, key=lambda line: (line.npn, line.program, line.carrier_name))


def _agency_detail_rows(raw: Iterable[tuple[Any, ...]], session: BuildSession) -> Iterator[Any]:
    # One row per broker and enrollment (STATEMENT_FIELDS: NPN at 8, enrollment at 7).
    for row in rules.first_per_key(raw, key=itemgetter(ENROLLMENT_AT + 1, ENROLLMENT_AT)):
        sent_on, last, first, dob, carrier_id, plan_on, aor_on, _, npn, bfirst, blast, prog = row
        yield wb_statement.StatementDetailRow(
            date_sent=sent_on,
            last_name=last,
            first_name=first,
            dob=dob,
            carrier_name=session.carrier_name(carrier_id),
            plan_effective_on=plan_on,
            broker_name=f"{bfirst} {blast}",
            npn=npn,
            aor_effective_on=aor_on,
            program=PROGRAM_LABELS[prog],
        )
