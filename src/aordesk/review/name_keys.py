"""Keys a household is filed under for blocking on names. Pure: no Django.

Exact-DOB blocking finds nobody when the claim's DOB is mistyped. The second blocking pass
looks households up by name instead, with two keys stored on each household:
- `last_name_key`: the normalised last name (review.names: accents, case, punctuation
  folded), indexed with the date of birth, so "same last name, birth year or a near-miss
  DOB" is one index range;
- `name_sound_key`: the last name's phonetic key (Metaphone, via jellyfish) and the first
  name's initial, indexed with the date of birth, so a mistyped last name ("Jonsen" for
  "Johnson") and a mistyped DOB can still meet.
Every writer of households (seed, loaders, tests' factory) fills them with `name_keys`.
"""

from __future__ import annotations

from functools import lru_cache

import jellyfish

from aordesk.review.names import normalise_name


@lru_cache(maxsize=65536)
def last_name_key(last_name: str) -> str:
    return normalise_name(last_name).key[:100]


@lru_cache(maxsize=65536)
def name_sound_key(first_name: str, last_name: str) -> str:
    last = normalise_name(last_name).key
    first = normalise_name(first_name).key
    if not last or not first or not last.isascii():
        return ""
    return f"{jellyfish.metaphone(last).upper()[:40]} {first[0]}"


def name_keys(*, first_name: str, last_name: str) -> dict[str, str]:
    """The blocking keys of a household's primary enrollee, by field name."""
    return {
        "last_name_key": last_name_key(last_name),
        "name_sound_key": name_sound_key(first_name, last_name),
    }
