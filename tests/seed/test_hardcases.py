import datetime as dt
import json

import pytest

from aordesk.seed import hardcases
from aordesk.seed.generator import SeedPlan, generate_chunk, generate_roster
from aordesk.seed.hardcases import hard_cases, hard_cases_json


@pytest.fixture(scope="module")
def seeded():
    plan = SeedPlan(
        seed=11, year=2026, through=dt.date(2026, 10, 1), brokers=12, agencies=2, households=40
    )
    roster = generate_roster(plan)
    return roster, {h.case_number: h for h in generate_chunk(plan, roster, 0)}


def test_every_kind_of_hard_case_is_listed():
    assert {case.kind for case in hard_cases()} == set(hardcases.KINDS)


def test_every_hard_case_is_a_seeded_household_with_its_recorded_identity(seeded):
    _, households = seeded
    for case in hard_cases():
        household = households[case.case_number]
        assert household.scenario == f"hard:{case.key}"
        assert (household.first_name, household.last_name, household.date_of_birth) == (
            case.first_name,
            case.last_name,
            case.date_of_birth,
        )


def test_every_hard_case_has_a_sent_current_year_enrollment_and_a_certified_broker(seeded):
    roster, households = seeded
    certified = {b.npn for b in roster.brokers if b.certification_status == "certified"}
    for case in hard_cases():
        household = households[case.case_number]
        current = [e for e in household.enrollments if e.coverage_year == 2026]
        assert any(e.coverage_kind == "medical" and e.transmissions for e in current)
        (active,) = [a for a in household.associations if a.status == "active"]
        assert active.broker_npn in certified


def test_names_include_hyphens_accents_and_apostrophes():
    last_names = {case.last_name for case in hard_cases()}
    assert {"García-López", "Nguyễn", "O'Brien"} <= last_names


def test_a_name_change_records_the_other_last_name_the_broker_writes():
    (changed,) = [c for c in hard_cases() if c.kind == hardcases.NAME_CHANGE]
    assert changed.alternate_last_name == changed.written_last_name != changed.last_name


def test_twins_share_birth_date_and_address_but_not_first_name():
    first, second = [c for c in hard_cases() if c.kind == hardcases.TWINS]
    assert first.date_of_birth == second.date_of_birth
    assert (first.address_line1, first.zip_code) == (second.address_line1, second.zip_code)
    assert first.first_name != second.first_name
    assert first.decoy_case_number == second.case_number


def test_namesakes_share_a_name_but_not_a_birth_date():
    first, second = [c for c in hard_cases() if c.kind == hardcases.SAME_NAME_DIFFERENT_DOB]
    assert (first.first_name, first.last_name) == (second.first_name, second.last_name)
    assert first.date_of_birth != second.date_of_birth


def test_a_nickname_case_is_written_with_the_short_name():
    bill = next(c for c in hard_cases() if c.key == "nickname-bill")
    assert (bill.first_name, bill.written_first_name) == ("William", "Bill")


def test_the_hard_cases_are_published_as_json():
    listed = json.loads(hard_cases_json())
    assert [item["case_number"] for item in listed] == [c.case_number for c in hard_cases()]
    assert listed[0]["date_of_birth"] == "1988-04-09"


def test_a_swapped_case_is_written_last_name_first():
    (swapped,) = [c for c in hard_cases() if c.kind == hardcases.SWAPPED]
    written = (swapped.written_first_name, swapped.written_last_name)
    assert written == (swapped.last_name, swapped.first_name)
