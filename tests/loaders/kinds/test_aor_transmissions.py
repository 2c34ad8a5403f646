import pytest

from aordesk.aor.models import AorTransmission, AorTransmissionLine
from aordesk.loaders import services
from tests.aor.factories import AorAssociationFactory, AorTransmissionLineFactory
from tests.carriers.factories import CarrierFactory
from tests.households.factories import EnrollmentFactory
from tests.loaders.factories import aor_line_row
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


def _world(n=3):
    carrier = CarrierFactory(code="CR001")
    for i in range(1, n + 1):
        association = AorAssociationFactory(reference=f"AL{i:07d}")
        EnrollmentFactory(
            enrollment_id=f"EL{i:07d}", household=association.household, carrier=carrier
        )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_rows_with_one_batch_id_form_one_transmission(tmp_path, fmt):
    _world()
    rows = [
        aor_line_row(1),
        aor_line_row(2),
        aor_line_row(3, batch_id="AOR-L-0002", final_for_month="yes"),
    ]
    result = imported("aor-transmissions", tmp_path, rows, fmt=fmt)
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    first = AorTransmission.objects.get(batch_id="AOR-L-0001")
    assert (first.lines.count(), first.final_for_month) == (2, False)
    assert AorTransmission.objects.get(batch_id="AOR-L-0002").final_for_month is True


def test_reimporting_an_aor_file_changes_nothing_and_adding_a_line_updates_it(tmp_path):
    _world()
    imported("aor-transmissions", tmp_path, [aor_line_row(1), aor_line_row(2)])
    assert counts(imported("aor-transmissions", tmp_path, [aor_line_row(2), aor_line_row(1)])) == (
        0,
        0,
        1,
    )
    grown = [aor_line_row(1), aor_line_row(2), aor_line_row(3)]
    assert counts(imported("aor-transmissions", tmp_path, grown)) == (0, 1, 0)
    assert AorTransmissionLine.objects.count() == 3


def test_a_batch_in_aordesk_may_not_lose_lines(tmp_path):
    _world()
    imported("aor-transmissions", tmp_path, [aor_line_row(1), aor_line_row(2)])
    result = imported("aor-transmissions", tmp_path, [aor_line_row(1)])
    assert problems(result) == [(2, "batch_id")]
    assert "1 line(s)" in result.errors[0].message


def test_rows_of_one_batch_must_agree_on_carrier_date_and_final_flag(tmp_path):
    _world()
    rows = [aor_line_row(1), aor_line_row(2, sent_on="2026-03-06")]
    assert problems(imported("aor-transmissions", tmp_path, rows)) == [(3, "batch_id")]


def test_a_line_already_sent_in_another_batch_is_refused(tmp_path):
    _world()
    imported("aor-transmissions", tmp_path, [aor_line_row(1)])
    result = imported("aor-transmissions", tmp_path, [aor_line_row(1, batch_id="AOR-L-0009")])
    assert problems(result) == [(2, "association_reference")]


def test_an_enrollment_of_another_household_or_carrier_is_refused(tmp_path):
    _world()
    CarrierFactory(code="CR002")
    wrong_household = aor_line_row(1, enrollment_id="EL0000002")
    wrong_carrier = aor_line_row(3, batch_id="AOR-L-0002", carrier_code="CR002")
    result = imported("aor-transmissions", tmp_path, [wrong_household, wrong_carrier])
    assert problems(result) == [(2, "enrollment_id"), (3, "enrollment_id")]


def test_a_batch_in_aordesk_keeps_its_carrier(tmp_path):
    line = AorTransmissionLineFactory(transmission__batch_id="AOR-L-0001")
    other = CarrierFactory(code="CR001")
    line.enrollment.carrier = other
    line.enrollment.save()
    row = aor_line_row(
        1,
        association_reference=line.association.reference,
        enrollment_id=line.enrollment.enrollment_id,
    )
    assert problems(imported("aor-transmissions", tmp_path, [row])) == [(2, "carrier_code")]


def test_unknown_references_are_refused_by_column(tmp_path):
    _world(1)
    rows = [aor_line_row(1, carrier_code="NOPE"), aor_line_row(7, batch_id="AOR-L-0003")]
    result = imported("aor-transmissions", tmp_path, rows)
    assert problems(result) == [
        (2, "carrier_code"),
        (3, "association_reference"),
        (3, "enrollment_id"),
    ]


def test_a_batch_spread_over_several_chunks_is_one_transmission(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 1)
    _world()
    rows = [aor_line_row(1), aor_line_row(2), aor_line_row(3)]
    assert counts(imported("aor-transmissions", tmp_path, rows)) == (1, 0, 0)
    assert AorTransmission.objects.get().lines.count() == 3
    assert counts(imported("aor-transmissions", tmp_path, rows)) == (0, 0, 1)
