"""Rows of loader files, one builder per kind; synthetic values only. Keyword overrides
replace a column's value; `None` drops the column."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _row(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    merged = base | overrides
    return {name: value for name, value in merged.items() if value is not None}


def carrier_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    base = {
        "code": f"CR{n:03d}",
        "legal_name": f"Carrier {n} Health Plan, Inc.",
        "display_name": f"Carrier {n} Health",
        "kind": "medical",
        "active": "yes",
        "aliases": f"C{n}|Carrier {n}",
    }
    return _row(base, overrides)


def agency_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    base = {
        "code": f"AGL{n:03d}",
        "name": f"Lakeside Benefits {n}",
        "admin_name": "Agency Administrator",
        "admin_email": f"admin{n}@agency.example",
        "admin_phone": "651-555-0100",
    }
    return _row(base, overrides)


def broker_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    base = {
        "npn": str(7000000 + n),
        "first_name": f"Loadfirst{n}",
        "last_name": f"Loadlast{n}",
        "email": f"loadbroker{n}@broker.example",
        "agency_code": "",
        "certification_status": "certified",
        "certified_on": dt.date(2021, 3, 1),
        "status_changed_on": "",
    }
    return _row(base, overrides)


def household_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    base = {
        "case_number": str(40000000 + n),
        "first_name": f"Casefirst{n}",
        "last_name": f"Caselast{n}",
        "date_of_birth": dt.date(1975, 6, 15),
        "address_line1": f"{n} Pine Avenue",
        "address_line2": "",
        "city": "Bemidji",
        "state": "MN",
        "zip_code": "56601",
        "application_method": "online",
        "application_submitted_on": dt.date(2025, 11, 20),
    }
    return _row(base, overrides)


def enrollment_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    base = {
        "enrollment_id": f"EL{n:07d}",
        "case_number": str(40000000 + n),
        "carrier_code": "CR001",
        "coverage_kind": "medical",
        "program": "qhp_aptc",
        "coverage_year": 2026,
        "effective_on": dt.date(2026, 1, 1),
        "end_on": "",
        "status": "active",
        "completed_on": dt.date(2025, 12, 10),
    }
    return _row(base, overrides)


def association_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    base = {
        "reference": f"AL{n:07d}",
        "npn": str(7000000 + n),
        "case_number": str(40000000 + n),
        "method": "portal",
        "received_on": dt.date(2026, 2, 10),
        "ended_on": "",
        "end_reason": "",
        "status": "active",
    }
    return _row(base, overrides)


def enrollment_transmission_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    base = {
        "enrollment_id": f"EL{n:07d}",
        "batch_id": "ENR-L-0001",
        "sent_on": dt.date(2026, 1, 2),
    }
    return _row(base, overrides)


def aor_line_row(n: int = 1, **overrides: Any) -> dict[str, Any]:
    base = {
        "batch_id": "AOR-L-0001",
        "carrier_code": "CR001",
        "sent_on": dt.date(2026, 3, 5),
        "final_for_month": "no",
        "association_reference": f"AL{n:07d}",
        "enrollment_id": f"EL{n:07d}",
    }
    return _row(base, overrides)
