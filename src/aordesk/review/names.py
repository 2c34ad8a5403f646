"""Normalising people's names for comparison. Pure: no Django.

Brokers type names from memory, from a phone call or from a carrier portal, so the same person
arrives as "García-López", "Garcia Lopez" or "GARCIA LOPEZ". Every comparison in matching goes
through `normalise_name`, which folds those differences away and keeps the name's parts so that
one part of a compound surname can match on its own.

Look-alike letters from another script ("John" typed with a Cyrillic o) are mapped to their Latin
twin so the name still finds its household, but the result is flagged `mixed_scripts` and the
matcher never lets such a name through silently.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from aordesk.core.scripts import mixes_scripts as has_mixed_scripts

# Letters that NFKD does not decompose into a base letter plus marks.
_UNDECOMPOSED = str.maketrans(
    {"\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00f8": "o", "\u0111": "d",
     "\u00f0": "d", "\u0142": "l", "\u0131": "i", "\u00fe": "th"}
)  # fmt: skip
# (sharp s, ae, oe, o with stroke, d with stroke, eth, l with stroke, dotless i, thorn)

# Cyrillic and Greek letters that look like Latin ones (lower case, after case folding),
# keyed by the Latin letter they imitate and written as escapes so this source has no
# look-alikes of its own. Mapping them lets "John" typed with a Cyrillic o score like "John";
# the mixed-scripts flag keeps it from being accepted without a person looking at it.
_LOOK_ALIKES = {
    "a": "\u0430\u03b1",
    "b": "\u0432\u03b2",
    "c": "\u0441",
    "d": "\u0501",
    "e": "\u0435\u0451\u03b5",
    "h": "\u04bb\u043d",
    "i": "\u0456\u0457\u03b9",
    "j": "\u0458",
    "k": "\u043a\u03ba",
    "l": "\u04cf",
    "m": "\u043c",
    "n": "\u03b7",
    "o": "\u043e\u03bf",
    "p": "\u0440\u03c1",
    "q": "\u051b",
    "s": "\u0455",
    "t": "\u0442\u03c4",
    "u": "\u03c5",
    "v": "\u03bd",
    "w": "\u051d",
    "x": "\u0445\u03c7",
    "y": "\u0443\u03b3",
    "z": "\u03b6",
}
_CONFUSABLES = str.maketrans(
    {alike: latin for latin, alikes in _LOOK_ALIKES.items() for alike in alikes}
)

# Hyphens, dashes, slashes and spaces separate the parts of a name; other punctuation
# (apostrophes, periods, commas) just disappears, so "O'Brien" == "OBrien".
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015/_]+")
_NOT_WORD = re.compile(r"[\W_]+")

# Generational suffixes are not part of the name a household is filed under.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Particles shared by unrelated surnames ("De La Cruz", "De Leon"): never a match on their own.
_PARTICLES = frozenset({"de", "la", "del", "van", "der", "von", "da", "di", "le", "du", "st"})


@dataclass(frozen=True, slots=True)
class NormalName:
    """A name ready for comparison.

    `parts` are the pieces of a compound name ("garcia", "lopez"); `key` is the parts run
    together ("garcialopez"), so "O Brien" and "O'Brien" share the key "obrien";
    `significant` holds the parts and key that identify the name on their own (no particles
    such as "de" or "van", no initials). Computed once: matching compares names many times.
    """

    raw: str
    parts: tuple[str, ...]
    mixed_scripts: bool
    key: str = ""
    significant: frozenset[str] = frozenset()

    @property
    def is_initial(self) -> bool:
        return len(self.key) == 1

    def __bool__(self) -> bool:
        return bool(self.parts)


def _strip_controls(text: str) -> str:
    # Category Cf holds zero-width spaces and joiners, bidi overrides, the BOM and soft hyphens:
    # invisible characters that would otherwise make equal names compare unequal.
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def fold(text: str, *, map_look_alikes: bool = False) -> str:
    """Case-fold, drop accents and invisible controls; optionally map look-alikes to Latin.

    Look-alikes are mapped only for mixed-script text: a name written wholly in Cyrillic is a
    real name in its own script, not a disguised Latin one, and is left to compare as it is.
    """
    if text.isascii():
        # No accents, controls of category Cf or look-alikes in ASCII: the steps below would
        # only case-fold it. Addresses take this path for nearly every candidate.
        return text.casefold()
    text = _strip_controls(text).casefold().translate(_UNDECOMPOSED)
    # Compatibility forms can decompose to capitals ("\u210c" -> "H"): fold case again.
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(_CONFUSABLES) if map_look_alikes else bare


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> NormalName:
    """'García-López' -> parts ('garcia', 'lopez'); "O'Brien" -> ('obrien',)."""
    mixed = has_mixed_scripts(name)
    folded = fold(name, map_look_alikes=mixed)
    pieces = (_NOT_WORD.sub("", piece) for piece in _SEPARATORS.split(folded))
    parts = tuple(piece for piece in pieces if piece)
    if len(parts) > 1:
        parts = tuple(part for part in parts if part not in _SUFFIXES) or parts
    key = "".join(parts)
    significant = {part for part in (*parts, key) if len(part) > 1 and part not in _PARTICLES}
    return NormalName(name, parts, mixed, key, frozenset(significant))


def same_name(left: str, right: str) -> bool:
    """True when two names are equal once normalised ("García" == "garcia")."""
    return normalise_name(left).key == normalise_name(right).key
