"""The nine loader file formats and their row rules. Pure: mirrors the models' choices
and constraints so that a validated file never trips one (a test keeps them in step).
docs/formats/loaders.md describes the same columns for people."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from aordesk.core.dates import next_month_start
from aordesk.loaders import fields as f
from aordesk.loaders.schema import Column, Schema, Values

CARRIER_KINDS = ("medical", "dental")
CERTIFICATIONS = ("certified", "suspended", "decertified")
APPLICATION_METHODS = ("online", "paper")
COVERAGE_KINDS = ("medical", "dental")
PROGRAMS = ("qhp_aptc", "qhp", "dental")
ENROLLMENT_STATUSES = ("active", "terminated", "cancelled")
AOR_METHODS = ("portal", "electronic", "paper")
AOR_STATUSES = ("active", "ended", "voided")
AOR_END_REASONS = ("new_broker", "consumer_removed", "correction")
CARRIER_FILE_FORMATS = ("csv", "x12-834")
X12_PARTNER_COLUMNS = (
    "isa_sender_qualifier",
    "isa_sender_id",
    "isa_receiver_qualifier",
    "isa_receiver_id",
    "gs_sender_code",
    "gs_receiver_code",
    "payer_tax_id",
)

_STATE = re.compile(r"[A-Z]{2}")
# What an ISA/GS id may hold: no X12 delimiter, no space inside (ISA pads with spaces).
_PARTNER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,14}")
_QUALIFIER = re.compile(r"[A-Z0-9]{2}")
_TAX_ID = re.compile(r"[0-9]{9}")
_ZIP = re.compile(r"[0-9]{5}(-[0-9]{4})?")


def _text(n: int) -> partial:
    return partial(f.parse_text, max_length=n)


def _code(n: int) -> partial:
    return partial(f.parse_code, max_length=n)


def _choice(choices: tuple[str, ...]) -> partial:
    return partial(f.parse_choice, choices=choices)


def _state(value: object) -> str:
    text = f.as_text(value).upper()
    if not _STATE.fullmatch(text):
        raise f.FieldError("must be a two-letter state code, e.g. MN")
    return text


def _zip(value: object) -> str:
    text = f.as_text(value)
    if not _ZIP.fullmatch(text):
        raise f.FieldError("must be a ZIP code: 5 digits, or ZIP+4 as 55802-1234")
    return text


def _partner_id(value: object) -> str:
    text = f.as_text(value)
    if not _PARTNER_ID.fullmatch(text):
        raise f.FieldError("must be 1-15 letters, digits, '.', '_' or '-', no spaces")
    return text


def _qualifier(value: object) -> str:
    text = f.as_text(value).upper()
    if not _QUALIFIER.fullmatch(text):
        raise f.FieldError("must be a two-character ISA id qualifier, e.g. ZZ or 30")
    return text


def _tax_id(value: object) -> str:
    text = f.as_text(value).replace("-", "")
    if not _TAX_ID.fullmatch(text):
        raise f.FieldError("must be a federal tax id: 9 digits (a dash after the 2nd is fine)")
    return text


def _carrier_file_rules(values: Values) -> Iterator[tuple[str, str]]:
    """An X12 carrier needs both ends of the envelope; GS codes default to the ISA ids."""
    values["gs_sender_code"] = values["gs_sender_code"] or values["isa_sender_id"]
    values["gs_receiver_code"] = values["gs_receiver_code"] or values["isa_receiver_id"]
    if values["file_format"] != "x12-834":
        return
    for name in X12_PARTNER_COLUMNS:
        if not values[name]:
            yield name, "is required when file_format is x12-834"


def _appointment_dates(values: Values) -> Iterator[tuple[str, str]]:
    until = values["appointed_until"]
    if until is not None and until < values["appointed_from"]:
        yield "appointed_until", "must not be before appointed_from"


def _broker_dates(values: Values) -> Iterator[tuple[str, str]]:
    if values["status_changed_on"] is None:
        if values["certification_status"] != "certified":
            yield "status_changed_on", "is required when the broker is not certified"
            return
        values["status_changed_on"] = values["certified_on"]
    if values["status_changed_on"] < values["certified_on"]:
        yield "status_changed_on", "must not be before certified_on"


def _household_dates(values: Values) -> Iterator[tuple[str, str]]:
    if values["date_of_birth"] > values["application_submitted_on"]:
        yield "date_of_birth", "must not be after application_submitted_on"


def _enrollment_rules(values: Values) -> Iterator[tuple[str, str]]:
    if (values["coverage_kind"] == "dental") != (values["program"] == "dental"):
        yield "program", "must be dental for dental coverage, and only for dental coverage"
    if values["effective_on"].year != values["coverage_year"]:
        yield "effective_on", "must fall in the coverage year"
    if values["end_on"] is not None and values["end_on"] < values["effective_on"]:
        yield "end_on", "must not be before effective_on"


def _association_rules(values: Values) -> Iterator[tuple[str, str]]:
    values["effective_on"] = next_month_start(values["received_on"])
    if values["status"] == "active":
        if values["ended_on"] is not None:
            yield "ended_on", "must be blank while the association is active"
        if values["end_reason"]:
            yield "end_reason", "must be blank while the association is active"
    elif values["ended_on"] is None:
        yield "ended_on", "is required when the association is ended or voided"
    elif values["ended_on"] < values["received_on"]:
        yield "ended_on", "must not be before received_on"


CARRIERS = Schema(
    kind="carriers",
    columns=(
        Column("code", _code(20)),
        Column("legal_name", _text(200)),
        Column("display_name", _text(120)),
        Column("kind", _choice(CARRIER_KINDS)),
        Column("active", f.parse_bool, required=False, blank=True),
        Column("aliases", partial(f.parse_list, max_length=200), required=False, blank=()),
        Column("file_format", _choice(CARRIER_FILE_FORMATS), required=False, blank="csv"),
        Column("isa_sender_qualifier", _qualifier, required=False),
        Column("isa_sender_id", _partner_id, required=False),
        Column("isa_receiver_qualifier", _qualifier, required=False),
        Column("isa_receiver_id", _partner_id, required=False),
        Column("gs_sender_code", _partner_id, required=False),
        Column("gs_receiver_code", _partner_id, required=False),
        Column("payer_tax_id", _tax_id, required=False),
    ),
    key=("code",),
    rules=(_carrier_file_rules,),
)

AGENCIES = Schema(
    kind="agencies",
    columns=(
        Column("code", _code(20)),
        Column("name", _text(200)),
        Column("admin_name", _text(150), required=False),
        Column("admin_email", f.parse_email, required=False),
        Column("admin_phone", _text(30), required=False),
    ),
    key=("code",),
)

BROKERS = Schema(
    kind="brokers",
    columns=(
        Column("npn", f.parse_npn),
        Column("first_name", _text(100)),
        Column("last_name", _text(100)),
        Column("email", f.parse_email),
        Column("agency_code", _code(20), required=False),
        Column("certification_status", _choice(CERTIFICATIONS)),
        Column("certified_on", f.parse_date),
        Column("status_changed_on", f.parse_date, required=False, blank=None),
    ),
    key=("npn",),
    rules=(_broker_dates,),
)

HOUSEHOLDS = Schema(
    kind="households",
    columns=(
        Column("case_number", _code(20)),
        Column("first_name", _text(100)),
        Column("last_name", _text(100)),
        Column("previous_last_names", _text(200), required=False),
        Column("date_of_birth", f.parse_date),
        Column("address_line1", _text(200), required=False),
        Column("address_line2", _text(200), required=False),
        Column("city", _text(100), required=False),
        Column("state", _state, required=False, blank="MN"),
        Column("zip_code", _zip, required=False),
        Column("application_method", _choice(APPLICATION_METHODS)),
        Column("application_submitted_on", f.parse_date),
    ),
    key=("case_number",),
    rules=(_household_dates,),
)

ENROLLMENTS = Schema(
    kind="enrollments",
    columns=(
        Column("enrollment_id", _code(30)),
        Column("case_number", _code(20)),
        Column("carrier_code", _code(20)),
        Column("coverage_kind", _choice(COVERAGE_KINDS)),
        Column("program", _choice(PROGRAMS)),
        Column("coverage_year", f.parse_year),
        Column("effective_on", f.parse_date),
        Column("end_on", f.parse_date, required=False, blank=None),
        Column("status", _choice(ENROLLMENT_STATUSES), required=False, blank="active"),
        Column("completed_on", f.parse_date),
    ),
    key=("enrollment_id",),
    rules=(_enrollment_rules,),
)

ASSOCIATIONS = Schema(
    kind="associations",
    columns=(
        Column("reference", _code(30)),
        Column("npn", f.parse_npn),
        Column("case_number", _code(20)),
        Column("method", _choice(AOR_METHODS)),
        Column("received_on", f.parse_date),
        Column("ended_on", f.parse_date, required=False, blank=None),
        Column("end_reason", _choice(AOR_END_REASONS), required=False),
        Column("status", _choice(AOR_STATUSES), required=False, blank="active"),
    ),
    key=("reference",),
    rules=(_association_rules,),
)

ENROLLMENT_TRANSMISSIONS = Schema(
    kind="enrollment-transmissions",
    columns=(
        Column("enrollment_id", _code(30)),
        Column("batch_id", _code(40)),
        Column("sent_on", f.parse_date),
    ),
    key=("enrollment_id", "batch_id"),
)

AOR_TRANSMISSIONS = Schema(
    kind="aor-transmissions",
    columns=(
        Column("batch_id", _code(40)),
        Column("carrier_code", _code(20)),
        Column("sent_on", f.parse_date),
        Column("final_for_month", f.parse_bool, required=False, blank=False),
        Column("association_reference", _code(30)),
        Column("enrollment_id", _code(30)),
    ),
    # One line per row; the batch's own columns repeat on every line of the batch.
    key=("association_reference", "enrollment_id"),
)

APPOINTMENTS = Schema(
    kind="appointments",
    columns=(
        Column("npn", f.parse_npn),
        Column("carrier_code", _code(20)),
        Column("appointed_from", f.parse_date),
        Column("appointed_until", f.parse_date, required=False, blank=None),
    ),
    key=("npn", "carrier_code", "appointed_from"),
    rules=(_appointment_dates,),
)

SCHEMAS = {
    schema.kind: schema
    for schema in (
        CARRIERS,
        AGENCIES,
        BROKERS,
        HOUSEHOLDS,
        ENROLLMENTS,
        ASSOCIATIONS,
        ENROLLMENT_TRANSMISSIONS,
        AOR_TRANSMISSIONS,
        APPOINTMENTS,
    )
}
