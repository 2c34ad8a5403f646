"""Reading TA1 and 999 acknowledgements with pyx12, from golden files pyx12 wrote."""

from pathlib import Path

import pytest

from aordesk.x12.acks import ACCEPTED, ACCEPTED_WITH_ERRORS, REJECTED, AckFormatError, parse_ack

GOLDEN = Path(__file__).parent / "golden"


def read(name):
    return (GOLDEN / name).read_text(encoding="ascii")


def test_an_accepting_999_answers_the_group_and_each_set():
    ack = parse_ack(read("accepted.999"))
    assert (ack.sender_qualifier, ack.sender_id) == ("ZZ", "UCAREMN")
    [group] = ack.groups
    assert (group.group_control_number, group.code, group.status) == (17, "A", ACCEPTED)
    assert [(s.control_number, s.code) for s in group.sets] == [("0001", "A"), ("0002", "A")]
    assert group.rejected_sets == [] and group.all_errors == []
    [ta1] = ack.interchanges
    assert (ta1.interchange_control_number, ta1.status, ta1.errors) == (42, ACCEPTED, [])


def test_a_rejecting_999_names_the_set_the_segment_and_the_code_but_not_the_value():
    ack = parse_ack(read("second-set-rejected.999"))
    [group] = ack.groups
    assert group.status == REJECTED
    # AK9*R rejects the whole group, whatever each set's IK5 said.
    assert group.rejected_sets == ["0001", "0002"]
    texts = [(e.segment, e.code, e.text) for e in group.all_errors]
    assert ("DMG02", "8", "Invalid date") in texts
    assert ("IK5", "5", "One or more segments in error") in texts
    assert all("1984" not in e.segment + e.text for e in group.all_errors)


def test_a_partly_accepted_999_keeps_the_accepted_sets():
    ack = parse_ack(read("second-set-rejected.999").replace("AK9*R*", "AK9*P*"))
    [group] = ack.groups
    assert (group.status, group.rejected_sets) == (ACCEPTED_WITH_ERRORS, ["0002"])


def test_a_ta1_with_errors_is_accepted_with_errors_and_says_why():
    isa = read("accepted.999").split("\n")[0]
    control = isa.split("*")[13]
    ack = parse_ack(f"{isa}\nTA1*000000042*261015*1830*E*014~\nIEA*0*{control}~\n")
    [ta1] = ack.interchanges
    assert ta1.status == ACCEPTED_WITH_ERRORS
    assert [e.text for e in ta1.errors] == ["Invalid interchange date value"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", "not X12"),
        ("", "not X12"),
        (read("accepted.999").replace("ST*999*", "ST*834*"), "not an acknowledgement"),
        (read("accepted.999").replace("AK9*A*2*2*2~\n", ""), "envelope is broken"),
    ],
)
def test_anything_else_is_refused_clearly(text, message):
    with pytest.raises(AckFormatError, match=message):
        parse_ack(text)
