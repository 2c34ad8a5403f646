from __future__ import annotations

import datetime as dt

from django.utils import timezone

from aordesk.core.bulk_insert import params_limit, rows_insert
from aordesk.intake.models import Claim, SubmissionRow
from tests.carriers.factories import CarrierFactory
from tests.intake.factories import SubmissionFactory

ROW = ("submission", "ordinal", "sheet", "row_number", "kind", "raw", "normalised", "issues")
ROW_FIELDS = (*ROW, "accepted")


def row_values(submission, ordinal):
    raw = {"first_name": f"Ann{ordinal}", "note": "ünïcode"}
    return (
        submission.pk,
        ordinal,
        "Sheet1",
        ordinal + 1,
        "consumer",
        raw,
        {"n": ordinal},
        [],
        True,
    )


def test_rows_come_back_with_their_new_ids_in_the_order_given(db):
    submission = SubmissionFactory()

    ids = rows_insert(
        SubmissionRow, ROW_FIELDS, [row_values(submission, n) for n in (1, 2, 3)], returning=True
    )

    stored = {row.pk: row for row in SubmissionRow.objects.filter(submission=submission)}
    assert [stored[pk].ordinal for pk in ids] == [1, 2, 3]
    assert stored[ids[0]].raw == {"first_name": "Ann1", "note": "ünïcode"}
    assert stored[ids[2]].normalised == {"n": 3} and stored[ids[2]].issues == []


def test_more_rows_than_one_statement_may_bind_are_written_in_batches(db):
    submission = SubmissionFactory()
    count = min(params_limit() // len(ROW_FIELDS), 2000) * 2 + 5

    ids = rows_insert(
        SubmissionRow, ROW_FIELDS, [row_values(submission, n) for n in range(count)], returning=True
    )

    assert len(ids) == len(set(ids)) == count
    assert SubmissionRow.objects.filter(submission=submission).count() == count


def test_dates_times_and_empty_references_are_stored_as_the_orm_would(db):
    submission = SubmissionFactory()
    carrier = CarrierFactory()
    [row_id] = rows_insert(SubmissionRow, ROW_FIELDS, [row_values(submission, 1)], returning=True)
    now = timezone.now()
    columns = ("submission", "row", "broker", "first_name", "last_name", "dob")
    columns += ("application_date", "carrier", "aor_method", "address", "application_method")
    columns += ("comments", "status", "linked_claim", "needs_review", "created_at")
    values = (submission.pk, row_id, submission.broker_id, "Ann", "Lee", dt.date(1980, 1, 2))
    values += (dt.date(2026, 9, 1), carrier.pk, "portal", "", "online", "", "new", None, False, now)

    assert rows_insert(Claim, columns, [values], returning=False) == []

    claim = Claim.objects.get(row_id=row_id)
    assert (claim.dob, claim.application_date) == (dt.date(1980, 1, 2), dt.date(2026, 9, 1))
    assert claim.linked_claim is None and claim.created_at == now
