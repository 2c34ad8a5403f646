"""The noisy matching benchmark's corruption model: claims written the way tired people,
scanners and phone calls write them. Pure; seeded, so runs repeat.

Each claim starts as the household's own facts (names, DOB, application date, carrier,
one-cell address) and gets one to three corruptions (45% one, 35% two, 20% three), drawn
without repeating a kind, each kind equally likely:

- `typo`: one keyboard slip in the first or last name: a letter dropped, doubled, replaced
  by a neighbouring key, or two neighbours swapped (never the first letter);
- `ocr`: a scanner's confusion in a name, in one place: rn/m, cl/d, li/h, I/l, O/0, e/c, vv/w;
- `phonetic`: a name spelled as heard: ph/f, ck/k, y/i, son/sen, c/k, ie/ee, z/s, th/t...;
- `missing`: a value left out: the address (60%), the carrier or the application date (20%
  each: intake refuses such a row, so it is not an accepted claim);
- `swapped`: fields in the wrong column: first and last name (60%), or DOB day and month;
- `dob_digit`: the DOB mistyped: one digit changed (50%), two neighbouring digits swapped
  (30%), the year off by one digit (20%);
- `replaced_name`: the first (50%) or the last name wholly another (a nickname the table
  does not know, a married name, a mix-up);
- `address`: the address re-written: street words spelled out (St/Street, N/North),
  capitals, no commas, no ZIP, "#" for Apt;
- `extra_line`: an extra address line ("Apt 2", "Unit 5B", "c/o" someone, a building)
  before or after the street.

A date the corruption makes impossible (a 13th month) is kept as the household's: a broker
cannot write a date that does not exist.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from aordesk.seed import names

KINDS = (
    "typo", "ocr", "phonetic", "missing", "swapped", "dob_digit", "replaced_name", "address",
    "extra_line",
)  # fmt: skip
HOW_MANY = ((1, 0.45), (2, 0.35), (3, 0.20))

_NEIGHBOURS = {
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop",
    "m": "njk", "n": "bhjm", "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz",
    "t": "rfgy", "u": "yhji", "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx",
}  # fmt: skip
_OCR = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("l", "I"),
        ("o", "0"), ("e", "c"), ("w", "vv"), ("h", "li"))  # fmt: skip
_PHONETIC = (("ph", "f"), ("f", "ph"), ("ck", "k"), ("y", "i"), ("i", "y"), ("son", "sen"),
             ("sen", "son"), ("c", "k"), ("k", "c"), ("ee", "ie"), ("ie", "ee"), ("z", "s"),
             ("s", "z"), ("th", "t"), ("ou", "oo"), ("a", "e"))  # fmt: skip
_STREET_LONG = {"St": "Street", "Ave": "Avenue", "Rd": "Road", "Dr": "Drive", "Ln": "Lane",
                "Ct": "Court", "Trl": "Trail", "Cir": "Circle", "N": "North", "S": "South",
                "E": "East", "W": "West"}  # fmt: skip
_EXTRA = ("Apt 2", "Unit 5B", "# 12", "c/o Dana Whitfield", "Building C", "Lower Level")


@dataclass(frozen=True, slots=True)
class Written:
    """A claim as the broker wrote it; None where the broker left a value out."""

    first_name: str
    last_name: str
    dob: dt.date | None
    application_date: dt.date | None
    carrier: str | None
    address: str
    corruptions: tuple[str, ...] = field(default=())


def one_cell(line1: str, line2: str, city: str, zip_code: str) -> str:
    """The household's address written in one cell, as a broker would."""
    street = f"{line1}, {line2}" if line2 else line1
    return f"{street}, {city}, MN {zip_code}".strip(", ") if line1 else ""


def corrupt(clean: Written, rng: random.Random) -> Written:
    count = rng.choices([n for n, _ in HOW_MANY], [w for _, w in HOW_MANY])[0]
    written = clean
    for kind in rng.sample(KINDS, count):
        written = _APPLY[kind](written, rng)
    return replace(written, corruptions=tuple(sorted(written.corruptions)))


def _tag(written: Written, kind: str, **changes: object) -> Written:
    return replace(written, corruptions=(*written.corruptions, kind), **changes)


def _a_name(written: Written, rng: random.Random, change) -> Written:  # type: ignore[no-untyped-def]
    if rng.random() < 0.5:
        return replace(written, first_name=change(written.first_name, rng))
    return replace(written, last_name=change(written.last_name, rng))


def slip(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.choice(("drop", "double", "neighbour", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "neighbour":
        keys = _NEIGHBOURS.get(word[i].lower(), "e")
        return word[:i] + rng.choice(keys) + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _substitute(word: str, rng: random.Random, pairs: tuple[tuple[str, str], ...]) -> str:
    """One substitution after the first letter; a slip when none applies."""
    lower = word.lower()
    options = [(a, b, i) for a, b in pairs for i in range(1, len(lower)) if lower.startswith(a, i)]
    if not options:
        return slip(word, rng)
    a, b, i = rng.choice(options)
    return word[:i] + b + word[i + len(a) :]


def _typo(w: Written, rng: random.Random) -> Written:
    return _tag(_a_name(w, rng, slip), "typo")


def _ocr(w: Written, rng: random.Random) -> Written:
    return _tag(_a_name(w, rng, lambda s, r: _substitute(s, r, _OCR)), "ocr")


def _phonetic(w: Written, rng: random.Random) -> Written:
    return _tag(_a_name(w, rng, lambda s, r: _substitute(s, r, _PHONETIC)), "phonetic")


def _missing(w: Written, rng: random.Random) -> Written:
    u = rng.random()
    if u < 0.6:
        return _tag(w, "missing", address="")
    if u < 0.8:
        return _tag(w, "missing", carrier=None)
    return _tag(w, "missing", application_date=None)


def _swapped(w: Written, rng: random.Random) -> Written:
    if rng.random() < 0.6 or w.dob is None or w.dob.day > 12:
        return _tag(w, "swapped", first_name=w.last_name, last_name=w.first_name)
    return _tag(w, "swapped", dob=w.dob.replace(month=w.dob.day, day=w.dob.month))


def _valid(digits: str) -> dt.date | None:
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _dob_digit(w: Written, rng: random.Random) -> Written:
    if w.dob is None:
        return w
    digits = f"{w.dob.year:04d}{w.dob.month:02d}{w.dob.day:02d}"
    for _ in range(20):
        u = rng.random()
        if u < 0.5:
            i = rng.randrange(8)
            new = digits[:i] + rng.choice("0123456789".replace(digits[i], "")) + digits[i + 1 :]
        elif u < 0.8:
            i = rng.randrange(7)
            new = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        else:
            i = rng.choice((2, 3))  # the decade or the year: 1984 -> 1974, 1985
            new = digits[:i] + rng.choice("0123456789".replace(digits[i], "")) + digits[i + 1 :]
        day = _valid(new)
        if day and day != w.dob and dt.date(1900, 1, 1) < day < dt.date(2026, 1, 1):
            return _tag(w, "dob_digit", dob=day)
    return w


def _replaced_name(w: Written, rng: random.Random) -> Written:
    if rng.random() < 0.5:
        others = [n for n in names.FIRST_NAMES if n != w.first_name]
        return _tag(w, "replaced_name", first_name=rng.choice(others))
    others = [n for n in names.LAST_NAMES if n != w.last_name]
    return _tag(w, "replaced_name", last_name=rng.choice(others))


def _address(w: Written, rng: random.Random) -> Written:
    if not w.address:
        return w
    text = w.address
    words = text.replace(",", " ,").split()
    if rng.random() < 0.6:
        words = [_STREET_LONG.get(word, word) for word in words]
    text = " ".join(words).replace(" ,", ",")
    u = rng.random()
    if u < 0.3:
        text = text.upper()
    elif u < 0.5:
        text = text.replace(",", "")
    elif u < 0.7:
        text = text.rsplit(" ", 1)[0]  # no ZIP
    text = text.replace("Apt ", "# ") if rng.random() < 0.5 else text
    return _tag(w, "address", address=text)


def _extra_line(w: Written, rng: random.Random) -> Written:
    if not w.address:
        return w
    street, _, rest = w.address.partition(", ")
    extra = rng.choice(_EXTRA)
    if rng.random() < 0.5 or extra.startswith(("c/o", "Building")):
        text = (
            f"{extra}, {street}, {rest}"
            if extra.startswith("c/o")
            else f"{street}, {extra}, {rest}"
        )
    else:
        text = f"{street} {extra}, {rest}"
    return _tag(w, "extra_line", address=text)


_APPLY = {
    "typo": _typo, "ocr": _ocr, "phonetic": _phonetic, "missing": _missing,
    "swapped": _swapped, "dob_digit": _dob_digit, "replaced_name": _replaced_name,
    "address": _address, "extra_line": _extra_line,
}  # fmt: skip
