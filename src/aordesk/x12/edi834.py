"""The carrier AOR file as an X12 834 (005010X220A1) interchange. Pure: no Django.

Profile: docs/formats/carrier-aor-834.md. One interchange per send (ISA/IEA), one functional
group (GS/GE), one transaction set (ST/SE) per broker, because the broker's loop 1000C belongs
to the transaction set's header; one INS loop per line.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import TextIO

SEGMENT = "~"
ELEMENT = "*"
COMPONENT = ":"
REPETITION = "^"
VERSION = "005010X220A1"
# Carriers print them in their own files; anything else (and every delimiter) is dropped.
_OUTSIDE_CHARSET = re.compile(r"[^A-Za-z0-9 !&'()+,\-./;?=%@\[\]_{}\\|<>#$\"]")
_SPACES = re.compile(r" {2,}")
COVERAGE_CODES = {"medical": "HLT", "dental": "DEN"}


class X12ValueError(ValueError):
    """A value the 834 cannot carry (the message names the element)."""


def clean(value: str, *, max_length: int) -> str:
    """A text element: folded to ASCII, delimiters and control characters removed, trimmed
    to the element's length. A name is hostile input: `~` in it would end the segment."""
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    text = _SPACES.sub(" ", _OUTSIDE_CHARSET.sub("", folded)).strip()
    return text[:max_length].rstrip()


@dataclass(frozen=True)
class Envelope:
    """Both ends of the interchange and its control numbers (ISA13 and GS06, each unique
    per carrier)."""

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    gs_sender: str
    gs_receiver: str
    interchange_control_number: int
    group_control_number: int
    created: dt.datetime
    usage: str = "P"  # P production, T test (ISA15)

    def __post_init__(self) -> None:
        for name in ("sender_id", "receiver_id", "gs_sender", "gs_receiver"):
            value = getattr(self, name)
            if not value or clean(value, max_length=15) != value:
                raise X12ValueError(f"{name} {value!r} must be 1-15 plain characters")
        for name in ("sender_qualifier", "receiver_qualifier"):
            if len(getattr(self, name)) != 2:
                raise X12ValueError(f"{name} must be two characters, e.g. ZZ")
        if not 0 < self.interchange_control_number < 10**9:
            raise X12ValueError("the interchange control number must have 1-9 digits")
        if not 0 < self.group_control_number < 10**9:
            raise X12ValueError("the group control number must have 1-9 digits")
        if self.usage not in ("P", "T"):
            raise X12ValueError("usage must be P (production) or T (test)")


@dataclass(frozen=True)
class Parties:
    """The sponsor (the exchange, N1*P5) and the payer (the carrier, N1*IN), by tax id."""

    sponsor_name: str
    sponsor_tax_id: str
    payer_name: str
    payer_tax_id: str


@dataclass(frozen=True)
class Line834:
    """One line: the primary enrollee of one enrollment, under one broker."""

    npn: str
    broker_name: str
    case_number: str
    enrollment_id: str
    first_name: str = field(repr=False)
    last_name: str = field(repr=False)
    date_of_birth: dt.date = field(repr=False)
    coverage_kind: str
    plan_effective_on: dt.date
    aor_effective_on: dt.date


@dataclass(frozen=True)
class TransactionSet:
    """Where the lines of one broker went: ST02 and how many lines."""

    control_number: str
    npn: str
    lines: int


@dataclass
class Built:
    text: str
    sets: list[TransactionSet]


def _segment(*elements: str) -> str:
    # Trailing empty elements are not written (X12 forbids trailing delimiters).
    values = list(elements)
    while values and values[-1] == "":
        values.pop()
    return ELEMENT.join(values) + SEGMENT


def _d8(day: dt.date) -> str:
    return f"{day:%Y%m%d}"


def isa(envelope: Envelope) -> str:
    return _segment(
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        envelope.sender_qualifier,
        envelope.sender_id.ljust(15),
        envelope.receiver_qualifier,
        envelope.receiver_id.ljust(15),
        f"{envelope.created:%y%m%d}",
        f"{envelope.created:%H%M}",
        REPETITION,
        "00501",
        f"{envelope.interchange_control_number:09d}",
        "1",  # a TA1 is asked for: the carrier's word that the interchange arrived
        envelope.usage,
        COMPONENT,
    )


def _member(line: Line834) -> Iterator[str]:
    """Loop 2000 (INS), 2100A (NM1*IL, DMG), 2300 (HD, DTP*348) and 2700/2750."""
    coverage = COVERAGE_CODES.get(line.coverage_kind)
    if coverage is None:
        raise X12ValueError(f"coverage kind {line.coverage_kind!r} has no HD03 code")
    yield _segment("INS", "Y", "18", "001", "AI", "A", "", "", "", "", "", "", "", "", "")
    yield _segment("REF", "0F", clean(line.enrollment_id, max_length=50))
    yield _segment("REF", "3H", clean(line.case_number, max_length=50))
    yield _segment("DTP", "303", "D8", _d8(line.aor_effective_on))
    last = clean(line.last_name, max_length=60) or "UNKNOWN"
    yield _segment("NM1", "IL", "1", last, clean(line.first_name, max_length=35))
    yield _segment("DMG", "D8", _d8(line.date_of_birth), "U")
    yield _segment("HD", "001", "", coverage)
    yield _segment("DTP", "348", "D8", _d8(line.plan_effective_on))
    yield _segment("LS", "2700")
    yield _segment("LX", "1")
    yield _segment("N1", "75", "ADDL MAINT REASON")
    yield _segment("REF", "17", "AGENT BROKER INFO")
    yield _segment("DTP", "007", "D8", _d8(line.aor_effective_on))
    yield _segment("LE", "2700")


def _header(
    *, control: str, reference: str, envelope: Envelope, parties: Parties, broker: Line834
) -> list[str]:
    npn = clean(broker.npn, max_length=80)
    return [
        _segment("ST", "834", control, VERSION),
        _segment(
            "BGN",
            "00",
            clean(reference, max_length=50),
            _d8(envelope.created.date()),
            f"{envelope.created:%H%M}",
            "CT",
            "",
            "",
            "2",  # change (update): the carrier already holds the enrollment
        ),
        _segment(
            "N1", "P5", clean(parties.sponsor_name, max_length=60), "FI", parties.sponsor_tax_id
        ),
        _segment("N1", "IN", clean(parties.payer_name, max_length=60), "FI", parties.payer_tax_id),
        _segment("N1", "BO", clean(broker.broker_name, max_length=60) or npn, "94", npn),
        _segment("ACT", npn),
    ]


def _check_parties(parties: Parties) -> None:
    for name in ("sponsor_tax_id", "payer_tax_id"):
        if not re.fullmatch(r"[0-9]{9}", getattr(parties, name)):
            raise X12ValueError(f"{name} must be the nine digits of a federal tax id")


def write_834(
    handle: TextIO,
    *,
    envelope: Envelope,
    parties: Parties,
    reference: str,
    lines: Iterable[Line834],
    on_line: Callable[[Line834, str], None] | None = None,
) -> list[TransactionSet]:
    """Stream the interchange to `handle`, one segment at a time, and return its sets.
    `lines` must come grouped by NPN: each group becomes one ST..SE. `on_line` hears the
    ST02 of each line as it is written. No lines: nothing is written and [] returned."""
    _check_parties(parties)
    stream = iter(lines)
    first = next(stream, None)
    if first is None:
        return []  # nothing written: an 834 without members is not a file to send
    group = f"{envelope.group_control_number}"
    handle.write(isa(envelope) + "\n")
    handle.write(
        _segment(
            "GS",
            "BE",
            envelope.gs_sender,
            envelope.gs_receiver,
            _d8(envelope.created.date()),
            f"{envelope.created:%H%M}",
            group,
            "X",
            VERSION,
        )
        + "\n"
    )
    sets: list[TransactionSet] = []
    by_broker = groupby(itertools.chain([first], stream), key=lambda line: line.npn)
    for number, (npn, broker_lines) in enumerate(by_broker, start=1):
        control = f"{number:04d}"
        count = 0
        written = 0
        for line in broker_lines:
            segments = (
                []
                if count
                else _header(
                    control=control,
                    reference=reference,
                    envelope=envelope,
                    parties=parties,
                    broker=line,
                )
            )
            segments.extend(_member(line))
            handle.write("\n".join(segments) + "\n")
            written += len(segments)
            count += 1
            if on_line is not None:
                on_line(line, control)
        handle.write(_segment("SE", str(written + 1), control) + "\n")
        sets.append(TransactionSet(control_number=control, npn=npn, lines=count))
    handle.write(_segment("GE", str(len(sets)), group) + "\n")
    handle.write(_segment("IEA", "1", f"{envelope.interchange_control_number:09d}") + "\n")
    return sets


def build_834(
    *, envelope: Envelope, parties: Parties, reference: str, lines: Iterable[Line834]
) -> Built:
    """The whole interchange as text (tests and small files)."""
    buffer = io.StringIO()
    sets = write_834(buffer, envelope=envelope, parties=parties, reference=reference, lines=lines)
    return Built(text=buffer.getvalue(), sets=sets)
