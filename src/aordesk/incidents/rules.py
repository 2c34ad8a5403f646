"""Pure rules of privacy incidents: the retry key, the data elements a document discloses,
and the words of the correction message (which never name a consumer)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

# What the AOR report shows of each consumer row (see docs/formats.md).
REPORT_ELEMENTS = (
    "Enrollee name",
    "Enrollee date of birth",
    "Medical carrier",
    "Plan effective date (Medical EA Eff Date)",
    "AOR effective date",
    "Date Sent",
)
# A statement's detail shows the same and the program determination.
STATEMENT_ELEMENTS = ("Program determination",)


def incident_key(*, report_id: int, enrollment_ids: Iterable[int]) -> str:
    """The same report and the same consumers give the same key, in any order."""
    ids = ",".join(str(i) for i in sorted(set(enrollment_ids)))
    return hashlib.sha256(f"report:{report_id}:enrollments:{ids}".encode()).hexdigest()


def data_elements(*, with_statement: bool) -> list[str]:
    return list(REPORT_ELEMENTS) + (list(STATEMENT_ELEMENTS) if with_statement else [])


def consumers_phrase(count: int) -> str:
    return "a consumer" if count == 1 else f"{count} consumers"


def correction_subject(*, month_label: str, agency: bool = False) -> str:
    what = "AOR statement" if agency else "AOR report"
    return f"Corrected {what} for {month_label}"


def correction_body(
    *,
    month_label: str,
    old_version: int,
    new_version: int,
    people: int,
    filenames: list[str],
    broker: str,
) -> str:
    """`broker` is "Name (NPN n)": the message is read by the broker and by the
    administrators of their agency, so it names whose report it is."""
    files = ", ".join(filenames)
    return (
        f"The AOR report of {broker} for {month_label} that we sent (version {old_version}) "
        "listed "
        f"{consumers_phrase(people)} who should not be on your list. We have withdrawn the "
        f"earlier files ({files}) from download and corrected our records.\n\n"
        "If you downloaded any of those files, delete them and every copy now (downloads "
        "folder, email, shared drives, printouts) and do not use or share the information "
        "they hold about the consumer(s) removed. Reply to this message to confirm that you "
        "have deleted them.\n\n"
        f"The corrected report (version {new_version}) is attached and replaces the earlier one."
    )


def agency_correction_body(*, month_label: str, people: int, filenames: list[str]) -> str:
    files = ", ".join(filenames)
    return (
        f"The AOR statement for {month_label} we sent your agency listed "
        f"{consumers_phrase(people)} who should not have been on it. We have withdrawn the "
        f"earlier file ({files}) from download.\n\n"
        "If you downloaded it, delete it and every copy now and do not use or share the "
        "information it holds about the consumer(s) removed. Reply to this message to confirm "
        "that you have deleted it.\n\nThe corrected statement is attached and replaces it."
    )
