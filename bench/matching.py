"""Matching accuracy: labelled claims against N households, scored by the real pure core.

python -m bench.matching --households 1000000 --claims 12000 --result out.json

Timed per claim: blocking (in-memory, by DOB and swapped DOB), gathering evidence for the
plausible candidates, rank, propose and both explanations. Building the world and the
claims is not timed. See bench/matching_world.py for what is synthetic and how.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from pathlib import Path

from aordesk.review.determination import (
    BrokerCode,
    HouseholdEvidence,
    Proposal,
    broker_explanation,
    propose,
    staff_explanation,
)
from aordesk.review.matching import plausible, rank
from bench.matching_claims import Claim, ClaimMaker
from bench.matching_world import YEAR, Index, build

POSITIVE = ("ON_REPORT", "SENT", "HELD")


def decide(index: Index, claim: Claim) -> Proposal:
    homes = {h.index: h for h in index.block(claim.facts.dob)}
    ranked = rank(claim.facts, (h.candidate for h in homes.values()))
    evidence: dict[int | str, HouseholdEvidence] = {
        s.candidate.household_id: homes[int(s.candidate.household_id)].evidence(claim.npn)
        for s in plausible(ranked)
    }
    proposal = propose(claim.facts, ranked, evidence, current_year=YEAR)
    broker_explanation(proposal)
    staff_explanation(proposal)
    return proposal


def correct(claim: Claim, proposal: Proposal) -> bool:
    """Right code, and for a positive the right household too."""
    if proposal.broker_code != claim.truth:
        return False
    return claim.truth not in POSITIVE or proposal.household_id == claim.household


def metrics(claims: list[Claim], proposals: list[Proposal]) -> dict:
    per_code = {}
    for code in BrokerCode:
        predicted = [
            (c, p) for c, p in zip(claims, proposals, strict=True) if p.broker_code == code
        ]
        actual = [(c, p) for c, p in zip(claims, proposals, strict=True) if c.truth == code]
        hits = sum(correct(c, p) for c, p in predicted)
        per_code[code.value] = {
            "truth": len(actual),
            "predicted": len(predicted),
            "correct": hits,
            "precision": round(hits / len(predicted), 4) if predicted else None,
            "recall": round(sum(correct(c, p) for c, p in actual) / len(actual), 4)
            if actual
            else None,
        }
    return per_code


def misses(claims: list[Claim], proposals: list[Proposal]) -> dict[str, Counter[str]]:
    """Where each kind of claim went wrong: 'truth->proposed (first doubt reason)'."""
    out: dict[str, Counter[str]] = {}
    for claim, p in zip(claims, proposals, strict=True):
        if correct(claim, p):
            continue
        why = next((r.code for r in reversed(p.reasons)), "")
        key = f"{claim.truth}->{p.broker_code} {why}"
        out.setdefault(claim.kind, Counter())[key] += 1
    return out


def run(households: int, count: int, seed: int) -> dict:
    started = time.perf_counter()
    index = build(households, seed=seed)
    built = time.perf_counter() - started
    claims = ClaimMaker(index, random.Random(f"{seed}:claims")).make(count)
    started, cpu = time.perf_counter(), time.process_time()
    proposals = [decide(index, claim) for claim in claims]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    needs = sum(p.broker_code == BrokerCode.NEEDS_INFO for p in proposals)
    blocks = [len(index.block(c.facts.dob)) for c in claims]
    return {
        "households": households,
        "claims": count,
        "seed": seed,
        "build_seconds": round(built, 1),
        "match_seconds": round(seconds, 2),
        "match_cpu_seconds": round(cpu, 2),
        # CPU time of this one process: the machine is shared, so wall time varies with load.
        "claims_per_second": round(count / cpu, 1),
        "claims_per_wall_second": round(count / seconds, 1),
        "confident_share": round(sum(p.confident for p in proposals) / count, 4),
        "mean_candidates": round(sum(blocks) / len(blocks), 1),
        "needs_info_share": round(needs / count, 4),
        "kinds": dict(Counter(c.kind for c in claims)),
        "codes": metrics(claims, proposals),
        "misses": {k: dict(v.most_common(8)) for k, v in misses(claims, proposals).items()},
    }


def table(result: dict) -> str:
    rows = [
        "| broker code | truth | proposed | correct | precision | recall |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for code, m in result["codes"].items():
        p = "-" if m["precision"] is None else f"{m['precision']:.4f}"
        r = "-" if m["recall"] is None else f"{m['recall']:.4f}"
        rows.append(f"| {code} | {m['truth']} | {m['predicted']} | {m['correct']} | {p} | {r} |")
    rows.append(
        f"\n{result['claims']:,} claims against {result['households']:,} households "
        f"(mean {result['mean_candidates']} candidates per claim): "
        f"{result['claims_per_second']:,.0f} claims/s of CPU "
        f"({result['claims_per_wall_second']:,.0f} per wall second), "
        f"NEEDS_INFO {100 * result['needs_info_share']:.1f}%, "
        f"confident (could auto-resolve) {100 * result['confident_share']:.1f}%"
    )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=12_000)
    parser.add_argument("--seed", type=int, default=20261)
    parser.add_argument("--result", type=Path)
    args = parser.parse_args()
    result = run(args.households, args.claims, args.seed)
    print(table(result))
    for kind, counts in sorted(result["misses"].items()):
        print(f"  {kind}: {counts}")
    if args.result:
        args.result.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
