"""Each check is one rule; together they run in a fixed order."""

from __future__ import annotations

import datetime as dt

from aordesk.intake.checks import row_check
from aordesk.intake.checks.context import CarrierDirectory, CarrierEntry, CheckContext, names_key
from aordesk.intake.issues import Severity
from aordesk.intake.reading.rows import NormalisedRow

TODAY = dt.date(2026, 11, 27)
CARRIERS = CarrierDirectory.build(
    [
        CarrierEntry(1, "Blue Plus", ("Blue Plus", "HMO Minnesota", "BLUE", "BCBS")),
        CarrierEntry(2, "Medica", ("Medica", "Medica Insurance Company", "MEDICA")),
    ]
)


def context(**kwargs):
    return CheckContext(today=TODAY, carriers=CARRIERS, **kwargs)


def row(number=2, **values):
    base = {
        "first_name": "Testfirst",
        "last_name": "Testlast",
        "dob": dt.date(1980, 1, 2),
        "application_date": dt.date(2026, 9, 1),
        "carrier": "Blue Plus",
    }
    base.update(values)
    return NormalisedRow(
        sheet="Add Consumers", number=number, kind="consumer", headers={}, raw={}, **base
    )


def codes(issues):
    return [issue.code for issue in issues]


def test_a_complete_row_has_no_issues():
    assert row_check(row(), context()) == []


def test_each_missing_required_field_is_named():
    issues = row_check(row(first_name="", dob=None, carrier=""), context())

    assert [(i.code, i.column) for i in issues] == [
        ("REQUIRED_MISSING", "first_name"),
        ("REQUIRED_MISSING", "dob"),
        ("REQUIRED_MISSING", "carrier"),
    ]


def test_a_future_or_too_old_dob_is_refused():
    assert codes(row_check(row(dob=dt.date(2027, 1, 1)), context())) == ["DOB_OUT_OF_RANGE"]
    assert codes(row_check(row(dob=dt.date(1900, 1, 1)), context())) == ["DOB_OUT_OF_RANGE"]
    assert row_check(row(dob=dt.date(1907, 1, 1)), context()) == []


def test_a_carrier_resolves_by_name_legal_name_code_or_alias_in_any_case():
    for name in ("blue plus", "HMO Minnesota", "BLUE", "b.c.b.s.", "MEDICA INSURANCE COMPANY"):
        assert row_check(row(carrier=name), context()) == [], name


def test_an_unknown_carrier_names_the_known_ones():
    (issue,) = row_check(row(carrier="Acme Health"), context())

    assert issue.code == "CARRIER_UNKNOWN"
    assert "Blue Plus, Medica" in issue.message


def test_methods_must_come_from_their_lists():
    issues = row_check(row(aor_method="Fax", application_method="Phone"), context())

    assert codes(issues) == ["AOR_METHOD_UNKNOWN", "APPLICATION_METHOD_UNKNOWN"]
    assert row_check(row(aor_method="pdf", application_method="PAPER"), context()) == []


def test_a_name_of_more_than_100_characters_is_too_long():
    assert codes(row_check(row(last_name="x" * 101), context())) == ["TEXT_TOO_LONG"]


def test_a_mixed_script_name_is_accepted_for_review():
    (issue,) = row_check(row(last_name="Testl\u0430st"), context())

    assert (issue.code, issue.severity) == ("NAME_MIXED_SCRIPTS", Severity.REVIEW)


def test_the_same_consumer_twice_in_a_file_is_a_duplicate_of_the_first_row():
    shared = context()
    assert row_check(row(number=2), shared) == []

    (issue,) = row_check(row(number=9, first_name=" TESTFIRST", carrier="BCBS"), shared)

    assert issue.code == "ROW_DUPLICATE" and "row 2" in issue.message


def test_a_consumer_already_in_an_open_claim_is_linked_with_a_notice():
    key = names_key("Testfirst", "Testlast", dt.date(1980, 1, 2), 1)

    (issue,) = row_check(row(), context(open_claims={key: 77}))

    assert (issue.code, issue.severity) == ("CLAIM_ALREADY_OPEN", Severity.NOTICE)


def test_a_broken_row_is_not_counted_as_seen():
    shared = context()
    row_check(row(number=2, application_date=dt.date(2027, 1, 1)), shared)

    assert row_check(row(number=3), shared) == []


def test_a_name_of_32767_characters_is_too_long_but_such_a_comment_is_kept():
    issues = row_check(row(first_name="x" * 32_767, comments="y" * 32_767), context())

    assert [(i.code, i.column) for i in issues] == [("TEXT_TOO_LONG", "first_name")]


def test_a_dob_too_long_ago_gives_the_loaders_message_not_a_format_hint():
    (issue,) = row_check(row(dob=dt.date(1903, 5, 1)), context())
    assert issue.message == (
        "The date of birth is more than 120 years ago: check it against the application."
    )
