import datetime as dt

import pytest

from aordesk.aor.models import AorAssociation
from aordesk.households.models import Household
from aordesk.loaders import services
from tests.aor.factories import AorAssociationFactory
from tests.brokers.factories import BrokerFactory
from tests.households.factories import HouseholdFactory
from tests.loaders.factories import association_row
from tests.loaders.files import counts, imported, problems

pytestmark = pytest.mark.django_db


def _household(n):
    return Household.objects.get(case_number=str(40000000 + n))


def _world(n=2):
    for i in range(1, n + 1):
        BrokerFactory(npn=str(7000000 + i))
        HouseholdFactory(case_number=str(40000000 + i))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_associations_file_computes_the_effective_date(tmp_path, fmt):
    _world()
    result = imported("associations", tmp_path, [association_row(1), association_row(2)], fmt=fmt)
    assert (counts(result), result.errors) == ((2, 0, 0), [])
    association = AorAssociation.objects.get(reference="AL0000001")
    assert association.effective_on == dt.date(2026, 3, 1)
    assert association.broker.npn == "7000001"


def test_unknown_brokers_and_households_are_refused(tmp_path):
    _world()
    rows = [association_row(1, npn="123"), association_row(2, case_number="1")]
    assert problems(imported("associations", tmp_path, rows)) == [(2, "npn"), (3, "case_number")]


def test_two_active_associations_for_one_household_in_a_file_are_refused(tmp_path):
    _world()
    rows = [association_row(1), association_row(2, case_number="40000001")]
    result = imported("associations", tmp_path, rows)
    assert problems(result) == [(3, "status")]
    assert not AorAssociation.objects.exists()


def test_an_active_association_in_aordesk_blocks_a_second_one(tmp_path):
    _world()
    AorAssociationFactory(reference="OLD1", household=_household(1))
    result = imported("associations", tmp_path, [association_row(1)])
    assert problems(result) == [(2, "status")]
    assert "OLD1" in result.errors[0].message


def test_a_file_may_end_the_old_association_and_add_the_new_one_in_any_order(tmp_path):
    _world()
    old = AorAssociationFactory(reference="OLD1", household=_household(1))
    ended = association_row(
        9,
        reference="OLD1",
        case_number="40000001",
        npn=old.broker.npn,
        received_on=old.received_on,
        status="ended",
        ended_on="2026-02-28",
        end_reason="new_broker",
    )
    result = imported("associations", tmp_path, [association_row(1), ended])
    assert (counts(result), result.errors) == ((1, 1, 0), [])
    assert AorAssociation.objects.get(status="active").reference == "AL0000001"


def test_an_association_cannot_move_to_another_household(tmp_path):
    _world()
    imported("associations", tmp_path, [association_row(1)])
    moved = association_row(1, case_number="40000002")
    assert problems(imported("associations", tmp_path, [moved])) == [(2, "case_number")]


def test_reimporting_associations_changes_nothing(tmp_path):
    _world()
    rows = [association_row(1), association_row(2, status="voided", ended_on="2026-02-11")]
    imported("associations", tmp_path, rows)
    assert counts(imported("associations", tmp_path, rows)) == (0, 0, 2)


def test_an_ended_association_needs_its_end_date(tmp_path):
    _world()
    result = imported("associations", tmp_path, [association_row(1, status="ended")])
    assert problems(result) == [(2, "ended_on")]


def test_two_active_associations_for_one_household_are_found_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 1)
    _world()
    rows = [
        association_row(1),
        association_row(2),
        association_row(3, npn="7000002", case_number="40000001"),
    ]
    result = imported("associations", tmp_path, rows)
    assert problems(result) == [(4, "status")]
    assert "row 2" in result.errors[0].message
