"""Steps of the production smoke test that run inside the deployed environment
(`python -m tests.ops.smoke_steps STEP`, with the smoke test's environment): they set up
what an operator would have, and report what the processes did, as one JSON line."""

from __future__ import annotations

import json
import sys

import django


def prepare(month_text: str) -> dict:
    """A small synthetic market and every carrier AOR file up to the month (as the demo)."""
    from aordesk.aor.services import aor_send
    from aordesk.core.audit import Actor
    from aordesk.core.dates import parse_month
    from aordesk.core.demo import months_to_replay, send_days
    from aordesk.seed.services import seed_market

    month, actor = parse_month(month_text), Actor.cli()
    seed_market(brokers=6, households=60, year=month.year, seed=3, through=month, actor=actor)
    files = 0
    for replay in months_to_replay(through=month):
        for day, final in send_days(replay):
            files += len(aor_send(send_date=day, final_for_month=final, actor=actor).transmissions)
    return {"files": files}


def status(month_text: str) -> dict:
    from aordesk.core.dates import parse_month
    from aordesk.cycle.models import Cycle, CycleUnit
    from aordesk.messaging.models import Notification

    cycle = Cycle.objects.filter(month=parse_month(month_text)).first()
    units = CycleUnit.objects.filter(cycle=cycle)
    return {
        "cycle": None if cycle is None else cycle.status,
        "units": units.count(),
        "built": units.filter(status=CycleUnit.Status.BUILT).count(),
        "notifications": Notification.objects.count(),
        "sent": Notification.objects.filter(status=Notification.Status.SENT).count(),
    }


def broker_session() -> dict:
    """A signed-in broker (authenticator set up) and one of their report attachments."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from aordesk.accounts.models import User
    from aordesk.messaging.models import Attachment

    attachment = (
        Attachment.objects.filter(message__broker__isnull=False)
        .select_related("message__broker", "artifact")
        .order_by("pk")
        .first()
    )
    assert attachment is not None
    broker = attachment.message.broker
    user = User.objects.create_user(
        username=broker.npn, role=User.Role.BROKER, broker=broker, email=broker.email
    )
    TOTP.activate(user, generate_totp_secret())
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
        "attachment": attachment.pk,
        "sha256": attachment.artifact.sha256,
        "relative_path": attachment.artifact.relative_path,
    }


if __name__ == "__main__":
    django.setup()
    step, *args = sys.argv[1:]
    print(json.dumps({"prepare": prepare, "status": status, "broker": broker_session}[step](*args)))
