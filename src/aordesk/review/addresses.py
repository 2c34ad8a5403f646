"""Addresses as people write them: parsing a broker's one-cell address, and comparing two.
Pure: no Django.

A broker writes "12 Oak Street Apt 4, Duluth MN 55802" in one cell; the exchange files
"12 Oak St" / "Apt 4" / Duluth / 55802. `address_parse` reads the cell with `usaddress` (a
probabilistic parser trained on US addresses) into the same four parts, falling back to
commas when usaddress cannot label it. `compare_addresses` folds street words (Street->St,
North->N), reads units after Apt/Unit/Suite/#, treats a line 2 that is not a unit (a
building, "c/o", a PO box beside the street) as locality rather than street, and uses ZIP
and city when streets differ. An absent address is 'unknown': it never counts against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import usaddress

from aordesk.review.names import fold


@dataclass(frozen=True, slots=True)
class Address:
    line1: str
    line2: str = ""
    city: str = ""
    zip_code: str = ""


_STREET_WORDS = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "road": "rd", "drive": "dr",
    "lane": "ln", "boulevard": "blvd", "court": "ct", "place": "pl", "parkway": "pkwy",
    "highway": "hwy", "circle": "cir", "terrace": "ter", "trail": "trl", "north": "n",
    "south": "s", "east": "e", "west": "w", "northeast": "ne", "northwest": "nw",
    "southeast": "se", "southwest": "sw", "first": "1st", "second": "2nd", "third": "3rd",
}  # fmt: skip
_TYPES = frozenset({"st", "ave", "rd", "dr", "ln", "blvd", "ct", "pl", "pkwy", "hwy", "cir",
                    "ter", "trl", "way"})  # fmt: skip
_DIRECTIONS = frozenset({"n", "s", "e", "w", "ne", "nw", "se", "sw"})
_UNIT_WORDS = frozenset({"apt", "apartment", "unit", "ste", "suite", "#", "no", "rm", "room",
                         "lot", "fl", "floor", "spc", "space"})  # fmt: skip
_ADDRESS_TOKENS = re.compile(r"#|[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class NormalAddress:
    street: tuple[str, ...]  # folded street tokens, house number first
    unit: str
    zip_code: str  # five digits or ""
    city: str

    @property
    def core(self) -> tuple[str, ...]:
        """The street without its type and directions: "400 Lake Ave N" -> ("400", "lake")."""
        return tuple(t for t in self.street if t not in _TYPES and t not in _DIRECTIONS)


def _unit_of(tokens: list[str]) -> str:
    for position, token in enumerate(tokens[:-1]):
        if token in _UNIT_WORDS:
            return tokens[position + 1]
    return ""


# Cached: a claim's address is compared with every candidate's.
@lru_cache(maxsize=65536)
def normalise_address(address: Address) -> NormalAddress:
    """'12 Oak Street, Apt 4' -> street ('12','oak','st'), unit '4'. A unit may sit at the
    end of line 1 or in line 2; any other line 2 is locality, not street."""
    tokens = _ADDRESS_TOKENS.findall(fold(address.line1))
    street: list[str] = []
    unit = ""
    for position, token in enumerate(tokens):
        if token in _UNIT_WORDS and position + 1 < len(tokens):
            unit = tokens[position + 1]
            break
        street.append(_STREET_WORDS.get(token, token))
    unit = unit or _unit_of(_ADDRESS_TOKENS.findall(fold(address.line2)))
    zip_code = "".join(filter(str.isdigit, address.zip_code))[:5]
    city = " ".join(_ADDRESS_TOKENS.findall(fold(address.city)))
    return NormalAddress(tuple(street), unit, zip_code, city)


SAME, OTHER_UNIT, LOCALITY, DIFFERS, UNKNOWN = (
    "same",
    "other_unit",
    "locality",
    "differs",
    "unknown",
)


def compare_addresses(left: Address, right: Address) -> str:
    """'same', 'other_unit', 'locality' (street differs, same ZIP or city), 'differs', or
    'unknown' when either has no street."""
    a, b = normalise_address(left), normalise_address(right)
    if not a.street or not b.street:
        return UNKNOWN
    zip_differs = bool(a.zip_code and b.zip_code and a.zip_code != b.zip_code)
    if zip_differs or (a.street != b.street and a.core != b.core):
        same_place = (a.zip_code and a.zip_code == b.zip_code) or (a.city and a.city == b.city)
        return LOCALITY if same_place and not zip_differs else DIFFERS
    # A unit missing on one side is a broker's shorthand, not a different home.
    if a.unit and b.unit and a.unit != b.unit:
        return OTHER_UNIT
    return SAME


_STREET_LABELS = (
    "AddressNumberPrefix", "AddressNumber", "AddressNumberSuffix", "StreetNamePreModifier",
    "StreetNamePreDirectional", "StreetNamePreType", "StreetName", "StreetNamePostType",
    "StreetNamePostDirectional", "StreetNamePostModifier",
)  # fmt: skip
_UNIT_LABELS = ("OccupancyType", "OccupancyIdentifier")
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\s*$")
_STATE = re.compile(r"\b[A-Za-z]{2}\s*$")
_UNIT = re.compile(r"^\s*(apt|apartment|unit|ste|suite|#|no|rm|room)\b", re.IGNORECASE)


def address_parse(text: str) -> Address | None:
    """A broker's one-cell address ('12 Oak St Apt 4, Duluth, MN 55802') as the parts
    matching compares: street, unit, city, ZIP. None when there is nothing to compare."""
    text = " ".join(text.split())
    if not text:
        return None
    try:
        tagged, kind = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return _by_commas(text)
    if kind != "Street Address" or "AddressNumber" not in tagged:
        return _by_commas(text)
    zip_code = "".join(filter(str.isdigit, tagged.get("ZipCode", "")))[:5]
    return Address(
        line1=" ".join(tagged[label] for label in _STREET_LABELS if label in tagged).strip(" ,"),
        line2=" ".join(tagged[label] for label in _UNIT_LABELS if label in tagged).strip(" ,"),
        city=tagged.get("PlaceName", "").strip(" ,"),
        zip_code=zip_code,
    )


def _by_commas(text: str) -> Address:
    """The parser's fallback: street, then units and locality separated by commas."""
    zip_code = ""
    found = _ZIP.search(text)
    if found:
        zip_code, text = found.group(1), text[: found.start()].rstrip(" ,")
    pieces = [piece.strip() for piece in text.split(",") if piece.strip()]
    if not pieces:
        return Address(line1="", zip_code=zip_code)
    line1, rest = pieces[0], pieces[1:]
    units = [piece for piece in rest if _UNIT.match(piece)]
    others = [piece for piece in rest if piece not in units]
    if others and _STATE.fullmatch(others[-1].strip()):
        others = others[:-1]  # a lone state code
    city = _STATE.sub("", others[-1]).strip() if others else ""
    return Address(line1=line1, line2=" ".join(units), city=city, zip_code=zip_code)
