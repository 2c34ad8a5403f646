"""The one write of audit search: the search itself, audited (ids and dates only)."""

from __future__ import annotations

from typing import Any

from aordesk.core.audit import Actor, audit_record


def audit_search_record(
    *, actor: Actor, question: str, object_type: str, object_id: object, detail: dict[str, Any]
) -> None:
    """`question` is consumer_trail, consumer_lookup or user_activity. Never a name or a
    date of birth in `detail`: the household is named by its id."""
    audit_record(
        actor=actor,
        action=f"audit_search.{question}",
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
