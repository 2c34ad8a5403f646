"""Which writing systems a name's letters come from. Pure.

A name that mixes them ("Sm\u0456th" with a Cyrillic i) may be a look-alike spoof: intake
flags it for review and matching never accepts it silently. One rule for both."""

from __future__ import annotations

import unicodedata

# Scripts with letters that look Latin, named apart; any other script counts as "OTHER".
LOOK_ALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")


def scripts_of(text: str) -> frozenset[str]:
    """The writing systems of the letters: {'LATIN', 'CYRILLIC'} for 'Sm\u0456th'."""
    if text.isascii():
        return frozenset({"LATIN"}) if any(char.isalpha() for char in text) else frozenset()
    found: set[str] = set()
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ", 1)[0]
            found.add(script if script in LOOK_ALIKE_SCRIPTS else "OTHER")
    return frozenset(found)


def mixes_scripts(text: str) -> bool:
    return len(scripts_of(text)) > 1
