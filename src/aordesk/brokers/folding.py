"""Folding a name for search: accents dropped, ASCII letters lowered. Pure.

The same table builds the database expression of the stored key (brokers.models) and folds
the searched text, so both sides fold alike (SQLite's lower() only knows ASCII, hence an
explicit table instead of Unicode normalisation; SQLite folds a subset, see below)."""

from __future__ import annotations

_PLAIN = {
    "a": "àáâãäåāăą",
    "c": "çćč",
    "d": "ďđ",
    "e": "èéêëēėęě",
    "g": "ğ",
    "i": "ìíîïīį",
    "l": "ł",
    "n": "ñńň",
    "o": "òóôõöøō",
    "r": "ř",
    "s": "śšş",
    "t": "ť",
    "u": "ùúûüūů",
    "y": "ýÿ",
    "z": "źżž",
}

# (accented, plain) for every accented letter the table knows, lower and upper case.
ACCENT_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (accented, plain)
    for plain, letters in _PLAIN.items()
    for lower in letters
    for accented in (lower, lower.upper())
    if len(accented) == 1
)
# SQLite's parser refuses deeper nesting than about twenty REPLACE calls, so on SQLite
# (development and tests) the stored key folds only these, the most frequent in names.
SQLITE_LETTERS = "áàäãéèêëíïóöøúüñçÉÖ"
SQLITE_PAIRS = tuple(pair for pair in ACCENT_PAIRS if pair[0] in SQLITE_LETTERS)
_TABLE = str.maketrans({accented: plain for accented, plain in ACCENT_PAIRS})


def fold(text: str) -> str:
    """Drop the accents the table knows and lower ASCII letters (as SQLite's lower() does)."""
    folded = text.translate(_TABLE)
    return "".join(c.lower() if c.isascii() else c for c in folded)
