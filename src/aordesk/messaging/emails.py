"""The notification email: a pickup notice. It names no consumer, carries no file, and
its link only works after signing in as the recipient (it is not a bearer token)."""

from __future__ import annotations

import re

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PERIOD = re.compile(rf"\b({MONTHS}) (\d{{4}})\b")

SUBJECTS = {
    "aor_report": "Your AOR report{period} is ready",
    "statement": "Your AOR statement{period} is ready",
    "determination": "Your determination file{period} is ready",
    "corrected_report": "Your corrected AOR report{period} is ready",
    "corrected_statement": "Your corrected AOR statement{period} is ready",
    "request_for_information": "The Broker Team needs information from you",
    "acknowledgement": "The Broker Team received your file",
    "other": "You have a new message from the Broker Team",
}

BODY = """Hello,

A new message is waiting for you in the MNsure AOR desk.

Sign in to read it:
{link}

For your security this email has no attachment and no consumer information.
The link opens the message only after you sign in with your password and
authenticator app.

MNsure Broker Team
"""


def period_of(subject: str) -> str:
    """' for October 2026' when the message subject names a month, else ''."""
    match = _PERIOD.search(subject)
    return f" for {match.group(1)} {match.group(2)}" if match else ""


def notification_subject(*, kind: str, message_subject: str) -> str:
    template = SUBJECTS.get(kind, SUBJECTS["other"])
    return template.format(period=period_of(message_subject))


def notification_body(*, link: str) -> str:
    return BODY.format(link=link)
