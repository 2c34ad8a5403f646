"""The 834 writer against golden files, each of which pyx12 must accept."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aordesk.x12.edi834 import Envelope, Line834, Parties, X12ValueError, build_834, clean
from aordesk.x12.validation import validate_834

GOLDEN = Path(__file__).parent / "golden"
CREATED = dt.datetime(2026, 10, 15, 18, 30)
ENVELOPE = Envelope("ZZ", "MNSURE", "ZZ", "UCAREMN", "MNSURE", "UCAREMN", 42, 17, CREATED)
PARTIES = Parties("MNsure", "271234567", "UCare Minnesota", "416000001")


def line(npn, case, **overrides):
    base = dict(
        npn=npn,
        broker_name=f"Broker {npn}",
        case_number=case,
        enrollment_id=f"2026M{case}",
        first_name="Ana",
        last_name="Lindqvist",
        date_of_birth=dt.date(1984, 3, 9),
        coverage_kind="medical",
        plan_effective_on=dt.date(2026, 1, 1),
        aor_effective_on=dt.date(2026, 11, 1),
    )
    return Line834(**{**base, **overrides})


LINES = [
    line("1000001", "10000001"),
    line("1000001", "10000002", coverage_kind="dental", first_name="Bo", last_name="Nguyen"),
    line("2000002", "10000003", first_name="Chidi", last_name="Okafor"),
]


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.x12")))
def test_every_golden_834_passes_pyx12(name):
    verdict = validate_834((GOLDEN / name).read_text(encoding="ascii"))
    assert verdict.accepted, verdict.ack_999


def test_the_writer_reproduces_the_golden_two_broker_file():
    built = build_834(
        envelope=ENVELOPE, parties=PARTIES, reference="AOR-UCARE-20261015-1", lines=LINES
    )
    assert built.text == (GOLDEN / "aor-834-two-brokers.x12").read_text(encoding="ascii")
    assert [(s.control_number, s.npn, s.lines) for s in built.sets] == [
        ("0001", "1000001", 2),
        ("0002", "2000002", 1),
    ]


def test_no_lines_write_nothing():
    built = build_834(envelope=ENVELOPE, parties=PARTIES, reference="R", lines=[])
    assert (built.text, built.sets) == ("", [])


@pytest.mark.parametrize(
    "change",
    [
        {"receiver_id": "HAS SPACE*"},
        {"sender_qualifier": "Z"},
        {"interchange_control_number": 10**9},
        {"usage": "X"},
    ],
)
def test_an_envelope_that_cannot_be_written_is_refused(change):
    fields = {**ENVELOPE.__dict__, **change}
    with pytest.raises(X12ValueError):
        Envelope(**fields)


def test_a_payer_without_a_nine_digit_tax_id_is_refused():
    with pytest.raises(X12ValueError, match="payer_tax_id"):
        build_834(
            envelope=ENVELOPE,
            parties=Parties("MNsure", "271234567", "UCare", "41-600"),
            reference="R",
            lines=LINES,
        )


def test_clean_drops_delimiters_and_folds_accents():
    assert clean("Zoë O'Brien~*:^", max_length=60) == "Zoe O'Brien"
    assert clean("  many   spaces  ", max_length=60) == "many spaces"
    assert clean("x" * 80, max_length=60) == "x" * 60


@settings(max_examples=25, deadline=None)
@given(
    first=st.text(max_size=40),
    last=st.text(max_size=40),
    broker=st.text(max_size=40),
)
def test_any_names_at_all_give_an_834_pyx12_accepts(first, last, broker):
    lines = [line("1000001", "10000001", first_name=first, last_name=last, broker_name=broker)]
    built = build_834(envelope=ENVELOPE, parties=PARTIES, reference="AOR-X-1", lines=lines)
    assert validate_834(built.text).accepted
