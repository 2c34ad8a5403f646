"""`make bench`: python -m bench [--scenario all|cycle|intake|matching|audit|web|reconcile]
[--backends sqlite,postgresql] [--lines 100000,300000,1000000] [--workers 1,2] [--queued 2]
[--intake-files 1000] [--intake-rows 50] [--matching-households 1000000]
[--matching-claims 12000] [--audit-events 1000000]
[--web-households 1000000] [--web-claims 20000] [--web-users 20] [--web-seconds 60]
[--web-think 1.0] [--web-server gunicorn|runserver] [--reconcile-rows 1000000]
[--surge-claims 300] [--surge-factor 10] [--surge-reviewers 3]

cycle: the monthly cycle against XlsxWriter alone (bench/floor.py); with --queued N, also
the web's way (units on the task queue, N `aordesk worker` processes draining it).
intake: returned AOR reports through submission_receive against python_calamine alone
reading the same files (bench/intake.py), and the lower bound of any intake on this stack,
durable and relaxed (bench/intake_bound.py).
matching: the noisy set end to end (bench/matching_noisy.py, corruptions in bench/noise.py):
seeded households, labelled CSV files through `aordesk intake` and `aordesk triage` on each
backend [--noisy-households 1000000] [--noisy-claims 10000]; then the clean set, labelled
claims scored and proposed by the pure review core in memory (bench/matching.py, no
database; --no-clean leaves it out).
audit: audit search, both questions 20 times over N bulk-loaded audit events (bench/audit.py).
web: the review queue, case and broker pages under U concurrent staff users of a threaded
server on loopback, over N enrollments and a triaged queue of C claims; PostgreSQL only
(bench/web.py); then the broker's and agency's desk on the same data (bench/web_desk.py).
reconcile: `aordesk carrier reconcile` of an N-row carrier roster against N AOR lines sent to
that carrier (bench/reconcile.py), the counts checked against the roster's design.
surge: a month of returned files on the real queue and services on a virtual clock (SimPy),
worked by R reviewers, for a normal month and F times its claims, auto-decide on and off;
share decided without a person, business days from receipt to determination, staff inbox
time to answer (bench/surge.py). SQLite.

Each step runs as its own process; wall time and the peak RSS of its whole process tree
(wait4's ru_maxrss covers waited-for descendants, so --workers children count) are recorded.
Results: bench/out/results-<time>.json and a Markdown table on stdout."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
AORDESK = str(Path(PY).parent / "aordesk")
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
PG_DB = "aordesk_bench"
PG_DB_INTAKE = "aordesk_bench_intake"
PG_DB_AUDIT = "aordesk_bench_audit"
PG_DB_RECONCILE = "aordesk_bench_reconcile"
PG_DB_WEB = os.environ.get("BENCH_PG_WEB_DB", "aordesk_bench_web")
PG_DB_NOISY = os.environ.get("BENCH_PG_NOISY_DB", "aordesk_bench_noisy")


def measure(argv: list[str], env: dict[str, str]) -> dict:
    """Run one step; its wall time and the peak RSS of its process tree."""
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"step-{os.getpid()}.log"  # two harnesses at once keep their own logs
    started = time.perf_counter()
    with log.open("wb") as sink:
        proc = subprocess.Popen(argv, env=env, stdout=sink, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    text = log.read_text(errors="replace")
    if proc.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{text[-3000:]}")
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "output_tail": text[-300:],
    }


def backend_env(backend: str, workdir: Path, database: str = PG_DB) -> dict[str, str]:
    env = dict(os.environ, AORDESK_DATA_DIR=str(workdir / "data"), PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    if backend == "postgresql":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    return env


def fresh_database(backend: str, workdir: Path, database: str = PG_DB) -> None:
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {database}")


def cycle_scenario(backend: str, lines: int, workers: list[int], args: argparse.Namespace) -> dict:
    workdir = OUT / f"cycle-{backend}-{lines}"
    fresh_database(backend, workdir)
    env = backend_env(backend, workdir)
    shape = [
        "--lines",
        str(lines),
        "--brokers",
        str(args.brokers),
        "--agencies",
        str(args.agencies),
        "--month",
        args.month,
    ]
    result: dict = {"backend": backend, "lines": lines}
    measure([AORDESK, "migrate", "-v0"], env)
    result["dataset"] = measure([PY, "-m", "bench.dataset", *shape], env)
    for n in workers:
        measure([PY, "-m", "bench.reset"], env)
        result[f"cycle_w{n}"] = measure(
            [AORDESK, "cycle", "run", "--month", args.month, "--workers", str(n)], env
        )
        if ", failed 0," not in result[f"cycle_w{n}"]["output_tail"]:  # every unit built
            raise RuntimeError(f"cycle with {n} workers: {result[f'cycle_w{n}']['output_tail']}")
    for n in [int(x) for x in args.queued.split(",") if x]:
        result[f"cycle_q{n}"] = queued_run(n, args.month, env)
    return result


def queued_run(count: int, month: str, env: dict[str, str]) -> dict:
    """The web's way (bench/queued.py): the units on the task queue, `count` `aordesk
    worker` processes draining it, notifications delivered too (into the file outbox, which
    the command-line runs above leave in the outbox)."""
    measure([PY, "-m", "bench.reset"], env)
    done = measure([PY, "-m", "bench.queued", "--month", month, "--workers", str(count)], env)
    status = subprocess.run(
        [AORDESK, "cycle", "status", "--month", month, "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    units = json.loads(status.stdout)["cycle"]["units"]
    if any(n for state, n in units.items() if state != "built"):
        raise RuntimeError(f"queued cycle with {count} workers left units: {units}")
    return {**done, "units": units}


def floor(lines: int, args: argparse.Namespace) -> dict:
    out = OUT / f"floor-{lines}"
    shutil.rmtree(out, ignore_errors=True)
    argv = [
        PY,
        "-m",
        "bench.floor",
        "--lines",
        str(lines),
        "--brokers",
        str(args.brokers),
        "--agencies",
        str(args.agencies),
        "--month",
        args.month,
        "--out",
        str(out),
    ]
    result = measure(argv, dict(os.environ, PYTHONPATH=str(ROOT)))
    shutil.rmtree(out, ignore_errors=True)
    return result


def table(results: list[dict], floors: dict[int, dict], workers: list[int]) -> str:
    head = (
        "| backend | lines | floor s | "
        + " | ".join(f"{n} worker(s) s | x floor | peak MB" for n in workers)
        + " |"
    )
    rows = [head, "|" + " --- |" * (3 + 3 * len(workers))]
    for r in results:
        f = floors[r["lines"]]["seconds"]
        cells = [r["backend"], f"{r['lines']:,}", f"{f:.1f}"]
        for n in workers:
            c = r[f"cycle_w{n}"]
            cells += [f"{c['seconds']:.1f}", f"{c['seconds'] / f:.2f}", f"{c['peak_rss_mb']:.0f}"]
        rows.append("| " + " | ".join(cells) + " |")
        queued = [k for k in r if k.startswith("cycle_q")]
        rows += [
            f"| {r['backend']} | {r['lines']:,} | queued, {k[7:]} `aordesk worker` | "
            f"{r[k]['seconds']:.1f} s | {r[k]['seconds'] / f:.2f} x floor "
            f"| {r[k]['peak_rss_mb']:.0f} MB |"
            for k in queued
        ]
    return "\n".join(rows)


def intake_files(args: argparse.Namespace) -> tuple[Path, dict | None]:
    """The returned reports, built once for every backend (and kept for reruns)."""
    folder = OUT / f"intake-files-{args.intake_files}x{args.intake_rows}"
    done = folder / ".complete"
    if done.exists():
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    env = backend_env("sqlite", OUT / "intake-build")
    argv = [PY, "-m", "bench.intake", "files", "--files", str(args.intake_files)]
    built = measure([*argv, "--rows", str(args.intake_rows), "--out", str(folder)], env)
    done.touch()
    return folder, built


def intake_step(step: str, folder: Path, workdir: Path, env: dict[str, str], *extra: str) -> dict:
    result_file = workdir / f"{step}{''.join(extra)}.json"
    argv = [PY, "-m", "bench.intake", step, "--dir", str(folder), "--result", str(result_file)]
    process = measure([*argv, *extra], env)
    return {"process": process, "loop": json.loads(result_file.read_text())}


def intake_floor(folder: Path) -> dict:
    workdir = OUT / "intake-floor"
    fresh_database("sqlite", workdir)
    return intake_step("floor", folder, workdir, backend_env("sqlite", workdir))


def intake_scenario(backend: str, folder: Path, args: argparse.Namespace) -> dict:
    workdir = OUT / f"intake-{backend}"
    fresh_database(backend, workdir, PG_DB_INTAKE)
    env = backend_env(backend, workdir, PG_DB_INTAKE)
    measure([AORDESK, "migrate", "-v0"], env)
    measure([PY, "-m", "bench.intake", "seed", "--files", str(args.intake_files)], env)
    received = intake_step("receive", folder, workdir, env)
    bound = intake_step("bound", folder, workdir, env)
    relaxed = intake_step("bound", folder, workdir, env, "--relaxed")
    return {"backend": backend, **received, "bound": bound, "bound_relaxed": relaxed}


def intake_table(results: list[dict], floor_result: dict) -> str:
    f = floor_result["loop"]["seconds"]
    rows = [
        "| backend | files | floor s (calamine) | bound s | x floor | relaxed bound s "
        "| x floor | intake s | x floor | ms per file | peak MB |",
        "|" + " --- |" * 11,
    ]
    for r in results:
        loop, b = r["loop"], r["bound"]["loop"]["seconds"]
        rb = r["bound_relaxed"]["loop"]["seconds"]
        rows.append(
            f"| {r['backend']} | {loop['files']:,} | {f:.2f} | {b:.2f} | {b / f:.1f} "
            f"| {rb:.2f} | {rb / f:.1f} | {loop['seconds']:.2f} | {loop['seconds'] / f:.1f} "
            f"| {1000 * loop['seconds'] / loop['files']:.1f} | {r['process']['peak_rss_mb']:.0f} |"
        )
    return "\n".join(rows)


def cycle_run(args: argparse.Namespace, backends: list[str]) -> dict:
    sizes = [int(x) for x in args.lines.split(",")]
    workers = [int(x) for x in args.workers.split(",")]
    floors = {n: floor(n, args) for n in sizes}
    results = [cycle_scenario(b, n, workers, args) for b in backends for n in sizes]
    print(table(results, floors, workers))
    for r in results:
        print(f"{r['backend']} {r['lines']:,}: dataset {r['dataset']['seconds']} s")
    print(f"floor peak RSS MB: {[floors[n]['peak_rss_mb'] for n in sizes]}")
    return {"floors": floors, "results": results}


def intake_run(args: argparse.Namespace, backends: list[str]) -> dict:
    folder, built = intake_files(args)
    floor_result = intake_floor(folder)
    results = [intake_scenario(b, folder, args) for b in backends]
    print(intake_table(results, floor_result))
    for r in results:
        print(f"{r['backend']}: verdicts {r['loop']['verdicts']}, claims {r['loop']['claims']:,}")
    return {"files_built": built, "floor": floor_result, "results": results}


def matching_run(args: argparse.Namespace) -> dict:
    result_file = OUT / "matching.json"
    argv = [PY, "-m", "bench.matching", "--households", str(args.matching_households)]
    argv += ["--claims", str(args.matching_claims), "--result", str(result_file)]
    process = measure(argv, dict(os.environ, PYTHONPATH=str(ROOT)))
    result = json.loads(result_file.read_text())
    from bench.matching import table as matching_table

    print(matching_table(result))
    print(f"process: {process['seconds']} s, peak RSS {process['peak_rss_mb']} MB")
    return {"process": process, **result}


def noisy_scenario(backend: str, args: argparse.Namespace) -> dict:
    """The noisy set end to end: seed, AOR evidence, labelled CSV files, `aordesk intake`
    per file, one `aordesk triage` (one process, timed with its start-up), scored."""
    workdir = OUT / f"noisy-{backend}"
    fresh_database(backend, workdir, PG_DB_NOISY)
    env = backend_env(backend, workdir, PG_DB_NOISY)
    step = [PY, "-m", "bench.matching_noisy"]
    files, result_file = workdir / "claims", workdir / "score.json"
    result: dict = {"backend": backend, "households": args.noisy_households}
    measure([AORDESK, "migrate", "-v0"], env)
    seed = ["seed", "--households", str(args.noisy_households), "--brokers", "200"]
    result["seed"] = measure([AORDESK, *seed], env)
    result["evidence"] = measure([*step, "evidence"], env)
    measure([*step, "analyze"], env)
    claims = ["--claims", str(args.noisy_claims), "--senders", "20", "--out", str(files)]
    result["claims"] = measure([*step, "claims", *claims], env)
    result["intake"] = measure([*step, "intake", "--dir", str(files)], env)
    measure([*step, "analyze"], env)
    result["triage"] = measure([AORDESK, "triage", "--json"], env)
    measure([*step, "score", "--dir", str(files), "--result", str(result_file)], env)
    result["score"] = json.loads(result_file.read_text())
    triaged = json.loads(
        result["triage"]["output_tail"][result["triage"]["output_tail"].index("{") :]
    )
    result["triaged"] = triaged["triaged"]
    result["claims_per_second"] = round(triaged["triaged"] / result["triage"]["seconds"], 1)
    return result


def noisy_table(results: list[dict]) -> str:
    rows = [
        "| backend | accepted claims | precision ON_REPORT/SENT/HELD | recall of those | "
        "NEEDS_INFO | triage claims/s (wall, one process) | triage peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        s = r["score"]
        rows.append(
            f"| {r['backend']} | {s['accepted']:,} of {s['claims']:,} | {s['positive_precision']} "
            f"| {s['positive_recall']} | {100 * s['needs_info_share']:.1f}% "
            f"| {r['claims_per_second']:,} | {r['triage']['peak_rss_mb']} MB |"
        )
    return "\n".join(rows)


def noisy_run(args: argparse.Namespace, backends: list[str]) -> dict:
    results = [noisy_scenario(b, args) for b in backends]
    print(noisy_table(results))
    for r in results:
        print(f"{r['backend']} by code: {json.dumps(r['score']['codes'])}")
        print(f"{r['backend']} misses: {json.dumps(r['score']['misses_by_corruption'])}")
    return {"results": results}


def audit_run(args: argparse.Namespace, backends: list[str]) -> dict:
    results = []
    for backend in backends:
        workdir = OUT / f"audit-{backend}"
        fresh_database(backend, workdir, PG_DB_AUDIT)
        env = backend_env(backend, workdir, PG_DB_AUDIT)
        measure([AORDESK, "migrate", "-v0"], env)
        result_file = workdir / "audit.json"
        argv = [PY, "-m", "bench.audit", "--events", str(args.audit_events)]
        process = measure([*argv, "--result", str(result_file)], env)
        results.append({"process": process, **json.loads(result_file.read_text())})
    rows = ["| backend | events | load s | trail median / worst ms | activity median / worst ms |"]
    rows.append("|" + " --- |" * 5)
    for r in results:
        t, a = r["consumer_trail"], r["user_activity_two_pages"]
        rows.append(
            f"| {r['backend']} | {r['events']:,} | {r['load_s']} | {t['median_ms']} / "
            f"{t['worst_ms']} | {a['median_ms']} / {a['worst_ms']} |"
        )
    print("\n".join(rows))
    return {"results": results}


def web_run(args: argparse.Namespace) -> dict:
    workdir = OUT / "web-postgresql"
    fresh_database("postgresql", workdir, PG_DB_WEB)
    env = backend_env("postgresql", workdir, PG_DB_WEB) | {"AORDESK_DEBUG": "0"}
    measure([AORDESK, "migrate", "-v0"], env)
    plan, result_file = workdir / "plan.json", workdir / "web.json"
    argv = [PY, "-m", "bench.web", "load", "--households", str(args.web_households)]
    argv += ["--claims", str(args.web_claims), "--users", str(args.web_users)]
    loaded = measure([*argv, "--plan", str(plan)], env)
    argv = [PY, "-m", "bench.web", "drive", "--plan", str(plan), "--result", str(result_file)]
    argv += ["--seconds", str(args.web_seconds), "--think", str(args.web_think)]
    argv += ["--server", args.web_server]
    measure(argv, env)
    result = json.loads(result_file.read_text())
    rows = ["| page | requests | errors | p50 ms | p95 ms | p99 ms |", "|" + " --- |" * 6]
    for page, r in result.items():
        if isinstance(r, dict):
            rows.append(
                f"| {page} | {r['requests']} | {r['errors']} | {r['p50_ms']} | {r['p95_ms']} "
                f"| {r['p99_ms']} |"
            )
    print("\n".join(rows))
    rate = result["throughput_rps"]
    print(f"{result['users']} users, {rate} requests/s; load {loaded['seconds']} s")
    return {"load": loaded, **result, "desk": desk_run(args, workdir, env)}


def desk_run(args: argparse.Namespace, workdir: Path, env: dict[str, str]) -> dict:
    """The broker's and agency's desk on the same data (bench/web_desk.py): a broker with
    2,000 report rows, an agency of 200 brokers, the same users and think time."""
    plan, result_file = workdir / "desk-plan.json", workdir / "desk.json"
    loaded = measure([PY, "-m", "bench.web_desk", "load", "--plan", str(plan)], env)
    argv = [PY, "-m", "bench.web_desk", "drive", "--plan", str(plan), "--result", str(result_file)]
    argv += ["--users", str(args.web_users), "--seconds", str(args.web_seconds)]
    argv += ["--think", str(args.web_think), "--server", args.web_server]
    measure(argv, env)
    result = json.loads(result_file.read_text())
    rows = ["| desk page | requests | errors | p50 ms | p95 ms |", "|" + " --- |" * 5]
    for page, r in result.items():
        if isinstance(r, dict):
            rows.append(
                f"| {page} | {r['requests']} | {r['errors']} | {r['p50_ms']} | {r['p95_ms']} |"
            )
    print("\n".join(rows))
    return {"load": loaded, **result}


def surge_run(args: argparse.Namespace) -> dict:
    results = []
    for claims in (args.surge_claims, args.surge_claims * args.surge_factor):
        for auto in ("on", "off"):
            workdir = OUT / f"surge-{claims}-{auto}"
            fresh_database("sqlite", workdir)
            env = backend_env("sqlite", workdir)
            measure([AORDESK, "migrate", "-v0"], env)
            result_file = workdir / "surge.json"
            argv = [PY, "-m", "bench.surge", "--claims", str(claims), "--auto", auto]
            argv += ["--reviewers", str(args.surge_reviewers), "--result", str(result_file)]
            process = measure(argv, env)
            results.append({"process": process, **json.loads(result_file.read_text())})
    rows = [
        "| claims | reviewers | auto-decide | decided without a person | median business days "
        "| p90 business days | inbox questions | inbox median business days | wall s |",
        "|" + " --- |" * 9,
    ]
    for r in results:
        rows.append(
            f"| {r['claims']:,} | {r['reviewers']} | {'on' if r['auto_decide'] else 'off'} "
            f"| {100 * r['share_without_a_person']:.1f}% | {r['median_business_days']} "
            f"| {r['p90_business_days']} | {r['inbox_questions_answered']} "
            f"| {r['inbox_median_business_days']} | {r['wall_seconds']} |"
        )
    print("\n".join(rows))
    return {"results": results}


def reconcile_run(args: argparse.Namespace, backends: list[str]) -> dict:
    """`aordesk carrier reconcile` of an N-row CSV roster against N lines sent to the carrier
    (bench/reconcile.py): the command's wall time and peak RSS, and its counts checked."""
    rows = args.reconcile_rows
    roster = OUT / f"roster-{rows}.csv"
    OUT.mkdir(parents=True, exist_ok=True)
    made = measure(
        [PY, "-m", "bench.reconcile", "roster", "--rows", str(rows), "--out", str(roster)],
        dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    expected = json.loads(made["output_tail"].strip().splitlines()[-1].replace("'", '"'))
    results = []
    for backend in backends:
        workdir = OUT / f"reconcile-{backend}-{rows}"
        fresh_database(backend, workdir, PG_DB_RECONCILE)
        env = backend_env(backend, workdir, PG_DB_RECONCILE)
        measure([AORDESK, "migrate", "-v0"], env)
        built = measure([PY, "-m", "bench.reconcile", "build", "--rows", str(rows)], env)
        argv = [AORDESK, "carrier", "reconcile", str(roster), "--carrier", "BCBSMN", "--json"]
        done = measure(argv, env)
        counts = subprocess.run(  # the counts, read back: the JSON went to the step's log
            [
                AORDESK,
                "shell",
                "-c",
                "from aordesk.reconciliation.models import "
                "Reconciliation as R; r = R.objects.get(); print(r.matched, "
                "r.carrier_has_other_broker, r.carrier_lacks_aor, r.carrier_has_unsent)",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-4:]
        if [int(c) for c in counts] != list(expected.values()):
            raise RuntimeError(f"reconcile on {backend}: {counts} != {expected}")
        results.append({"backend": backend, "rows": rows, "build": built, "reconcile": done})
    rows_md = ["| backend | roster rows | reconcile s | peak MB | dataset s |", "|" + " --- |" * 5]
    rows_md += [
        f"| {r['backend']} | {r['rows']:,} | {r['reconcile']['seconds']:.1f} | "
        f"{r['reconcile']['peak_rss_mb']:.0f} | {r['build']['seconds']:.0f} |"
        for r in results
    ]
    print("\n".join(rows_md))
    print(f"expected and found: {expected}")
    return {"expected": expected, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument(
        "--scenario",
        default="all",
        choices=["all", "cycle", "intake", "matching", "audit", "web", "surge", "reconcile"],
    )
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--lines", default="100000,300000,1000000")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument(
        "--queued",
        default="",
        help="cycle: also N worker processes draining the task queue, e.g. 2",
    )
    parser.add_argument("--brokers", type=int, default=10_000)
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--intake-files", type=int, default=1000)
    parser.add_argument("--intake-rows", type=int, default=50)
    parser.add_argument("--matching-households", type=int, default=1_000_000)
    parser.add_argument("--matching-claims", type=int, default=12_000)
    parser.add_argument("--noisy-households", type=int, default=1_000_000)
    parser.add_argument("--noisy-claims", type=int, default=10_000)
    parser.add_argument("--no-clean", action="store_true", help="matching: the noisy set only")
    parser.add_argument("--audit-events", type=int, default=1_000_000)
    parser.add_argument("--web-households", type=int, default=1_000_000)
    parser.add_argument("--web-claims", type=int, default=20_000)
    parser.add_argument("--web-users", type=int, default=20)
    parser.add_argument("--web-seconds", type=float, default=60)
    parser.add_argument("--web-think", type=float, default=1.0)
    parser.add_argument("--web-server", choices=["gunicorn", "runserver"], default="gunicorn")
    parser.add_argument("--surge-claims", type=int, default=300, help="a normal month's claims")
    parser.add_argument("--surge-factor", type=int, default=10)
    parser.add_argument("--surge-reviewers", type=int, default=3)
    parser.add_argument("--reconcile-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    backends = args.backends.split(",")
    report: dict = {"args": vars(args)}
    if args.scenario in ("all", "cycle"):
        report["cycle"] = cycle_run(args, backends)
    if args.scenario in ("all", "intake"):
        report["intake"] = intake_run(args, backends)
    if args.scenario in ("all", "matching"):
        report["matching_noisy"] = noisy_run(args, backends)
        if not args.no_clean:
            report["matching"] = matching_run(args)
    if args.scenario in ("all", "audit"):
        report["audit"] = audit_run(args, backends)
    if args.scenario in ("all", "web"):
        report["web"] = web_run(args)
    if args.scenario in ("all", "surge"):
        report["surge"] = surge_run(args)
    if args.scenario in ("all", "reconcile"):
        report["reconcile"] = reconcile_run(args, backends)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"results-{stamp}.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
