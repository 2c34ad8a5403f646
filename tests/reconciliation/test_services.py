import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aordesk.aor.models import AorAssociation
from aordesk.core.models import AuditEvent
from aordesk.households.models import Enrollment
from aordesk.reconciliation.models import Mismatch, Reconciliation
from aordesk.reconciliation.services import reconciliation_receive
from tests.aor.factories import AorTransmissionFactory, AorTransmissionLineFactory
from tests.carriers.factories import CarrierFactory
from tests.reconciliation.conftest import sent_line as _sent
from tests.reconciliation.rosters import ACTOR, write_834, write_csv
from tests.reconciliation.rosters import roster_csv as _roster

pytestmark = pytest.mark.django_db


def _receive(world, path):
    return reconciliation_receive(
        carrier=world["carrier"], path=path, original_name=path.name, actor=ACTOR
    )


def test_every_mismatch_kind_is_counted_and_listed(world, tmp_path):
    result = _receive(world, _roster(tmp_path))
    recon = result.reconciliation
    assert recon.status == Reconciliation.Status.COMPLETED
    assert (
        recon.matched,
        recon.carrier_has_other_broker,
        recon.carrier_lacks_aor,
        recon.carrier_has_unsent,
    ) == (1, 1, 1, 2)
    kinds = {m.roster_enrollment_id: m.kind for m in recon.mismatches.all()}
    assert kinds == {
        "E-OTHER": Mismatch.Kind.OTHER_BROKER,
        "E-LACKS": Mismatch.Kind.LACKS_AOR,
        "E-NEVER": Mismatch.Kind.UNSENT,
        "E-UNKNOWN": Mismatch.Kind.UNSENT,
    }


def test_a_mismatch_keeps_the_roster_row_and_the_line_last_sent(world, tmp_path):
    recon = _receive(world, _roster(tmp_path)).reconciliation
    other = recon.mismatches.get(roster_enrollment_id="E-OTHER")
    assert other.line == world["lines"]["E-OTHER"]
    assert other.sent_broker == world["ours"]
    assert (other.roster_npn, other.roster_member_name, other.roster_carrier_member_id) == (
        "2222",
        "B Two",
        "C2",
    )
    assert recon.mismatches.get(roster_enrollment_id="E-NEVER").enrollment == world["never_sent"]
    assert recon.mismatches.get(roster_enrollment_id="E-UNKNOWN").enrollment is None


def test_the_most_recent_line_counts_whatever_its_association_status(world, tmp_path):
    carrier, other = world["carrier"], world["other"]
    enrollment = world["lines"]["E-OTHER"].enrollment
    AorAssociation.objects.filter(pk=world["lines"]["E-OTHER"].association_id).update(
        status=AorAssociation.Status.ENDED, ended_on=dt.date(2026, 10, 31)
    )
    # The consumer later named the broker the carrier shows, then removed them too.
    AorTransmissionLineFactory(
        transmission=AorTransmissionFactory(carrier=carrier, sent_on=dt.date(2026, 11, 2)),
        association__broker=other,
        association__household=enrollment.household,
        association__status=AorAssociation.Status.ENDED,
        association__ended_on=dt.date(2026, 11, 30),
        enrollment=enrollment,
    )
    recon = _receive(world, _roster(tmp_path)).reconciliation
    assert recon.carrier_has_other_broker == 0
    assert recon.matched == 2


def test_an_ended_enrollment_absent_from_the_roster_is_not_a_mismatch(world, tmp_path):
    recon = _receive(world, _roster(tmp_path)).reconciliation
    assert not recon.mismatches.filter(roster_enrollment_id="E-ENDED").exists()


def test_a_hostile_roster_is_refused_whole_kept_and_changes_nothing(world, tmp_path):
    first = _receive(world, _roster(tmp_path)).reconciliation
    hostile = write_csv(
        tmp_path / "bad.csv", [["E-MATCH", "1111"], ["=cmd|' /C calc'!A0", "1"], ["E-OTHER", "22x"]]
    )
    result = _receive(world, hostile)
    assert result.refused
    assert {i.code for i in result.issues} == {"ROSTER_FORMULA", "ROSTER_BAD_NPN"}
    assert result.reconciliation.artifact.size == hostile.stat().st_size
    assert not result.reconciliation.mismatches.exists()
    first.refresh_from_db()
    assert first.status == Reconciliation.Status.COMPLETED


def test_a_second_roster_supersedes_the_first_and_its_open_work(world, tmp_path):
    first = _receive(world, _roster(tmp_path)).reconciliation
    fixed = write_csv(
        tmp_path / "second.csv", [["E-MATCH", "1111"], ["E-OTHER", "1111"], ["E-LACKS", "1111"]]
    )
    second = _receive(world, fixed).reconciliation
    first.refresh_from_db()
    assert first.status == Reconciliation.Status.SUPERSEDED and first.superseded_by == second
    assert set(first.mismatches.values_list("status", flat=True)) == {Mismatch.Status.SUPERSEDED}
    assert second.matched == 3 and second.mismatches_total == 0


def test_an_834_audit_file_is_reconciled_like_a_csv(world, tmp_path):
    path = write_834(
        tmp_path / "audit.x12",
        {
            "1111": [("E-MATCH", "ONE", "A")],
            "2222": [("E-OTHER", "TWO", "B")],
        },
    )
    recon = _receive(world, path).reconciliation
    assert recon.source == Reconciliation.Source.X12
    assert (recon.matched, recon.carrier_has_other_broker, recon.carrier_lacks_aor) == (1, 1, 1)
    assert recon.mismatches.get(kind=Mismatch.Kind.OTHER_BROKER).roster_member_name == "B TWO"


def test_the_command_prints_the_counts_under_the_documented_keys(world, tmp_path, capsys):
    call_command("carrier", "reconcile", str(_roster(tmp_path)), "--carrier", "BLUE", "--json")
    out = json.loads(capsys.readouterr().out)
    assert {
        k: out[k]
        for k in ("matched", "carrier_has_other_broker", "carrier_lacks_aor", "carrier_has_unsent")
    } == {
        "matched": 1,
        "carrier_has_other_broker": 1,
        "carrier_lacks_aor": 1,
        "carrier_has_unsent": 2,
    }
    lacks = next(m for m in out["mismatches"] if m["kind"] == "carrier_lacks_aor")
    line = world["lines"]["E-LACKS"]
    assert lacks["enrollment_id"] == "E-LACKS"
    assert lacks["transmission"] == line.transmission.batch_id
    assert lacks["transmission_line"] == line.pk


def test_the_command_refuses_a_hostile_roster_with_an_error(world, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", [["E1", "@x"]])
    with pytest.raises(CommandError, match="refused"):
        call_command("carrier", "reconcile", str(bad), "--carrier", "BLUE")


def test_the_comparison_is_audited_with_counts_only(world, tmp_path):
    recon = _receive(world, _roster(tmp_path)).reconciliation
    event = AuditEvent.objects.get(action="reconciliation.complete", object_id=str(recon.pk))
    assert event.detail["carrier_lacks_aor"] == 1
    assert "B Two" not in json.dumps(event.detail)


def test_an_enrollment_of_another_carrier_on_the_roster_was_never_sent_to_this_one(world, tmp_path):
    elsewhere = _sent(CarrierFactory(code="GREEN"), world["ours"], enrollment_id="E-GREEN")
    path = write_csv(tmp_path / "r.csv", [["E-GREEN", "1111"]])
    recon = _receive(world, path).reconciliation
    unsent = recon.mismatches.get(kind=Mismatch.Kind.UNSENT)
    assert unsent.enrollment == elsewhere.enrollment and unsent.line is None
    assert Enrollment.objects.filter(enrollment_id="E-GREEN").exists()


def test_the_834_aordesk_sent_echoed_back_as_an_audit_file_matches_every_line(tmp_path):
    from aordesk.aor.models import AorTransmission
    from aordesk.aor.services import aor_send
    from aordesk.artifacts.storage import read_plaintext
    from tests.aor.factories import pending_line

    carrier = CarrierFactory(code="UCARE", x12=True)
    for _ in range(3):
        pending_line(carrier=carrier)
    aor_send(send_date=dt.date(2026, 10, 15), actor=ACTOR)
    sent = AorTransmission.objects.get(carrier=carrier)
    text = read_plaintext(sent.artifact.relative_path).decode("ascii")
    # The carrier's full file: the same members, BGN08 = 4 (verify) instead of 2 (change).
    audit = tmp_path / "audit.x12"
    audit.write_text(text.replace("*CT***2~", "*CT***4~"), encoding="ascii")
    recon = reconciliation_receive(
        carrier=carrier, path=audit, original_name="audit.x12", actor=ACTOR
    ).reconciliation
    assert recon.status == Reconciliation.Status.COMPLETED, recon.issues
    assert (recon.roster_rows, recon.matched, recon.mismatches_total) == (3, 3, 0)
