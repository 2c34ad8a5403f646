"""The surge benchmark's world, real rows in a fresh database: brokers with portal
accounts and an AOR report message each, and per claim a consumer whose evidence makes one
kind of case. Rows come from the test factories (as bench/audit.py's do); claims are then
triaged and worked by the real services (bench/surge.py).

Kinds of claim, with their share (stated in docs/benchmarks.md):
- sent 78%: the household's AOR with this broker went to the carrier (SENT);
- held 6%: the association waits for the household's enrollment file (HELD);
- other 6%: the household's AOR is with another broker (NO_ASSOCIATION to the broker);
- unknown 5%: no household has the claim's name and date of birth;
- twins 5%: two households of the same date of birth and last name, similar first names
  (who the broker means is not settled: the proposal may ask the broker)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.intake.factories import SubmissionFactory
from tests.review.factories import associated, claim_about, consumer, enrolled, sent

from aordesk.accounts.models import User
from aordesk.brokers.models import Broker
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor
from aordesk.intake.models import Claim, Submission
from aordesk.messaging.models import Message
from aordesk.messaging.services import message_post

KINDS = (("sent", 78), ("held", 6), ("other", 6), ("unknown", 5), ("twins", 5))
FIRST = ("Marisol", "Ansel", "Odile", "Tobias", "Ingrid", "Kwame", "Lucia", "Henrik",
         "Amara", "Desmond", "Signe", "Rafael", "Yuki", "Bjorn", "Esperanza")  # fmt: skip
LAST = ("Quintanilla", "Brightwater", "Lindqvist", "Okonkwo", "Halvorsen", "Delacroix",
        "Vasquez", "Thorsby", "Nakamura", "Abernathy", "Kowalczyk", "Ferreira")  # fmt: skip
SYSTEM = Actor.system("bench-surge")


@dataclass
class World:
    brokers: list[Broker]
    users: dict[int, User]  # broker id -> the broker's portal account
    reports: dict[int, Message]  # broker id -> the broker's AOR report message
    carrier: Carrier
    rng: random.Random
    made: int = 0


def world_build(*, brokers: int, seed: int) -> World:
    carrier = CarrierFactory(code="BLUE", display_name="Blue Plan")
    made = [BrokerFactory() for _ in range(brokers)]
    users = {
        b.pk: User.objects.create(username=b.npn, email=b.email, role=User.Role.BROKER, broker=b)
        for b in made
    }
    reports = {
        b.pk: message_post(
            kind=Message.Kind.AOR_REPORT,
            subject="AOR report for October 2026",
            body="Your AOR report for October 2026 is attached.",
            actor=SYSTEM,
            broker=b,
            notify=False,
        )
        for b in made
    }
    return World(made, users, reports, carrier, random.Random(seed))


def _kind(rng: random.Random) -> str:
    return rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]


def _dob(rng: random.Random) -> dt.date:
    return dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(65 * 365))


def _case(world: World, broker: Broker, kind: str, first: str, last: str, dob: dt.date) -> None:
    """The households and evidence that make the claim's kind of case."""
    if kind == "unknown":
        return
    household = consumer(first=first, last=last, date_of_birth=dob)
    if kind == "sent":
        enrollment = enrolled(household, world.carrier)
        sent(associated(household, broker), enrollment, on=dt.date(2026, 10, 7))
    elif kind == "held":
        enrolled(household, world.carrier, sent_on=None)
        associated(household, broker)
    elif kind == "other":
        enrollment = enrolled(household, world.carrier)
        other = world.rng.choice([b for b in world.brokers if b.pk != broker.pk])
        sent(associated(household, other), enrollment, on=dt.date(2026, 10, 7))
    elif kind == "twins":
        enrolled(household, world.carrier)
        twin = consumer(first=first[:-1] + "e", last=last, date_of_birth=dob)
        enrolled(twin, world.carrier)


def submission_make(world: World, *, rows: int, received_at: dt.datetime) -> Submission:
    """One broker's returned file of `rows` claims, received at `received_at`."""
    broker = world.rng.choice(world.brokers)
    submission = SubmissionFactory(broker=broker, received_at=received_at)
    for _ in range(rows):
        world.made += 1
        kind = _kind(world.rng)
        first = f"{world.rng.choice(FIRST)}"
        last = f"{world.rng.choice(LAST)}{world.made}"
        dob = _dob(world.rng)
        _case(world, broker, kind, first, last, dob)
        claim_about(
            broker=broker,
            carrier=world.carrier,
            first=first,
            last=last,
            dob=dob,
            submission=submission,
        )
    return submission


def claims_of(submission: Submission) -> list[int]:
    return list(Claim.objects.filter(submission=submission).values_list("pk", flat=True))
