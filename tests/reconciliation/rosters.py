"""Roster files for the tests: a CSV writer and a small valid 834 audit file."""

from __future__ import annotations

import csv
from pathlib import Path

from aordesk.core.audit import Actor

ACTOR = Actor.system("test")

HEADER = [
    "Enrollment ID",
    "NPN",
    "Member Name",
    "Date of Birth",
    "Effective Date",
    "Carrier Member ID",
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header or HEADER)
        writer.writerows(rows)
    return path


def write_834(path: Path, brokers: dict[str, list[tuple[str, str, str]]], bgn08: str = "4") -> Path:
    """`brokers`: NPN -> [(enrollment id, last name, first name)]: one ST..SE per broker."""
    segments = [
        "ISA*00*          *00*          *ZZ*CARRIER1       *ZZ*MNSURE         *261201*1200*^*"
        "00501*000000001*0*T*:",
        "GS*BE*CARRIER1*MNSURE*20261201*1200*1*X*005010X220A1",
    ]
    for number, (npn, members) in enumerate(brokers.items(), start=1):
        body = [
            f"ST*834*{number:04d}*005010X220A1",
            f"BGN*00*ROSTER{number}*20261201*1200****{bgn08}",
            "N1*P5*MNSURE*FI*411234567",
            "N1*IN*BLUE PLAN*FI*410000001",
            f"N1*BO*BROKER {number}*94*{npn}",
            f"ACT*{npn}",
        ]
        for index, (enrollment_id, last, first) in enumerate(members):
            body += [
                "INS*Y*18*030*XN*A***FT",
                f"REF*0F*{enrollment_id}",
                f"REF*23*CM{number}{index:04d}",
                f"NM1*IL*1*{last}*{first}",
                "DMG*D8*19800101*F",
                "HD*030**HLT",
                "DTP*348*D8*20260101",
            ]
        body.append(f"SE*{len(body) + 1}*{number:04d}")
        segments += body
    segments += [f"GE*{len(brokers)}*1", "IEA*1*000000001"]
    path.write_text("~\n".join(segments) + "~\n", encoding="ascii")
    return path


def roster_csv(tmp_path: Path, name: str = "roster.csv") -> Path:
    return write_csv(
        tmp_path / name,
        [
            ["E-MATCH", "1111", "A One", "1980-01-01", "2026-01-01", "C1"],
            ["E-OTHER", "2222", "B Two", "1981-02-02", "2026-01-01", "C2"],
            ["E-NEVER", "2222", "C Three", "", "", "C3"],
            ["E-UNKNOWN", "2222", "D Four", "", "", ""],
        ],
    )
