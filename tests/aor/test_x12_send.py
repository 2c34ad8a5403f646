import datetime as dt

import pytest

from aordesk.aor.models import AorTransmission, AorTransmissionLine
from aordesk.aor.services import aor_send
from aordesk.artifacts.storage import read_plaintext
from aordesk.core.audit import Actor
from aordesk.x12.validation import validate_834
from tests.aor.factories import pending_line
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory

D = dt.date
ACTOR = Actor.system("test")
pytestmark = pytest.mark.django_db


def send(day, **kwargs):
    return aor_send(send_date=day, actor=ACTOR, **kwargs)


def text_of(transmission):
    return read_plaintext(transmission.artifact.relative_path).decode("ascii")


def segments(transmission):
    return [s.rstrip("~") for s in text_of(transmission).split("\n") if s]


def test_an_x12_carrier_gets_one_834_interchange_named_x12_that_pyx12_accepts():
    carrier = CarrierFactory(code="UCARE", x12=True)
    pending_line(carrier=carrier)
    result = send(D(2026, 10, 15))
    transmission = AorTransmission.objects.get()
    assert result.transmissions == ["AOR-UCARE-20261015-1"]
    assert transmission.artifact.relative_path.endswith("AOR-UCARE-20261015-1.x12")
    assert transmission.artifact.content_type == "application/edi-x12"
    assert transmission.file_format == "x12-834"
    assert transmission.ack_status == AorTransmission.AckStatus.AWAITING
    assert (transmission.interchange_control_number, transmission.group_control_number) == (1, 1)
    assert validate_834(text_of(transmission)).accepted


def test_the_834_names_the_broker_in_loop_1000c_and_each_line_in_an_ins_loop():
    carrier = CarrierFactory(code="UCARE", x12=True)
    association, enrollment = pending_line(carrier=carrier, effective_on=D(2026, 1, 1))
    broker = association.broker
    send(D(2026, 10, 15))
    segs = segments(AorTransmission.objects.get())
    assert segs[0].startswith("ISA*00*")
    assert (
        segs[1] == "GS*BE*MNSURE*UCAREEDI*20261015*" + segs[1].split("*")[5] + "*1*X*005010X220A1"
    )
    assert segs[2] == "ST*834*0001*005010X220A1"
    assert segs[3].startswith("BGN*00*AOR-UCARE-20261015-1*20261015*")
    assert segs[4] == "N1*P5*MNsure*FI*271234567"
    assert segs[5] == "N1*IN*UCARE Health Plan, Inc.*FI*410000001"
    assert segs[6] == f"N1*BO*{broker.first_name} {broker.last_name}*94*{broker.npn}"
    assert segs[7] == f"ACT*{broker.npn}"
    household = association.household
    assert segs[8:22] == [
        "INS*Y*18*001*AI*A",
        f"REF*0F*{enrollment.enrollment_id}",
        f"REF*3H*{household.case_number}",
        "DTP*303*D8*20261101",
        f"NM1*IL*1*{household.last_name}*{household.first_name}",
        f"DMG*D8*{household.date_of_birth:%Y%m%d}*U",
        "HD*001**HLT",
        "DTP*348*D8*20260101",
        "LS*2700",
        "LX*1",
        "N1*75*ADDL MAINT REASON",
        "REF*17*AGENT BROKER INFO",
        "DTP*007*D8*20261101",
        "LE*2700",
    ]
    assert segs[22] == "SE*21*0001"
    assert segs[-2:] == ["GE*1*1", "IEA*1*000000001"]


def test_each_broker_gets_their_own_transaction_set_and_lines_record_it():
    carrier = CarrierFactory(code="UCARE", x12=True)
    first, second = BrokerFactory(npn="1000001"), BrokerFactory(npn="2000002")
    for broker in (second, first, second):
        pending_line(carrier=carrier, broker=broker)
    send(D(2026, 10, 15))
    segs = segments(AorTransmission.objects.get())
    assert [s for s in segs if s.startswith("ST*")] == [
        "ST*834*0001*005010X220A1",
        "ST*834*0002*005010X220A1",
    ]
    assert [s for s in segs if s.startswith("ACT*")] == ["ACT*1000001", "ACT*2000002"]
    sets = AorTransmissionLine.objects.values_list(
        "association__broker__npn", "transaction_set_control_number"
    )
    assert sorted(sets) == [("1000001", "0001"), ("2000002", "0002"), ("2000002", "0002")]


def test_control_numbers_grow_per_carrier_and_a_crashed_send_reuses_them(monkeypatch):
    ucare, delta = CarrierFactory(code="UCARE", x12=True), CarrierFactory(code="DELTA", x12=True)
    pending_line(carrier=ucare)
    pending_line(carrier=delta)
    send(D(2026, 10, 15))
    pending_line(carrier=ucare)
    monkeypatch.setattr("aordesk.aor.services.audit_record", lambda **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        send(D(2026, 10, 16), carrier_code="UCARE")
    monkeypatch.undo()
    send(D(2026, 10, 16), carrier_code="UCARE")
    numbers = AorTransmission.objects.order_by("carrier__code", "sent_on").values_list(
        "carrier__code", "interchange_control_number", "group_control_number"
    )
    assert list(numbers) == [("DELTA", 1, 1), ("UCARE", 1, 1), ("UCARE", 2, 2)]
    assert (
        "*000000002*1*P*:" in segments(AorTransmission.objects.get(interchange_control_number=2))[0]
    )


def test_hostile_names_lose_the_delimiters_and_the_file_stays_valid():
    carrier = CarrierFactory(code="UCARE", x12=True)
    association, _ = pending_line(carrier=carrier)
    household = association.household
    household.last_name, household.first_name = "O'Brien~*ISA", "Zoë:^"
    household.save()
    send(D(2026, 10, 15))
    segs = segments(AorTransmission.objects.get())
    assert "NM1*IL*1*O'BrienISA*Zoe" in segs


def test_an_empty_closing_file_of_an_x12_carrier_is_recorded_without_an_interchange():
    CarrierFactory(code="UCARE", x12=True)
    result = send(D(2026, 10, 30), final_for_month=True)
    transmission = AorTransmission.objects.get()
    assert result.transmissions == ["AOR-UCARE-20261030-1"]
    assert transmission.artifact is None
    assert transmission.interchange_control_number is None
    assert transmission.ack_status == AorTransmission.AckStatus.NOT_EXPECTED


def test_a_csv_carrier_is_unchanged_and_expects_no_acknowledgement():
    pending_line(carrier=CarrierFactory(code="BCBS"))
    send(D(2026, 10, 15))
    transmission = AorTransmission.objects.get()
    assert transmission.artifact.relative_path.endswith(".csv")
    assert transmission.ack_status == AorTransmission.AckStatus.NOT_EXPECTED
    assert transmission.interchange_control_number is None
