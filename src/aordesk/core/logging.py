"""A log filter that masks identifiers before they reach a log line (defence in depth:
code should not log personal data in the first place)."""

from __future__ import annotations

import json
import logging
import re

_PATTERNS = [
    # dates that could be birth dates: 1980-01-02, 01/02/1980
    (re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b"), "[date]"),
    (re.compile(r"\b[01]?\d/[0-3]?\d/(?:19|20)\d\d\b"), "[date]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "[ssn]"),
]


def mask(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (AORDESK_LOG_FORMAT=json) for a log collector. The mask
    filter has already run on the message; a traceback is masked here too."""

    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask(record.getMessage()),
            "process": record.process,
        }
        if record.exc_info:
            event["exception"] = mask(self.formatException(record.exc_info))
        return json.dumps(event, ensure_ascii=False)
