import datetime as dt

import pytest

from aordesk.aor.ack_selectors import aor_lines_to_resend
from aordesk.aor.models import AorTransmissionLine
from aordesk.aor.services import aor_send_carrier
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.core.models import AuditEvent
from aordesk.intake.models import Claim
from aordesk.reconciliation.actions import mismatch_claim_open, mismatch_resend, mismatch_resolve
from aordesk.reconciliation.models import Mismatch, Reconciliation
from aordesk.reconciliation.selectors import broker_roster_notices, mismatch_work_list
from aordesk.reconciliation.services import reconciliation_receive
from tests.reconciliation.rosters import ACTOR, roster_csv, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def recon(world, tmp_path):
    path = roster_csv(tmp_path)
    return reconciliation_receive(
        carrier=world["carrier"], path=path, original_name=path.name, actor=ACTOR
    ).reconciliation


def _m(recon, enrollment_id):
    return recon.mismatches.get(roster_enrollment_id=enrollment_id)


def test_a_resend_goes_in_the_carriers_next_file_once(world, recon):
    lacks = mismatch_resend(mismatch=_m(recon, "E-LACKS"), actor=ACTOR)
    assert lacks.status == Mismatch.Status.RESEND
    assert [line.resends_pk for line in aor_lines_to_resend(carrier_id=world["carrier"].pk)] == [
        lacks.line_id
    ]
    result = aor_send_carrier(carrier=world["carrier"], send_date=dt.date(2026, 12, 1), actor=ACTOR)
    assert result.lines == 1
    again = AorTransmissionLine.objects.get(resends_id=lacks.line_id)
    assert again.transmission.sent_on == dt.date(2026, 12, 1)
    assert aor_lines_to_resend(carrier_id=world["carrier"].pk) == []


def test_a_line_is_not_asked_to_resend_twice(recon):
    mismatch = mismatch_resend(mismatch=_m(recon, "E-LACKS"), actor=ACTOR)
    with pytest.raises(TransitionError):
        mismatch_resend(mismatch=mismatch, actor=ACTOR)


def test_an_aor_never_sent_cannot_be_resent(recon):
    with pytest.raises(ApplicationError, match="never sent"):
        mismatch_resend(mismatch=_m(recon, "E-NEVER"), actor=ACTOR)


def test_a_resend_not_yet_sent_is_carried_to_the_next_roster_not_asked_again(
    world, recon, tmp_path
):
    mismatch_resend(mismatch=_m(recon, "E-LACKS"), actor=ACTOR)
    path = write_csv(tmp_path / "again.csv", [["E-MATCH", "1111"]])
    second = reconciliation_receive(
        carrier=world["carrier"], path=path, original_name=path.name, actor=ACTOR
    ).reconciliation
    carried = _m(second, "E-LACKS")
    assert carried.status == Mismatch.Status.RESEND
    assert _m(recon, "E-LACKS").status == Mismatch.Status.SUPERSEDED
    assert len(aor_lines_to_resend(carrier_id=world["carrier"].pk)) == 1


def test_resolving_needs_a_note_and_is_audited(recon):
    with pytest.raises(ApplicationError, match="note"):
        mismatch_resolve(mismatch=_m(recon, "E-UNKNOWN"), actor=ACTOR, note=" ")
    done = mismatch_resolve(mismatch=_m(recon, "E-UNKNOWN"), actor=ACTOR, note="Carrier typo")
    assert done.status == Mismatch.Status.RESOLVED and done.note == "Carrier typo"
    assert AuditEvent.objects.filter(
        action="roster_mismatch.resolve", object_id=str(done.pk)
    ).exists()


def test_a_claim_is_opened_through_intake_for_the_broker_aordesk_sent(world, recon):
    done = mismatch_claim_open(mismatch=_m(recon, "E-OTHER"), actor=ACTOR, note="check")
    claim = Claim.objects.get(pk=done.claim_id)
    household = done.enrollment.household
    assert claim.broker == world["ours"]
    assert (claim.first_name, claim.last_name, claim.dob) == (
        household.first_name,
        household.last_name,
        household.date_of_birth,
    )
    assert claim.submission.channel == "staff"
    assert done.status == Mismatch.Status.CLAIM_OPENED


def test_the_work_list_of_a_month_shows_superseded_rows_and_the_current_list_does_not(
    world, recon, tmp_path
):
    path = write_csv(tmp_path / "again.csv", [["E-MATCH", "1111"]])
    reconciliation_receive(
        carrier=world["carrier"], path=path, original_name=path.name, actor=ACTOR
    )
    current = mismatch_work_list(carrier_id=world["carrier"].pk)
    assert {m.reconciliation.status for m in current} == {Reconciliation.Status.COMPLETED}
    month = mismatch_work_list(carrier_id=world["carrier"].pk, month=recon.month)
    assert Reconciliation.Status.SUPERSEDED in {m.reconciliation.status for m in month}


def test_the_broker_notice_lists_only_their_own_consumers_being_resent(world, recon):
    mismatch_resend(mismatch=_m(recon, "E-LACKS"), actor=ACTOR)
    mismatch_resend(mismatch=_m(recon, "E-OTHER"), actor=ACTOR)
    [notice] = broker_roster_notices(broker_id=world["ours"].pk)
    assert notice.count == 2
    assert notice.text == (
        f"{world['carrier'].display_name} does not show you as agent of record for 2 "
        "consumers whose AOR we sent; we are resending"
    )
    shown = repr(notice)
    assert world["other"].npn not in shown and world["other"].full_name not in shown
    assert broker_roster_notices(broker_id=world["other"].pk) == []


def test_the_broker_notice_drops_a_consumer_who_has_left_the_broker(world, recon):
    mismatch = mismatch_resend(mismatch=_m(recon, "E-LACKS"), actor=ACTOR)
    association = mismatch.line.association
    association.status, association.ended_on = "ended", dt.date(2026, 11, 30)
    association.save()
    assert broker_roster_notices(broker_id=world["ours"].pk) == []
