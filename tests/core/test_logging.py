import logging

from aordesk.core.logging import MaskPersonalDataFilter, mask


def test_birth_dates_and_email_addresses_are_masked_in_log_text():
    text = mask("consumer born 1980-01-02 or 1/2/1980 wrote from jo@example.org")
    assert "1980" not in text
    assert "example.org" not in text


def test_the_filter_rewrites_a_record_that_carries_personal_data():
    record = logging.LogRecord("x", logging.INFO, "f", 1, "dob %s", ("1980-01-02",), None)
    assert MaskPersonalDataFilter().filter(record)
    assert record.getMessage() == "dob [date]"
