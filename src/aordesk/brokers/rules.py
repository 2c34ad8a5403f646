"""Certification on a given day. Pure."""

import datetime as dt

CERTIFIED = "certified"


def certified_on_date(
    *, status: str, certified_on: dt.date, status_changed_on: dt.date, day: dt.date
) -> bool:
    """A broker is certified on `day` if certification had begun and the current
    non-certified status (suspension, decertification) had not yet taken effect."""
    if day < certified_on:
        return False
    if status == CERTIFIED:
        return True
    return day < status_changed_on
