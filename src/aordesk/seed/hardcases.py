"""The consumers that name matching must get right, as seeded. Pure.

Each hard case is a seeded household (the first households of every seed, whatever the
--seed) plus the way a broker writes that consumer on a returned workbook. Matching work
and its benchmarks read this list (or `aordesk seed --hard-cases`) instead of guessing.
Every hard-case household has a current-year medical enrollment that has been
transmitted and an active AOR association with a certified broker.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from aordesk.seed.keys import case_number

HYPHENATED = "hyphenated"
ACCENTED = "accented"
APOSTROPHE = "apostrophe"
NAME_CHANGE = "name_change"
TWINS = "twins"
SAME_NAME_DIFFERENT_DOB = "same_name_different_dob"
NICKNAME = "nickname"
SWAPPED = "swapped"
KINDS = (
    HYPHENATED,
    ACCENTED,
    APOSTROPHE,
    NAME_CHANGE,
    TWINS,
    SAME_NAME_DIFFERENT_DOB,
    NICKNAME,
    SWAPPED,
)


@dataclass(frozen=True)
class HardCase:
    key: str
    kind: str
    case_number: str
    # As the exchange records the primary enrollee.
    first_name: str
    last_name: str
    date_of_birth: dt.date
    address_line1: str
    city: str
    zip_code: str
    # As a broker writes the consumer; matching should still find `case_number`.
    written_first_name: str
    written_last_name: str
    # The other last name the consumer is known by (maiden name), if any.
    alternate_last_name: str = ""
    # The twin or namesake that matching must NOT pick instead.
    decoy_case_number: str = ""


def _case(
    index: int,
    key: str,
    kind: str,
    name: tuple[str, str],
    dob: dt.date,
    place: tuple[str, str, str],
    written: tuple[str, str] | None = None,
    alternate: str = "",
    decoy: int | None = None,
) -> HardCase:
    first, last = name
    line1, city, zip_code = place
    written_first, written_last = written or name
    return HardCase(
        key=key,
        kind=kind,
        case_number=case_number(index),
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        address_line1=line1,
        city=city,
        zip_code=zip_code,
        written_first_name=written_first,
        written_last_name=written_last,
        alternate_last_name=alternate,
        decoy_case_number="" if decoy is None else case_number(decoy),
    )


_TWINS_HOME = ("4417 Heron Bay Ln", "Saint Paul", "55106")

_HARD_CASES: tuple[HardCase, ...] = (
    _case(0, "hyphenated-accented", HYPHENATED, ("María", "García-López"), dt.date(1988, 4, 9),
          ("1220 Tamarack Ave", "Minneapolis", "55407"), written=("Maria", "Garcia Lopez")),
    _case(1, "hyphenated-half-written", HYPHENATED, ("Jessica", "Olson-Tran"),
          dt.date(1979, 9, 30), ("87 Fernbrook Dr", "Rochester", "55901"),
          written=("Jessica", "Olson")),
    _case(2, "accented-vietnamese", ACCENTED, ("Thanh", "Nguyễn"), dt.date(1969, 1, 22),
          ("3305 Riverbend Rd", "Brooklyn Park", "55445"), written=("Thanh", "Nguyen")),
    _case(3, "accented-diaeresis", ACCENTED, ("Zoë", "Bergström"), dt.date(1994, 12, 3),
          ("610 Lady Slipper Ct", "Duluth", "55803"), written=("Zoe", "Bergstrom")),
    _case(4, "apostrophe", APOSTROPHE, ("Sean", "O'Brien"), dt.date(1983, 3, 17),
          ("25 Kettle River Way", "Saint Cloud", "56301"), written=("Sean", "OBrien")),
    _case(5, "maiden-name", NAME_CHANGE, ("Katherine", "Johnson"), dt.date(1991, 7, 14),
          ("901 Linden Grove St", "Eagan", "55123"), written=("Katherine", "Lindqvist"),
          alternate="Lindqvist"),
    _case(6, "twin-a", TWINS, ("Ethan", "Vang"), dt.date(2001, 5, 17), _TWINS_HOME, decoy=7),
    _case(7, "twin-b", TWINS, ("Owen", "Vang"), dt.date(2001, 5, 17), _TWINS_HOME, decoy=6),
    _case(8, "namesake-older", SAME_NAME_DIFFERENT_DOB, ("Michael", "Anderson"),
          dt.date(1966, 2, 3), ("14 Oak Savanna Trl", "Mankato", "56001"), decoy=9),
    _case(9, "namesake-younger", SAME_NAME_DIFFERENT_DOB, ("Michael", "Anderson"),
          dt.date(1990, 11, 21), ("7702 Balsam Ridge Cir", "Bloomington", "55431"), decoy=8),
    _case(10, "nickname-bill", NICKNAME, ("William", "Peterson"), dt.date(1958, 8, 8),
          ("330 Walleye Rd", "Brainerd", "56401"), written=("Bill", "Peterson")),
    _case(11, "nickname-peggy", NICKNAME, ("Margaret", "Schultz"), dt.date(1961, 10, 27),
          ("58 Prairie Rose Ln", "Owatonna", "55060"), written=("Peggy", "Schultz")),
    # Both parts read as first names, so a broker's form often has them the wrong way round.
    _case(12, "first-last-swapped", SWAPPED, ("Thomas", "Lee"), dt.date(1972, 6, 1),
          ("2209 Juniper Hill Rd", "Woodbury", "55125"), written=("Lee", "Thomas")),
)  # fmt: skip


def hard_cases() -> tuple[HardCase, ...]:
    """The hard cases, in household order (hard case i is household index i)."""
    return _HARD_CASES


def hard_cases_json() -> str:
    return json.dumps([asdict(case) for case in _HARD_CASES], default=str, indent=2)
