"""JSON log lines keep the personal-data mask."""

import json
import logging

from aordesk.core.logging import JsonFormatter, MaskPersonalDataFilter


def test_a_json_log_line_is_one_event_with_the_personal_data_masked():
    record = logging.LogRecord(
        "aordesk.x", logging.WARNING, __file__, 1, "dob %s", ("1980-01-02",), None
    )
    MaskPersonalDataFilter().filter(record)
    line = JsonFormatter().format(record)
    event = json.loads(line)
    assert "\n" not in line
    assert event["message"] == "dob [date]" and event["level"] == "WARNING"
    assert event["logger"] == "aordesk.x"


def test_a_traceback_in_a_json_log_line_is_masked_too():
    try:
        raise ValueError("jane@example.org")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    event = json.loads(JsonFormatter().format(record))
    assert "jane@example.org" not in event["exception"] and "[email]" in event["exception"]
