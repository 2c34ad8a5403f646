import csv
import datetime as dt

import pytest

from aordesk.aor import selectors
from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine
from aordesk.aor.records import CarrierOutcome
from aordesk.aor.services import aor_send
from aordesk.artifacts.storage import absolute
from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.core.models import AuditEvent
from aordesk.households.models import Enrollment
from tests.aor.factories import AorAssociationFactory, pending_line
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.households.factories import EnrollmentFactory, EnrollmentTransmissionFactory

D = dt.date
ACTOR = Actor.system("test")
pytestmark = pytest.mark.django_db


def crash(**kwargs):
    raise RuntimeError("power cut")


def send(day, **kwargs):
    return aor_send(send_date=day, actor=ACTOR, **kwargs)


def sent_enrollment_ids(transmission):
    return set(transmission.lines.values_list("enrollment__enrollment_id", flat=True))


def file_rows(transmission):
    with absolute(transmission.artifact.relative_path).open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_a_ready_line_goes_in_the_carrier_file_with_the_date_sent():
    carrier = CarrierFactory(code="BCBS")
    association, enrollment = pending_line(carrier=carrier)
    result = send(D(2026, 10, 15))
    transmission = AorTransmission.objects.get()
    assert result.transmissions == ["AOR-BCBS-20261015-1"]
    assert transmission.sent_on == D(2026, 10, 15)
    assert transmission.artifact.relative_path == (
        "carrier-files/BCBS/2026-10/AOR-BCBS-20261015-1.csv"
    )
    assert sent_enrollment_ids(transmission) == {enrollment.enrollment_id}
    _header, line = file_rows(transmission)
    assert line[0] == association.broker.npn
    assert line[2] == association.household.case_number
    assert line[7] == enrollment.enrollment_id


def test_a_line_received_before_its_enrollment_went_is_held_then_released_after_it():
    carrier = CarrierFactory()
    _, enrollment = pending_line(carrier=carrier, enrollment_sent_on=None)
    held = send(D(2026, 10, 10))
    assert held.transmissions == [] and held.held == 1
    EnrollmentTransmissionFactory(enrollment=enrollment, sent_on=D(2026, 10, 12))
    released = send(D(2026, 10, 13))
    assert released.lines == 1 and released.held == 0


def test_an_enrollment_sent_on_the_send_date_holds_the_line_until_the_next_day():
    carrier = CarrierFactory()
    pending_line(carrier=carrier, enrollment_sent_on=D(2026, 10, 15))
    assert send(D(2026, 10, 15)).lines == 0
    assert send(D(2026, 10, 16)).lines == 1


@pytest.mark.parametrize("status", [Broker.Certification.DECERTIFIED, "suspended"])
def test_a_line_of_a_broker_not_certified_is_not_sent_and_is_listed_with_the_reason(status):
    broker = BrokerFactory(certification_status=status, status_changed_on=D(2026, 9, 1))
    association, _ = pending_line(broker=broker)
    result = send(D(2026, 10, 15))
    assert result.lines == 0
    [skipped] = result.skipped
    assert skipped.reason == "broker_not_certified"
    assert skipped.association_reference == association.reference
    assert not AorTransmissionLine.objects.exists()


def test_a_line_held_for_certification_goes_once_the_broker_is_certified_again():
    broker = BrokerFactory(certification_status="suspended", status_changed_on=D(2026, 9, 1))
    pending_line(broker=broker)
    assert send(D(2026, 10, 15)).lines == 0
    Broker.objects.filter(pk=broker.pk).update(
        certification_status="certified",
        certified_on=D(2026, 10, 20),
        status_changed_on=D(2026, 10, 20),
    )
    assert send(D(2026, 10, 19)).lines == 0
    assert send(D(2026, 10, 20)).lines == 1


def test_an_ended_association_is_not_sent():
    association, _ = pending_line()
    AorAssociation.objects.filter(pk=association.pk).update(
        status=AorAssociation.Status.ENDED, ended_on=D(2026, 10, 8)
    )
    assert send(D(2026, 10, 15)).lines == 0


def test_a_cancelled_enrollment_is_not_sent():
    pending_line(status=Enrollment.Status.CANCELLED)
    assert send(D(2026, 10, 15)).lines == 0


def test_coverage_ended_before_the_aor_took_effect_is_not_sent_but_a_later_end_is():
    pending_line(status=Enrollment.Status.TERMINATED, end_on=D(2026, 10, 31))
    pending_line(status=Enrollment.Status.TERMINATED, end_on=D(2026, 11, 30))
    assert send(D(2026, 10, 15)).lines == 1


def test_medical_and_dental_lines_go_to_their_own_carriers():
    medical, dental = CarrierFactory(code="MED"), CarrierFactory(code="DEN", kind="dental")
    association, med_enrollment = pending_line(carrier=medical)
    den_enrollment = EnrollmentFactory(
        household=association.household, carrier=dental, coverage_kind="dental", program="dental"
    )
    EnrollmentTransmissionFactory(enrollment=den_enrollment, sent_on=D(2026, 10, 1))
    send(D(2026, 10, 15))
    by_carrier = {t.carrier.code: sent_enrollment_ids(t) for t in AorTransmission.objects.all()}
    assert by_carrier == {
        "MED": {med_enrollment.enrollment_id},
        "DEN": {den_enrollment.enrollment_id},
    }


def test_sending_the_same_date_twice_sends_nothing_twice():
    pending_line(carrier=CarrierFactory(code="BCBS"))
    first, second = send(D(2026, 10, 15)), send(D(2026, 10, 15))
    assert (first.lines, second.lines) == (1, 0)
    assert second.carriers[0].outcome == CarrierOutcome.NOTHING_READY
    assert AorTransmission.objects.count() == 1


def test_a_second_file_the_same_day_takes_the_next_sequence():
    carrier = CarrierFactory(code="BCBS")
    pending_line(carrier=carrier)
    send(D(2026, 10, 15))
    pending_line(carrier=carrier, received_on=D(2026, 10, 15))
    assert send(D(2026, 10, 15)).transmissions == ["AOR-BCBS-20261015-2"]


def test_an_empty_final_file_is_recorded_and_closes_the_carriers_month():
    CarrierFactory(code="BCBS")
    result = send(D(2026, 10, 30), final_for_month=True)
    transmission = AorTransmission.objects.get()
    assert result.transmissions == ["AOR-BCBS-20261030-1"] and transmission.final_for_month
    assert len(file_rows(transmission)) == 1
    again = send(D(2026, 10, 31), final_for_month=True)
    assert again.carriers[0].outcome == CarrierOutcome.MONTH_CLOSED
    assert AorTransmission.objects.count() == 1


def test_lines_ready_after_the_final_file_wait_for_the_next_month():
    carrier = CarrierFactory()
    send(D(2026, 10, 30), final_for_month=True)
    pending_line(carrier=carrier, received_on=D(2026, 10, 30))
    assert send(D(2026, 10, 31)).lines == 0
    assert send(D(2026, 11, 2)).lines == 1


def test_a_send_date_before_the_carriers_last_file_is_refused():
    carrier = CarrierFactory()
    pending_line(carrier=carrier)
    send(D(2026, 10, 15))
    pending_line(carrier=carrier)
    result = send(D(2026, 10, 14))
    assert result.carriers[0].outcome == CarrierOutcome.DATE_BEFORE_LAST_FILE
    assert result.lines == 0


def test_only_the_named_carrier_is_sent_and_an_unknown_code_is_an_error():
    pending_line(carrier=CarrierFactory(code="ONE"))
    pending_line(carrier=CarrierFactory(code="TWO"))
    assert send(D(2026, 10, 15), carrier_code="TWO").transmissions == ["AOR-TWO-20261015-1"]
    with pytest.raises(ApplicationError):
        send(D(2026, 10, 15), carrier_code="NOPE")


def test_an_inactive_carrier_gets_no_file():
    pending_line(carrier=CarrierFactory(active=False))
    assert send(D(2026, 10, 15), final_for_month=True).transmissions == []


def test_a_sent_line_keeps_its_date_sent_when_another_broker_takes_over():
    association, enrollment = pending_line()
    send(D(2026, 10, 15))
    AorAssociation.objects.filter(pk=association.pk).update(
        status=AorAssociation.Status.ENDED, ended_on=D(2026, 10, 20)
    )
    AorAssociationFactory(household=association.household, received_on=D(2026, 10, 20))
    send(D(2026, 10, 21))
    dates = AorTransmissionLine.objects.filter(enrollment=enrollment).order_by(
        "transmission__sent_on"
    )
    assert [line.transmission.sent_on for line in dates] == [D(2026, 10, 15), D(2026, 10, 21)]


def test_a_crash_after_the_file_is_written_leaves_no_record_and_the_rerun_succeeds(monkeypatch):
    pending_line(carrier=CarrierFactory(code="BCBS"))
    monkeypatch.setattr("aordesk.aor.services.audit_record", crash)
    with pytest.raises(RuntimeError):
        send(D(2026, 10, 15))
    stray = absolute("carrier-files/BCBS/2026-10/AOR-BCBS-20261015-1.csv")
    assert stray.exists()
    assert not AorTransmission.objects.exists() and not AorTransmissionLine.objects.exists()
    monkeypatch.undo()
    result = send(D(2026, 10, 15))
    assert result.transmissions == ["AOR-BCBS-20261015-1"] and result.lines == 1
    assert len(file_rows(AorTransmission.objects.get())) == 2


def test_a_stray_file_is_removed_when_the_rerun_finds_nothing_to_send(monkeypatch):
    association, _ = pending_line(carrier=CarrierFactory(code="BCBS"))
    monkeypatch.setattr("aordesk.aor.services.audit_record", crash)
    with pytest.raises(RuntimeError):
        send(D(2026, 10, 15))
    monkeypatch.undo()
    AorAssociation.objects.filter(pk=association.pk).update(
        status=AorAssociation.Status.VOIDED, ended_on=D(2026, 10, 15)
    )
    assert send(D(2026, 10, 15)).transmissions == []
    assert not absolute("carrier-files/BCBS/2026-10/AOR-BCBS-20261015-1.csv").exists()


def test_each_file_leaves_an_audit_event_with_counts_and_no_names():
    pending_line(carrier=CarrierFactory(code="BCBS"))
    send(D(2026, 10, 15))
    event = AuditEvent.objects.get(action="aor.transmission.send")
    assert event.detail == {
        "carrier_code": "BCBS",
        "batch_id": "AOR-BCBS-20261015-1",
        "lines": 1,
        "held": 0,
        "skipped_not_certified": 0,
        "final_for_month": False,
        "file_format": "csv",
        "interchange_control_number": None,
        "resent": 0,
        "not_appointed": 0,
    }


def test_the_ready_lines_are_read_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    carrier = CarrierFactory()
    for _ in range(30):
        pending_line(carrier=carrier)
    with django_assert_max_num_queries(20):
        assert send(D(2026, 10, 15)).lines == 30


def test_lines_are_streamed_and_recorded_in_chunks(monkeypatch):
    carrier = CarrierFactory()
    for _ in range(5):
        pending_line(carrier=carrier)
    monkeypatch.setattr("aordesk.aor.services.LINE_INSERT_BATCH", 2)
    monkeypatch.setattr(
        "aordesk.aor.send_batch.aor_pending_lines",
        lambda **kw: selectors.aor_pending_lines(chunk_size=2, **kw),
    )
    assert send(D(2026, 10, 15)).lines == 5
    assert AorTransmissionLine.objects.count() == 5
    assert len(file_rows(AorTransmission.objects.get())) == 6
