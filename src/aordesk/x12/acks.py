"""Reading a carrier's TA1 and 999 acknowledgements. Pure: no Django; parsing is pyx12's
(X12Reader), never our own split on delimiters.

A TA1 answers an interchange (TA101 = our ISA13); a 999 answers a functional group
(AK102 = our GS06) and, in it, each transaction set (AK202 = our ST02). Both are matched to
the sender by the acknowledgement's own ISA05/ISA06 (the carrier's id). Handling:
docs/formats/carrier-aor-834.md.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pyx12.errors
import pyx12.x12file

ACCEPTED = "accepted"
ACCEPTED_WITH_ERRORS = "accepted_with_errors"
REJECTED = "rejected"

# TA104, IK501 and AK901 codes -> status. 999 "P" (partially accepted) keeps the accepted
# sets; the rejected ones are named in the result.
TA1_STATUS = {"A": ACCEPTED, "E": ACCEPTED_WITH_ERRORS, "R": REJECTED}
SET_STATUS = {"A": ACCEPTED, "E": ACCEPTED_WITH_ERRORS}
GROUP_STATUS = {"A": ACCEPTED, "E": ACCEPTED_WITH_ERRORS, "P": ACCEPTED_WITH_ERRORS}

TA105_TEXT = {
    "000": "No error",
    "001": "Interchange control numbers in the header and trailer do not match",
    "002": "This standard as noted in the control standards identifier is not supported",
    "003": "This version of the controls is not supported",
    "004": "The segment terminator is invalid",
    "005": "Invalid interchange ID qualifier for sender",
    "006": "Invalid interchange sender ID",
    "007": "Invalid interchange ID qualifier for receiver",
    "008": "Invalid interchange receiver ID",
    "009": "Unknown interchange receiver ID",
    "010": "Invalid authorization information qualifier value",
    "011": "Invalid authorization information value",
    "012": "Invalid security information qualifier value",
    "013": "Invalid security information value",
    "014": "Invalid interchange date value",
    "015": "Invalid interchange time value",
    "016": "Invalid interchange standards identifier value",
    "017": "Invalid interchange version ID value",
    "018": "Invalid interchange control number value",
    "019": "Invalid acknowledgment requested value",
    "020": "Invalid test indicator value",
    "021": "Invalid number of included groups value",
    "022": "Invalid control structure",
    "023": "Improper (premature) end-of-file (transmission)",
    "024": "Invalid interchange content (e.g. invalid GS segment)",
    "025": "Duplicate interchange control number",
    "026": "Invalid data element separator",
    "027": "Invalid component element separator",
    "028": "Invalid delivery date in deferred delivery request",
    "029": "Invalid delivery time in deferred delivery request",
    "030": "Invalid delivery time code in deferred delivery request",
    "031": "Invalid grade of service code",
}
IK304_TEXT = {
    "1": "Unrecognized segment ID",
    "2": "Unexpected segment",
    "3": "Required segment missing",
    "4": "Loop occurs over maximum times",
    "5": "Segment exceeds maximum use",
    "6": "Segment not in defined transaction set",
    "7": "Segment not in proper sequence",
    "8": "Segment has data element errors",
    "I4": "Implementation 'not used' segment present",
    "I6": "Implementation dependent segment missing",
    "I7": "Implementation loop occurs under minimum times",
    "I8": "Implementation segment below minimum use",
    "I9": "Implementation dependent 'not used' segment present",
}
IK403_TEXT = {
    "1": "Required data element missing",
    "2": "Conditional required data element missing",
    "3": "Too many data elements",
    "4": "Data element too short",
    "5": "Data element too long",
    "6": "Invalid character in data element",
    "7": "Invalid code value",
    "8": "Invalid date",
    "9": "Invalid time",
    "10": "Exclusion condition violated",
    "12": "Too many repetitions",
    "13": "Too many components",
    "I10": "Implementation 'not used' data element present",
    "I11": "Implementation too few repetitions",
    "I12": "Implementation pattern match failure",
    "I13": "Implementation dependent 'not used' data element present",
    "I6": "Code value not used in implementation",
    "I9": "Implementation dependent data element missing",
}
IK5_TEXT = {
    "1": "Transaction set not supported",
    "2": "Transaction set trailer missing",
    "3": "Transaction set control number in header and trailer do not match",
    "4": "Number of included segments does not match actual count",
    "5": "One or more segments in error",
    "6": "Missing or invalid transaction set identifier",
    "7": "Missing or invalid transaction set control number",
    "23": "Transaction set control number not unique within the functional group",
    "I5": "Implementation one or more segments in error",
    "I6": "Implementation convention not supported",
}
AK9_TEXT = {
    "1": "Functional group not supported",
    "2": "Functional group version not supported",
    "3": "Functional group trailer missing",
    "4": "Group control number in the functional group header and trailer do not agree",
    "5": "Number of included transaction sets does not match actual count",
    "6": "Group control number violates syntax",
    "19": "Functional group control number not unique within interchange",
}


class AckFormatError(ValueError):
    """The file is not a TA1 or 999 we can read (the message says what is wrong)."""


@dataclass(frozen=True)
class AckError:
    segment: str
    code: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {
            "segment": self.segment,
            "code": self.code,
            "text": self.text,
        }


@dataclass
class SetAnswer:
    """A 999's AK2..IK5: what the carrier said of one transaction set (our ST02)."""

    control_number: str
    code: str = ""
    errors: list[AckError] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return self.code not in SET_STATUS


@dataclass
class GroupAnswer:
    """A 999's AK1..AK9: one functional group (our GS06) and its sets."""

    group_control_number: int
    code: str = ""
    sets: list[SetAnswer] = field(default_factory=list)
    errors: list[AckError] = field(default_factory=list)

    @property
    def status(self) -> str:
        return GROUP_STATUS.get(self.code, REJECTED)

    @property
    def rejected_sets(self) -> list[str]:
        """ST02 of each rejected set; all when the whole group was rejected."""
        return [s.control_number for s in self.sets if self.status == REJECTED or s.rejected]

    @property
    def all_errors(self) -> list[AckError]:
        return [*self.errors, *(e for s in self.sets for e in s.errors)]


@dataclass(frozen=True)
class InterchangeAnswer:
    """A TA1: one interchange (our ISA13)."""

    interchange_control_number: int
    code: str
    note_code: str

    @property
    def status(self) -> str:
        return TA1_STATUS.get(self.code, REJECTED)

    @property
    def errors(self) -> list[AckError]:
        if self.note_code == "000":
            return []
        text = TA105_TEXT.get(self.note_code, "Unknown interchange note code")
        return [AckError(segment="TA1", code=self.note_code, text=text)]


@dataclass
class ParsedAck:
    sender_qualifier: str
    sender_id: str
    control_number: str
    interchanges: list[InterchangeAnswer] = field(default_factory=list)
    groups: list[GroupAnswer] = field(default_factory=list)


def _int(value: str | None, what: str) -> int:
    if not value or not value.strip().isdigit():
        raise AckFormatError(f"{what} {value!r} is not a control number")
    return int(value)


def _error(seg: pyx12.segment.Segment, prefix: str, table: dict[str, str], where: str) -> AckError:
    code = seg.get_value(prefix) or ""
    return AckError(segment=where, code=code, text=table.get(code, "Unknown error code"))


class _Reader:
    """Walks the segments of an acknowledgement, building ParsedAck."""

    def __init__(self) -> None:
        self.ack: ParsedAck | None = None
        self.group: GroupAnswer | None = None
        self.set: SetAnswer | None = None
        self.bad_segment = ""

    def segment(self, seg: pyx12.segment.Segment) -> None:
        sid = seg.get_seg_id()
        handler = getattr(self, f"_{sid.lower()}", None)
        if handler is not None:
            handler(seg)

    def _isa(self, seg: pyx12.segment.Segment) -> None:
        self.ack = ParsedAck(
            sender_qualifier=(seg.get_value("ISA05") or "").strip(),
            sender_id=(seg.get_value("ISA06") or "").strip(),
            control_number=(seg.get_value("ISA13") or "").strip(),
        )

    def _st(self, seg: pyx12.segment.Segment) -> None:
        if seg.get_value("ST01") != "999":
            raise AckFormatError(
                f"transaction set {seg.get_value('ST01')!r} is not an acknowledgement (999)"
            )

    def _ta1(self, seg: pyx12.segment.Segment) -> None:
        assert self.ack is not None
        self.ack.interchanges.append(
            InterchangeAnswer(
                interchange_control_number=_int(seg.get_value("TA101"), "TA101"),
                code=seg.get_value("TA104") or "",
                note_code=seg.get_value("TA105") or "",
            )
        )

    def _ak1(self, seg: pyx12.segment.Segment) -> None:
        assert self.ack is not None
        self.group = GroupAnswer(group_control_number=_int(seg.get_value("AK102"), "AK102"))
        self.ack.groups.append(self.group)

    def _ak2(self, seg: pyx12.segment.Segment) -> None:
        if self.group is None:
            raise AckFormatError("AK2 comes before any AK1")
        self.set = SetAnswer(control_number=(seg.get_value("AK202") or "").strip())
        self.group.sets.append(self.set)

    def _ik3(self, seg: pyx12.segment.Segment) -> None:
        if self.set is not None:
            self.bad_segment = seg.get_value("IK301") or ""
            where = f"{self.bad_segment} (segment {seg.get_value('IK302')})"
            self.set.errors.append(_error(seg, "IK304", IK304_TEXT, where))

    def _ik4(self, seg: pyx12.segment.Segment) -> None:
        if self.set is not None:
            position = seg.get_value("IK401") or ""
            where = f"{self.bad_segment}{position.split(':')[0].zfill(2)}"
            self.set.errors.append(_error(seg, "IK403", IK403_TEXT, where))

    def _ik5(self, seg: pyx12.segment.Segment) -> None:
        if self.set is None:
            raise AckFormatError("IK5 comes before any AK2")
        self.set.code = seg.get_value("IK501") or ""
        for n in range(2, 7):
            code = seg.get_value(f"IK50{n}")
            if code:
                text = IK5_TEXT.get(code, "Unknown error code")
                self.set.errors.append(AckError(segment="IK5", code=code, text=text))
        self.set = None

    def _ak9(self, seg: pyx12.segment.Segment) -> None:
        if self.group is None:
            raise AckFormatError("AK9 comes before any AK1")
        self.group.code = seg.get_value("AK901") or ""
        for n in range(5, 10):
            code = seg.get_value(f"AK90{n}")
            if code:
                text = AK9_TEXT.get(code, "Unknown error code")
                self.group.errors.append(AckError(segment="AK9", code=code, text=text))
        self.group = None


def parse_ack(text: str) -> ParsedAck:
    """Read a TA1 or 999 interchange. Refuses anything that is not one, clearly."""
    if not text.lstrip().startswith("ISA"):
        raise AckFormatError("the file does not start with an ISA segment: it is not X12")
    reader = _Reader()
    try:
        with pyx12.x12file.X12Reader(io.StringIO(text)) as src:
            for seg in src:
                reader.segment(seg)
            errors = src.pop_errors()
    except pyx12.errors.X12Error as error:
        raise AckFormatError(f"the file is not readable X12: {error}") from None
    ack = reader.ack
    if ack is None:
        raise AckFormatError("the file has no ISA segment")
    structural = [e for e in errors if e[0] in ("isa", "gs", "st")]
    if structural:
        raise AckFormatError(f"the acknowledgement's own envelope is broken: {structural[0][2]}")
    if not ack.interchanges and not ack.groups:
        raise AckFormatError("the file holds neither a TA1 nor a 999")
    for group in ack.groups:
        if not group.code:
            raise AckFormatError(f"the 999 for group {group.group_control_number} has no AK9")
    return ack
