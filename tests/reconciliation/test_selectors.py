import pytest

from aordesk.reconciliation.selectors import household_roster_views, reconciliations_latest
from aordesk.reconciliation.services import reconciliation_receive
from tests.reconciliation.rosters import ACTOR, roster_csv, write_csv

pytestmark = pytest.mark.django_db


def _receive(world, path):
    return reconciliation_receive(
        carrier=world["carrier"], path=path, original_name=path.name, actor=ACTOR
    ).reconciliation


def test_the_roster_view_of_a_mismatched_enrollment_is_what_the_carrier_wrote(world, tmp_path):
    _receive(world, roster_csv(tmp_path))
    household = world["lines"]["E-OTHER"].enrollment.household
    [view] = household_roster_views(household_id=household.pk)
    assert view.verdict == "Carrier shows another broker"
    assert (view.roster_npn, view.member_name, view.carrier_member_id) == ("2222", "B Two", "C2")
    assert view.original_name == "roster.csv"


def test_the_roster_view_of_a_matched_enrollment_says_matched_with_the_npn(world, tmp_path):
    _receive(world, roster_csv(tmp_path))
    household = world["lines"]["E-MATCH"].enrollment.household
    [view] = household_roster_views(household_id=household.pk)
    assert (view.verdict, view.roster_npn) == ("matched", "1111")


def test_the_roster_view_follows_the_current_roster(world, tmp_path):
    _receive(world, roster_csv(tmp_path))
    _receive(world, write_csv(tmp_path / "second.csv", [["E-OTHER", "1111"]]))
    household = world["lines"]["E-OTHER"].enrollment.household
    [view] = household_roster_views(household_id=household.pk)
    assert (view.verdict, view.original_name) == ("matched", "second.csv")


def test_no_roster_no_view(world):
    household = world["lines"]["E-OTHER"].enrollment.household
    assert household_roster_views(household_id=household.pk) == []


def test_the_latest_match_rate_per_carrier(world, tmp_path):
    _receive(world, roster_csv(tmp_path))
    [(carrier, recon)] = reconciliations_latest()
    assert carrier == world["carrier"]
    assert recon.match_percent == "20.0%"  # 1 matched of 5 compared
