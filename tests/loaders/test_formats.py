import datetime as dt

import pytest

from aordesk.aor.models import AorAssociation
from aordesk.brokers.models import Broker
from aordesk.carriers.models import Carrier
from aordesk.households.models import Enrollment, Household
from aordesk.loaders import formats


@pytest.mark.parametrize(
    ("ours", "model_choices"),
    [
        (formats.CARRIER_KINDS, Carrier.Kind),
        (formats.CERTIFICATIONS, Broker.Certification),
        (formats.APPLICATION_METHODS, Household.ApplicationMethod),
        (formats.COVERAGE_KINDS, Enrollment.CoverageKind),
        (formats.PROGRAMS, Enrollment.Program),
        (formats.ENROLLMENT_STATUSES, Enrollment.Status),
        (formats.AOR_METHODS, AorAssociation.Method),
        (formats.AOR_STATUSES, AorAssociation.Status),
        (formats.AOR_END_REASONS, AorAssociation.EndReason),
    ],
)
def test_the_file_choices_are_the_models_choices(ours, model_choices):
    assert set(ours) == set(model_choices.values)


def _enrollment(**overrides):
    values = {
        "coverage_kind": "medical",
        "program": "qhp",
        "coverage_year": 2026,
        "effective_on": dt.date(2026, 1, 1),
        "end_on": None,
    }
    return values | overrides


def _problems(rule, values):
    return [column for column, _ in rule(values)]


def test_dental_program_goes_only_with_dental_coverage():
    rule = formats._enrollment_rules
    assert _problems(rule, _enrollment(coverage_kind="dental", program="dental")) == []
    assert _problems(rule, _enrollment(coverage_kind="dental", program="qhp")) == ["program"]
    assert _problems(rule, _enrollment(program="dental")) == ["program"]


def test_an_enrollment_takes_effect_in_its_coverage_year_and_ends_after_it_starts():
    rule = formats._enrollment_rules
    assert _problems(rule, _enrollment(effective_on=dt.date(2025, 12, 1))) == ["effective_on"]
    assert _problems(rule, _enrollment(end_on=dt.date(2025, 12, 31))) == ["end_on"]


def _association(**overrides):
    values = {"received_on": dt.date(2026, 1, 31), "status": "active", "ended_on": None}
    return values | {"end_reason": ""} | overrides


def test_an_association_takes_effect_the_first_of_the_next_month():
    values = _association()
    assert _problems(formats._association_rules, values) == []
    assert values["effective_on"] == dt.date(2026, 2, 1)


def test_an_active_association_has_no_end_and_an_ended_one_has_an_end_date():
    rule = formats._association_rules
    assert _problems(rule, _association(ended_on=dt.date(2026, 3, 1))) == ["ended_on"]
    assert _problems(rule, _association(end_reason="new_broker")) == ["end_reason"]
    assert _problems(rule, _association(status="ended")) == ["ended_on"]
    assert _problems(rule, _association(status="voided", ended_on=dt.date(2026, 1, 1))) == [
        "ended_on"
    ]


def _broker(**overrides):
    values = {
        "certification_status": "certified",
        "certified_on": dt.date(2021, 1, 1),
        "status_changed_on": None,
    }
    return values | overrides


def test_a_certified_broker_without_a_status_date_takes_the_certification_date():
    values = _broker()
    assert _problems(formats._broker_dates, values) == []
    assert values["status_changed_on"] == dt.date(2021, 1, 1)


def test_a_suspended_broker_needs_a_status_date_not_before_certification():
    rule = formats._broker_dates
    assert _problems(rule, _broker(certification_status="suspended")) == ["status_changed_on"]
    early = _broker(certification_status="suspended", status_changed_on=dt.date(2020, 1, 1))
    assert _problems(rule, early) == ["status_changed_on"]
