"""The actor of a service call and the audit trail it leaves."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aordesk.core.models import AuditEvent

if TYPE_CHECKING:
    from aordesk.accounts.models import User

Source = AuditEvent.Source
Outcome = AuditEvent.Outcome


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, an operator at the command line, or the system."""

    label: str
    source: str
    user: User | None = field(default=None, compare=False)
    remote_addr: str | None = None

    @classmethod
    def cli(cls) -> Actor:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
        return cls(label=f"cli:{name}", source=Source.CLI)

    @classmethod
    def system(cls, what: str = "system") -> Actor:
        return cls(label=f"system:{what}", source=Source.SYSTEM)

    @classmethod
    def task(cls, name: str) -> Actor:
        return cls(label=f"task:{name}", source=Source.TASK)

    @classmethod
    def web(cls, user: User, remote_addr: str | None = None) -> Actor:
        return cls(label=f"user:{user.pk}", source=Source.WEB, user=user, remote_addr=remote_addr)


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    outcome: str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. `detail` carries ids, counts and codes, never names or DOBs."""
    return AuditEvent.objects.create(
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        source=actor.source,
        outcome=outcome,
        remote_addr=actor.remote_addr,
        detail=detail or {},
    )


@dataclass(frozen=True)
class AuditEntry:
    """One event of `audit_record_many`: what `audit_record` takes besides the actor."""

    action: str
    object_type: str
    object_id: object
    detail: dict[str, Any] = field(default_factory=dict)
    outcome: str = Outcome.SUCCESS


def audit_record_many(*, actor: Actor, entries: list[AuditEntry]) -> list[AuditEvent]:
    """Write several events of one actor in one INSERT (a batch's bookkeeping)."""
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor.user,
                actor_label=actor.label,
                action=entry.action,
                object_type=entry.object_type,
                object_id=str(entry.object_id),
                source=actor.source,
                outcome=entry.outcome,
                remote_addr=actor.remote_addr,
                detail=entry.detail,
            )
            for entry in entries
        ]
    )
