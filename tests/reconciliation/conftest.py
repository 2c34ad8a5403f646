import datetime as dt

import pytest

from tests.aor.factories import AorTransmissionFactory, AorTransmissionLineFactory
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.households.factories import EnrollmentFactory


def sent_line(carrier, broker, *, enrollment_id, sent_on=dt.date(2026, 10, 15), **enrollment):
    line = AorTransmissionLineFactory(
        transmission=AorTransmissionFactory(carrier=carrier, sent_on=sent_on),
        association__broker=broker,
        enrollment__carrier=carrier,
        enrollment__enrollment_id=enrollment_id,
        **{f"enrollment__{k}": v for k, v in enrollment.items()},
    )
    return line


@pytest.fixture
def world():
    carrier = CarrierFactory(code="BLUE")
    ours, other = BrokerFactory(npn="1111"), BrokerFactory(npn="2222")
    lines = {
        "E-MATCH": sent_line(carrier, ours, enrollment_id="E-MATCH"),
        "E-OTHER": sent_line(carrier, ours, enrollment_id="E-OTHER"),
        "E-LACKS": sent_line(carrier, ours, enrollment_id="E-LACKS"),
        "E-ENDED": sent_line(
            carrier, ours, enrollment_id="E-ENDED", status="terminated", end_on=dt.date(2026, 6, 30)
        ),
    }
    never_sent = EnrollmentFactory(carrier=carrier, enrollment_id="E-NEVER")
    return {
        "carrier": carrier,
        "ours": ours,
        "other": other,
        "lines": lines,
        "never_sent": never_sent,
    }
