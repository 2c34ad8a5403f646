"""The surge benchmark: a month of returned files on the real queue and services, on a
virtual clock (SimPy), worked by R reviewers; with auto-decide on or off.

    python -m bench.surge --claims 500 --reviewers 3 --auto on --result FILE

The clock counts working hours: 8 a business day, business days from Monday November 2
2026 with weekends and Minnesota holidays (Veterans Day, Thanksgiving) skipped, so "business
days" below are working time / 8. Files arrive at random over the month's first
MONTH_DAYS business days; each is triaged at once (`claims_triage_pending`: with
auto-decide on, confident proposals are decided by the system). Reviewers answer the Broker
Team inbox first (oldest thread first, `thread_take` + `thread_answer`), then, with
auto-decide off, bulk-confirm the confident proposals waiting (`claims_confirm_confident`,
a page of up to 50), then take the next claim (`claim_take_next`) and confirm, ask the
broker (`claim_request_info`) or decide after the broker's answer (`claim_decide`).
Brokers answer information requests after a random delay (`info_request_answer`) and
ask questions by replying to their report message (`message_reply`).

Reviewer minutes per kind of work (assumptions, not observations: see docs/benchmarks.md)
are in MINUTES; the wall time each real service call takes is not part of the clock."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
django.setup()

import simpy  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402

from aordesk.accounts.models import User  # noqa: E402
from aordesk.core.audit import Actor  # noqa: E402
from aordesk.core.business_days import add_business_days  # noqa: E402
from aordesk.core.dates import CHICAGO  # noqa: E402
from aordesk.intake.models import Claim  # noqa: E402
from aordesk.messaging.models import Thread  # noqa: E402
from aordesk.messaging.replies import message_reply  # noqa: E402
from aordesk.messaging.threads import thread_answer, thread_release, thread_take  # noqa: E402
from aordesk.review.bulk import claims_confirm_confident  # noqa: E402
from aordesk.review.models import Decision, InfoRequest  # noqa: E402
from aordesk.review.replies import info_request_answer  # noqa: E402
from aordesk.review.services import (  # noqa: E402
    claim_decide,
    claim_request_info,
    claim_take_next,
    claims_triage_pending,
)
from bench.surge_world import World, claims_of, submission_make, world_build  # noqa: E402

DAY_HOURS = 8.0
MONTH_DAYS = 20
START = dt.date(2026, 11, 2)
MINUTES = {
    "confirm_confident": 1.5,  # a confident proposal, from its case page
    "decide_doubtful": 6.0,  # read the candidates side by side, confirm or choose
    "request_info": 4.0,  # write what the broker needs
    "decide_answered": 5.0,  # read the broker's answer and its file, decide
    "bulk_per_claim": 0.25,  # glance at a confident row on a queue page, tick it
    "answer_thread": 8.0,  # read a broker's question and write the answer
    "idle": 15.0,  # nothing waiting: look again later
}
BROKER_ANSWER_MEAN_DAYS = 1.5  # exponential delay of a broker's answer to a request
QUESTIONS_PER_CLAIM = 1 / 15  # broker questions to the inbox, per claim of the month
SYSTEM = Actor.system("bench-surge")


def business_day(hours: float) -> dt.date:
    return add_business_days(START, int(hours // DAY_HOURS))


def moment(hours: float) -> dt.datetime:
    day = business_day(hours)
    return dt.datetime.combine(day, dt.time(8), tzinfo=CHICAGO) + dt.timedelta(
        hours=hours % DAY_HOURS
    )


class Surge:
    def __init__(self, env: simpy.Environment, world: World, args: argparse.Namespace) -> None:
        self.env, self.world, self.args = env, world, args
        self.received: dict[int, float] = {}
        self.decided: dict[int, float] = {}
        self.waiting: dict[int, float] = {}  # thread id -> since when it waits
        self.waits: list[float] = []  # hours each answered question waited
        self.questions_left = round(args.claims * QUESTIONS_PER_CLAIM)
        self.reviewers = [
            User.objects.create(username=f"reviewer{n}@exchange.example", role=User.Role.STAFF)
            for n in range(args.reviewers)
        ]
        self.work: dict[str, int] = dict.fromkeys(MINUTES, 0)

    def spend(self, kind: str, count: int = 1):  # type: ignore[no-untyped-def]
        self.work[kind] += count
        return self.env.timeout(MINUTES[kind] * count / 60)

    def arrivals(self):  # type: ignore[no-untyped-def]
        """Files at uniformly random moments of the month, of lognormal sizes (median 6
        rows, a few of 50 or more), until the month's claims are in."""
        rng, sizes, left = self.world.rng, [], self.args.claims
        while left > 0:
            sizes.append(min(left, max(1, round(rng.lognormvariate(1.8, 0.9)))))
            left -= sizes[-1]
        moments = sorted(rng.uniform(0, MONTH_DAYS * DAY_HOURS) for _ in sizes)
        for at, rows in zip(moments, sizes, strict=True):
            yield self.env.timeout(at - self.env.now)
            submission = submission_make(self.world, rows=rows, received_at=moment(self.env.now))
            claims = claims_of(submission)
            for pk in claims:
                self.received[pk] = self.env.now
            claims_triage_pending(actor=SYSTEM, today=business_day(self.env.now))
            automatic = Decision.objects.filter(automatic=True, claim_id__in=claims)
            for pk in automatic.values_list("claim_id", flat=True):
                self.decided[pk] = self.env.now

    def questions(self):  # type: ignore[no-untyped-def]
        rng, world = self.world.rng, self.world
        count = self.questions_left
        for _ in range(count):
            yield self.env.timeout(rng.expovariate(count / (MONTH_DAYS * DAY_HOURS)))
            broker = rng.choice(world.brokers)
            reply = message_reply(
                message=world.reports[broker.pk],
                body="Why is one of my consumers missing from this report?",
                upload=None,
                actor=Actor.web(world.users[broker.pk]),
            )
            reply.refresh_from_db()
            self.waiting.setdefault(reply.thread_id, self.env.now)  # type: ignore[arg-type]
            self.questions_left -= 1

    def broker_answers(self, request: InfoRequest):  # type: ignore[no-untyped-def]
        delay = self.world.rng.expovariate(1 / BROKER_ANSWER_MEAN_DAYS) * DAY_HOURS
        yield self.env.timeout(delay)
        user = self.world.users[request.claim.broker_id]
        info_request_answer(
            message=request.message,
            body="The consumer's address is 12 Elm Street.",
            upload=None,
            actor=Actor.web(user),
        )

    def reviewer(self, staff: User):  # type: ignore[no-untyped-def]
        actor = Actor.web(staff)
        while True:
            if (thread := self._waiting_thread()) is not None:
                yield from self._answer(thread, staff, actor)
            elif not settings.REVIEW_AUTO_DECIDE and (batch := self._confident_batch()):
                result = claims_confirm_confident(claim_ids=batch, reviewer=staff, actor=actor)
                yield self.spend("bulk_per_claim", len(batch))
                for pk in result.decided:
                    self.decided[pk] = self.env.now
            elif claim := claim_take_next(reviewer=staff, actor=actor, today=self._today()):
                yield from self._work(claim, staff, actor)
            elif self._done():
                return
            else:
                yield self.spend("idle")

    def _today(self) -> dt.date:
        return business_day(self.env.now)

    def _waiting_thread(self) -> Thread | None:
        return (
            Thread.objects.filter(status=Thread.Status.AWAITING, assignee__isnull=True)
            .order_by("waiting_since", "id")
            .first()
        )

    def _answer(self, thread: Thread, staff: User, actor: Actor):  # type: ignore[no-untyped-def]
        thread_take(thread=thread, staff=staff, actor=actor)
        yield self.spend("answer_thread")
        thread_answer(thread=thread, staff=staff, body="It was sent on 10/07.", actor=actor)
        # Released once answered: the broker's next question is whoever's is free first.
        thread_release(thread=thread, staff=staff, actor=actor)
        if thread.pk in self.waiting:
            self.waits.append(self.env.now - self.waiting.pop(thread.pk))

    def _confident_batch(self) -> list[int]:
        waiting = Claim.objects.filter(status=Claim.Status.NEW, proposal__confident=True)
        return list(
            waiting.exclude(proposal__internal_code="NEEDS_INFO").values_list("pk", flat=True)[:50]
        )

    def _work(self, claim: Claim, staff: User, actor: Actor):  # type: ignore[no-untyped-def]
        claim = Claim.objects.select_related("proposal").get(pk=claim.pk)
        proposal = claim.proposal  # type: ignore[attr-defined]
        answered = InfoRequest.objects.filter(claim=claim, answered_at__isnull=False).exists()
        if answered:
            yield self.spend("decide_answered")
            code = proposal.internal_code if proposal.internal_code != "NEEDS_INFO" else None
            claim_decide(
                claim=claim,
                reviewer=staff,
                internal_code=code or "NO_MATCHING_ENROLLMENT",
                note="" if code else "Decided on the broker's answer.",
                actor=actor,
            )
        elif proposal.internal_code == "NEEDS_INFO":
            yield self.spend("request_info")
            request = claim_request_info(
                claim=claim, reviewer=staff, needed=proposal.needs or "An address.", actor=actor
            )
            self.env.process(self.broker_answers(request))
            return
        else:
            yield self.spend("confirm_confident" if proposal.confident else "decide_doubtful")
            claim_decide(
                claim=claim,
                reviewer=staff,
                internal_code=proposal.internal_code,
                note="",
                actor=actor,
            )
        self.decided[claim.pk] = self.env.now

    def _done(self) -> bool:
        arrived = len(self.received) >= self.args.claims and not self.questions_left
        return arrived and not Claim.objects.exclude(status=Claim.Status.DECIDED).exists()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(surge: Surge, seconds: float) -> dict:
    days = [(surge.decided[pk] - surge.received[pk]) / DAY_HOURS for pk in surge.decided]
    waits = [hours / DAY_HOURS for hours in surge.waits]
    automatic = Decision.objects.filter(automatic=True).count()
    claims = len(surge.received)
    return {
        "claims": claims,
        "decided": len(surge.decided),
        "reviewers": surge.args.reviewers,
        "auto_decide": settings.REVIEW_AUTO_DECIDE,
        "share_without_a_person": round(automatic / claims, 4),
        "share_needing_a_person": round(1 - automatic / claims, 4),
        "info_requests": InfoRequest.objects.count(),
        "median_business_days": round(statistics.median(days), 2),
        "p90_business_days": round(percentile(days, 90), 2),
        "inbox_questions_answered": len(surge.waits),
        "inbox_median_business_days": round(statistics.median(waits), 2) if waits else None,
        "last_decision_business_day": round(max(surge.decided.values()) / DAY_HOURS, 1),
        "reviewer_work_items": surge.work,
        "wall_seconds": round(seconds, 1),
        "codes": dict(
            Decision.objects.values_list("internal_code").annotate(n=Count("id")).order_by()
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--reviewers", type=int, default=3)
    parser.add_argument("--brokers", type=int, default=60)
    parser.add_argument("--auto", choices=["on", "off"], default="on")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args()
    settings.REVIEW_AUTO_DECIDE = args.auto == "on"
    started = time.perf_counter()
    env = simpy.Environment()
    surge = Surge(env, world_build(brokers=args.brokers, seed=args.seed), args)
    env.process(surge.arrivals())
    env.process(surge.questions())
    done = [env.process(surge.reviewer(staff)) for staff in surge.reviewers]
    env.run(until=simpy.AllOf(env, done))
    args.result.write_text(json.dumps(report(surge, time.perf_counter() - started), indent=2))


if __name__ == "__main__":
    main()
