import pytest

from aordesk.core.errors import TransitionError
from aordesk.review.matching import Address
from aordesk.review.workflow import address_parse, claim_transition_check


def test_a_new_claim_may_be_taken_or_decided_by_the_system():
    claim_transition_check("new", "in_review")
    claim_transition_check("new", "decided")


@pytest.mark.parametrize(
    ("current", "target"),
    [("new", "awaiting_broker"), ("awaiting_broker", "decided"), ("decided", "in_review")],
)
def test_a_claim_refuses_a_move_its_status_does_not_allow(current, target):
    with pytest.raises(TransitionError, match=f"{current} cannot become {target}"):
        claim_transition_check(current, target)


def test_a_one_cell_address_splits_into_street_unit_city_and_zip():
    assert address_parse("12 Oak Street, Apt 4, Duluth, MN 55802-1234") == Address(
        line1="12 Oak Street", line2="Apt 4", city="Duluth", zip_code="55802"
    )


def test_an_address_with_city_and_state_in_one_piece_keeps_the_city():
    assert address_parse("12 Oak St, Duluth MN 55802") == Address(
        line1="12 Oak St", city="Duluth", zip_code="55802"
    )


def test_an_empty_address_is_nothing_to_compare():
    assert address_parse("  ") is None
