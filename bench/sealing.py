"""The cost of sealing the cycle's files, in CPU seconds against the floor's own.

Writes the floor's files (bench/floor.py: the cycle's rows in the cycle's number of
workbooks), then publishes each one as the storage layer does (the plaintext from an
in-memory file through AES-256-GCM to disk, fsync, rename) and, for comparison, as it did
before sealing (fsync, then a second pass hashing the file, rename). CPU time is the
process's own, so the figures hold on a busy machine where wall time does not.

    python -m bench.sealing --lines 100000 --brokers 1000 --agencies 50
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from aordesk.artifacts.sealed import CHUNK, KeyRing, SealingWriter, key_new
from bench.floor import Shape, run


def _plain_publish(source: bytes, final: Path) -> None:
    temp = final.with_name(final.name + ".partial")
    temp.write_bytes(source)
    with temp.open("rb") as handle:
        os.fsync(handle.fileno())
    digest = hashlib.sha256()
    with temp.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    temp.replace(final)


def _sealed_publish(source: bytes, final: Path, ring: KeyRing) -> None:
    scratch = os.memfd_create("bench", os.MFD_CLOEXEC)
    os.write(scratch, source)  # what XlsxWriter does into the in-memory file
    os.lseek(scratch, 0, os.SEEK_SET)
    temp = final.with_name(final.name + ".partial")
    with open(scratch, "rb", closefd=True) as plain, temp.open("wb") as out:
        writer = SealingWriter(out, ring)
        while block := plain.read(CHUNK):
            writer.write(block)
        writer.close()
        out.flush()
        os.fsync(out.fileno())
    temp.replace(final)


def _timed(publish, files: list[Path], target: Path) -> dict:  # type: ignore[no-untyped-def]
    target.mkdir()
    contents = [path.read_bytes() for path in files]
    cpu, wall = time.process_time(), time.perf_counter()
    for path, content in zip(files, contents, strict=True):
        publish(content, target / path.name)
    return {
        "cpu_s": round(time.process_time() - cpu, 2),
        "wall_s": round(time.perf_counter() - wall, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--brokers", type=int, default=1000)
    parser.add_argument("--agencies", type=int, default=50)
    args = parser.parse_args()
    shape = Shape(args.lines, args.brokers, args.agencies, dt.date(2026, 10, 1))
    work = Path(tempfile.mkdtemp(prefix="aordesk-bench-sealing-"))
    try:
        cpu = time.process_time()
        run(shape, work / "floor")
        floor_cpu = time.process_time() - cpu
        files = sorted((work / "floor").iterdir())
        megabytes = sum(path.stat().st_size for path in files) / 2**20
        ring = KeyRing.parse(key_new("bench"))
        plain = _timed(_plain_publish, files, work / "plain")
        sealed = _timed(lambda c, f: _sealed_publish(c, f, ring), files, work / "sealed")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    extra = sealed["cpu_s"] - plain["cpu_s"]
    print(
        json.dumps(
            {
                "files": len(files),
                "megabytes": round(megabytes, 1),
                "floor_cpu_s": round(floor_cpu, 2),
                "publish_before_sealing": plain,
                "publish_sealed": sealed,
                "sealing_extra_cpu_s": round(extra, 2),
                "sealing_extra_share_of_floor": round(extra / floor_cpu, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
