import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from aordesk.aor.models import AorAcknowledgement, AorTransmission, AorTransmissionLine
from aordesk.aor.services import aor_send
from aordesk.artifacts.storage import read_plaintext
from aordesk.core.audit import Actor
from aordesk.x12.validation import pyx12_999
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


def ack_json(tmp_path, text, name="answer.999"):
    path = tmp_path / name
    path.write_text(text, encoding="ascii")
    out = _call(path, "--json")
    return json.loads(out)


def _call(path, *args):
    stdout = io.StringIO()
    call_command("carrier", "ack", str(path), *args, stdout=stdout)
    return stdout.getvalue()


def rejecting_999(transmission, *, sets=None):
    """pyx12's own 999 for a copy of the file with a bad date of birth in the given sets."""
    text = text_of(transmission)
    broken = []
    set_number = None
    for segment in text.split("\n"):
        if segment.startswith("ST*"):
            set_number = segment.split("*")[2]
        if segment.startswith("DMG*") and (sets is None or set_number in sets):
            segment = "DMG*D8*19801399*U~"
        broken.append(segment)
    return pyx12_999("\n".join(broken))


@pytest.fixture
def sent(db):
    carrier = CarrierFactory(code="UCARE", x12=True)
    lines = [pending_line(carrier=carrier) for _ in range(2)]
    send(D(2026, 10, 15))
    return AorTransmission.objects.get(), lines


def test_pyx12s_own_999_for_a_produced_file_marks_it_accepted(sent, tmp_path):
    transmission, _ = sent
    answer = pyx12_999(text_of(transmission))
    [result] = ack_json(tmp_path, answer)
    assert result == {
        "transmission": transmission.pk,
        "batch_id": "AOR-UCARE-20261015-1",
        "carrier": "UCARE",
        "status": "accepted",
        "errors": [],
        "kinds": ["ta1", "999"],
        "rejected_sets": [],
        "lines_to_resend": 0,
        "already_recorded": False,
    }
    transmission.refresh_from_db()
    assert transmission.ack_status == "accepted"
    assert transmission.acknowledged_at is not None
    ack = transmission.acknowledgements.get(kind="999")
    assert read_plaintext(ack.artifact.relative_path).decode("ascii") == answer


def test_a_rejecting_999_sends_the_lines_again_in_the_next_file_once(sent, tmp_path):
    transmission, lines = sent
    [result] = ack_json(tmp_path, rejecting_999(transmission))
    assert result["status"] == "rejected"
    assert result["lines_to_resend"] == 2
    assert {e["code"] for e in result["errors"]} >= {"8"}
    assert any(e["text"] == "Invalid date" for e in result["errors"])
    send(D(2026, 10, 16))
    second = AorTransmission.objects.get(sent_on=D(2026, 10, 16))
    resent = second.lines.all()
    assert sorted(line.enrollment_id for line in resent) == sorted(e.pk for _, e in lines)
    assert all(line.resends.transmission == transmission for line in resent)
    assert second.interchange_control_number == 2
    # Once: the third file has nothing for these lines.
    assert send(D(2026, 10, 17)).transmissions == []
    assert AorTransmissionLine.objects.count() == 4


def test_a_partly_rejected_file_sends_again_only_the_rejected_brokers_lines(tmp_path):
    carrier = CarrierFactory(code="UCARE", x12=True)
    good, bad = BrokerFactory(npn="1000001"), BrokerFactory(npn="2000002")
    pending_line(carrier=carrier, broker=good)
    _, bad_enrollment = pending_line(carrier=carrier, broker=bad)
    send(D(2026, 10, 15))
    first = AorTransmission.objects.get()
    answer = rejecting_999(first, sets={"0002"}).replace("AK9*R*", "AK9*P*")
    [result] = ack_json(tmp_path, answer)
    assert result["status"] == "accepted_with_errors"
    assert result["rejected_sets"] == ["0002"]
    send(D(2026, 10, 16))
    second = AorTransmission.objects.get(sent_on=D(2026, 10, 16))
    assert list(second.lines.values_list("enrollment_id", flat=True)) == [bad_enrollment.pk]


def test_the_same_acknowledgement_twice_changes_nothing_the_second_time(sent, tmp_path):
    transmission, _ = sent
    answer = rejecting_999(transmission)
    ack_json(tmp_path, answer)
    [again] = ack_json(tmp_path, answer, name="again.999")
    assert again["already_recorded"] is True
    assert again["status"] == "rejected"
    assert AorAcknowledgement.objects.count() == 2  # its TA1 and its 999, once
    send(D(2026, 10, 16))
    assert AorTransmissionLine.objects.filter(resends__isnull=False).count() == 2


def test_an_acknowledgement_that_matches_nothing_is_refused_and_nothing_changes(sent, tmp_path):
    transmission, _ = sent
    answer = pyx12_999(text_of(transmission)).replace("AK1*BE*1*", "AK1*BE*77*")
    path = tmp_path / "stray.999"
    path.write_text(answer, encoding="ascii")
    with pytest.raises(CommandError, match="group \\(GS06\\) control number 77"):
        _call(path)
    transmission.refresh_from_db()
    assert transmission.ack_status == "awaiting"
    assert not AorAcknowledgement.objects.exists()


def test_an_acknowledgement_from_an_unknown_sender_is_refused(sent, tmp_path):
    transmission, _ = sent
    answer = pyx12_999(text_of(transmission)).replace("UCAREEDI", "STRANGER")
    path = tmp_path / "stranger.999"
    path.write_text(answer, encoding="ascii")
    with pytest.raises(CommandError, match="ZZ:STRANGER"):
        _call(path)
    assert not AorAcknowledgement.objects.exists()


def test_a_file_that_is_not_x12_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="ascii")
    with pytest.raises(CommandError, match="not a TA1 or 999"):
        _call(path)


def test_a_rejecting_ta1_rejects_every_line_of_the_interchange(sent, tmp_path):
    transmission, _ = sent
    isa = pyx12_999(text_of(transmission)).split("\n")[0]  # the carrier's own envelope
    ta1_only = f"{isa}\nTA1*000000001*261015*1200*R*006~\nIEA*0*{isa.split('*')[13]}~\n"
    [result] = ack_json(tmp_path, ta1_only, name="answer.ta1")
    assert result["status"] == "rejected"
    assert result["errors"] == [
        {"segment": "TA1", "code": "006", "text": "Invalid interchange sender ID"}
    ]
    assert result["lines_to_resend"] == 2


def test_a_999_after_a_rejection_is_refused(sent, tmp_path):
    transmission, _ = sent
    ack_json(tmp_path, rejecting_999(transmission))
    path = tmp_path / "late.999"
    path.write_text(pyx12_999(text_of(transmission)), encoding="ascii")
    with pytest.raises(CommandError, match="already rejected"):
        _call(path)


def test_the_plain_output_says_what_happened(sent, tmp_path):
    transmission, _ = sent
    path = tmp_path / "answer.999"
    path.write_text(rejecting_999(transmission), encoding="ascii")
    out = _call(path)
    assert "AOR-UCARE-20261015-1: rejected by ta1+999" in out
    assert "2 line(s) go out again in the carrier's next file" in out


def test_a_line_sent_again_shows_once_in_the_report_on_its_first_date_sent(sent, tmp_path):
    from aordesk.cycle.rules import year_to_date_window
    from aordesk.cycle.selectors import lines_in_window

    transmission, _ = sent
    ack_json(tmp_path, rejecting_999(transmission))
    send(D(2026, 10, 16))
    lines = lines_in_window(year_to_date_window(D(2026, 10, 1)))
    assert sorted(lines.values_list("transmission__sent_on", flat=True)) == [D(2026, 10, 15)] * 2


def test_carriers_sharing_a_clearinghouse_id_are_told_apart_by_their_numbers(tmp_path):
    shared = {"isa_receiver_id": "CLEARING", "gs_receiver_code": "CLEARING"}
    ucare = CarrierFactory(code="UCARE", x12=True, **shared)
    delta = CarrierFactory(code="DELTA", x12=True, **shared)
    pending_line(carrier=ucare)
    send(D(2026, 10, 15))
    pending_line(carrier=delta)
    pending_line(carrier=ucare)
    send(D(2026, 10, 16))
    second_ucare = AorTransmission.objects.get(carrier=ucare, sent_on=D(2026, 10, 16))
    [result] = ack_json(tmp_path, pyx12_999(text_of(second_ucare)))
    assert (result["carrier"], result["status"]) == ("UCARE", "accepted")
    # Group 1 went to both carriers under the one id: only the carrier's page can tell.
    first_delta = AorTransmission.objects.get(carrier=delta)
    path = tmp_path / "ambiguous.999"
    path.write_text(pyx12_999(text_of(first_delta)), encoding="ascii")
    with pytest.raises(CommandError, match="more than one of"):
        _call(path)
    [result] = json.loads(_call(path, "--carrier", "DELTA", "--json"))
    assert result["carrier"] == "DELTA"
