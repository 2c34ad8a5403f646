"""Normalising carrier names for alias matching. Pure."""

import re
import unicodedata

_NOISE = re.compile(r"[^a-z0-9]+")


def alias_key(name: str) -> str:
    """'Blue Cross & Blue Shield of MN' -> 'bluecrossblueshieldofmn'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _NOISE.sub("", folded.replace("&", "and"))
