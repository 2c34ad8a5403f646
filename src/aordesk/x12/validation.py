"""Validating an 834 with pyx12, the HIPAA X12 validator. Pure: no Django.

pyx12 writes the 999 a carrier's translator would send; that 999, read back with acks.py,
is the verdict (its command-line x12valid exits 1 for valid and invalid files alike)."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import pyx12.params
import pyx12.x12n_document

from aordesk.x12.acks import ACCEPTED, GroupAnswer, parse_ack

# pyx12 logs the segments it finds wrong, and segments carry personal data.
logging.getLogger("pyx12").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Validation:
    ack_999: str
    groups: list[GroupAnswer]

    @property
    def accepted(self) -> bool:
        """Every group AK9*A and every set IK5*A: no errors at all."""
        return bool(self.groups) and all(
            g.code == "A" and all(s.code == "A" for s in g.sets) for g in self.groups
        )

    @property
    def status(self) -> str:
        return ACCEPTED if self.accepted else self.groups[0].status if self.groups else "rejected"


def pyx12_999(text: str) -> str:
    """The 999 (with its TA1) pyx12 answers for the interchange `text`."""
    out = io.StringIO()
    pyx12.x12n_document.x12n_document(
        param=pyx12.params.params(), src_file=io.StringIO(text), fd_997=out, fd_html=None
    )
    return out.getvalue()


def validate_834(text: str) -> Validation:
    ack = pyx12_999(text)
    return Validation(ack_999=ack, groups=parse_ack(ack).groups if ack else [])
