"""AOR transmissions: one row per line; the rows that share a batch id are one carrier AOR
file, known by its batch id. A line (association, enrollment) is sent once, ever, so a
batch already in aordesk may gain lines from the file but never lose any. The counts are
of transmissions, not lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db.models import Count

from aordesk.aor.models import AorAssociation, AorTransmission, AorTransmissionLine
from aordesk.carriers.models import Carrier
from aordesk.core.audit import Actor
from aordesk.households.models import Enrollment
from aordesk.loaders.formats import AOR_TRANSMISSIONS
from aordesk.loaders.keystore import KeyStore
from aordesk.loaders.kinds.base import Loader, Row, ids_by, missing, upsert
from aordesk.loaders.schema import Issue

BATCHES = "batch"
HEADER = ("carrier_code", "sent_on", "final_for_month")
FIELDS = ("carrier_id", "sent_on", "final_for_month")
# \x1f (unit separator) cannot appear in a code, so the joined header splits back cleanly.
SEP = "\x1f"


def _header(row: Row) -> str:
    return SEP.join(str(row.values[name]) for name in HEADER)


class AorTransmissionLoader(Loader):
    schema = AOR_TRANSMISSIONS

    def __init__(self, *, actor: Actor, store: KeyStore) -> None:
        super().__init__(actor=actor, store=store)
        # Lines of each batch the file lists that aordesk already holds in that batch.
        self.known_lines: Counter[str] = Counter()
        self.batch_outcomes: dict[str, str] = {}

    def check_chunk(self, rows: Sequence[Row]) -> list[Issue]:
        issues = self._check_batches(rows)
        refs = _References(rows)
        issues += missing(
            rows, "carrier_code", refs.carriers, "no carrier with this code in aordesk"
        )
        issues += missing(
            rows,
            "association_reference",
            refs.associations,
            "no association with this reference in aordesk",
        )
        issues += missing(
            rows, "enrollment_id", refs.enrollments, "no enrollment with this id in aordesk"
        )
        issues += [issue for row in rows for issue in refs.mismatches(row)]
        return issues + self._check_sent_lines(rows)

    def _check_batches(self, rows: Sequence[Row]) -> list[Issue]:
        """Every row of a batch repeats the same carrier, date and final flag."""
        self.store.claim(BATCHES, ((r.values["batch_id"], r.number, _header(r)) for r in rows))
        headers = self.store.values(BATCHES, (r.values["batch_id"] for r in rows))
        firsts = self.store.rows(BATCHES, headers)
        return [
            Issue(
                row.number,
                "batch_id",
                f"carrier_code, sent_on or final_for_month differ from row {firsts[batch]}"
                " of the same batch",
            )
            for row in rows
            if headers[batch := row.values["batch_id"]] != _header(row)
        ]

    def _check_sent_lines(self, rows: Sequence[Row]) -> list[Issue]:
        sent = _sent_lines(rows)
        issues = []
        for row in rows:
            batch = sent.get(_line(row))
            if batch is None:
                continue
            if batch == row.values["batch_id"]:
                self.known_lines[batch] += 1
            else:
                issues.append(
                    Issue(
                        row.number,
                        "association_reference",
                        f"this line was already sent in batch {batch}",
                    )
                )
        return issues

    def finish_check(self) -> list[Issue]:
        issues: list[Issue] = []
        for batch in self.store.scan(BATCHES, 1000):
            firsts = {batch_id: (row, header) for batch_id, row, header in batch}
            held = AorTransmission.objects.filter(batch_id__in=firsts).annotate(n=Count("lines"))
            for transmission in held.select_related("carrier"):
                row, header = firsts[transmission.batch_id]
                if header.split(SEP)[0] != transmission.carrier.code:
                    issues.append(
                        Issue(row, "carrier_code", "this batch is with another carrier in aordesk")
                    )
                lost = transmission.n - self.known_lines[transmission.batch_id]
                if lost > 0:
                    issues.append(
                        Issue(
                            row,
                            "batch_id",
                            f"this batch has {lost} line(s) in aordesk that the file leaves out",
                        )
                    )
        return issues

    def write(self, rows: Sequence[Row], phase: str) -> None:
        refs = _References(rows)
        batches = self._write_batches(rows, refs.carriers)
        sent = _sent_lines(rows)
        new_lines = [
            AorTransmissionLine(
                transmission_id=batches[row.values["batch_id"]],
                association_id=refs.associations[row.values["association_reference"]][0],
                enrollment_id=refs.enrollments[row.values["enrollment_id"]][0],
            )
            for row in rows
            if _line(row) not in sent
        ]
        AorTransmissionLine.objects.bulk_create(new_lines)
        for line_batch in {row.values["batch_id"] for row in rows if _line(row) not in sent}:
            if self.batch_outcomes[line_batch] == "unchanged":
                self.batch_outcomes[line_batch] = "updated"

    def _write_batches(self, rows: Sequence[Row], carriers: dict) -> dict[str, int]:
        """Upsert each batch the first time a chunk meets it; {batch id: pk}."""
        firsts = {row.values["batch_id"]: row for row in reversed(rows)}
        records = [
            {"batch_id": batch, "carrier_id": carriers[row.values["carrier_code"]]}
            | {name: row.values[name] for name in ("sent_on", "final_for_month")}
            for batch, row in firsts.items()
            if batch not in self.batch_outcomes
        ]
        existing = AorTransmission.objects.filter(batch_id__in=[r["batch_id"] for r in records])
        for change in upsert(
            model=AorTransmission,
            records=records,
            existing=existing,
            key=("batch_id",),
            fields=FIELDS,
        ):
            self.batch_outcomes[change.obj.batch_id] = change.outcome
        return ids_by(AorTransmission, "batch_id", firsts)

    def finish_write(self) -> None:
        for outcome in self.batch_outcomes.values():
            self.counts.add(outcome)


class _References:
    """The chunk's carriers, associations and enrollments, one query each."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.carriers = ids_by(Carrier, "code", (r.values["carrier_code"] for r in rows))
        self.associations = dict(
            (ref, (pk, household))
            for ref, pk, household in AorAssociation.objects.filter(
                reference__in={r.values["association_reference"] for r in rows}
            ).values_list("reference", "pk", "household_id")
        )
        self.enrollments = dict(
            (eid, (pk, household, carrier))
            for eid, pk, household, carrier in Enrollment.objects.filter(
                enrollment_id__in={r.values["enrollment_id"] for r in rows}
            ).values_list("enrollment_id", "pk", "household_id", "carrier_id")
        )

    def mismatches(self, row: Row) -> list[Issue]:
        association = self.associations.get(row.values["association_reference"])
        enrollment = self.enrollments.get(row.values["enrollment_id"])
        carrier = self.carriers.get(row.values["carrier_code"])
        if association is None or enrollment is None or carrier is None:
            return []
        issues = []
        if enrollment[1] != association[1]:
            issues.append(
                Issue(
                    row.number,
                    "enrollment_id",
                    "the enrollment belongs to another household than the association",
                )
            )
        if enrollment[2] != carrier:
            issues.append(
                Issue(
                    row.number,
                    "enrollment_id",
                    "the enrollment is with another carrier than the batch's",
                )
            )
        return issues


def _line(row: Row) -> tuple[str, str]:
    return row.values["association_reference"], row.values["enrollment_id"]


def _sent_lines(rows: Sequence[Row]) -> dict[tuple[str, str], str]:
    """{(association reference, enrollment id): batch id} for the chunk's lines already sent."""
    lines = AorTransmissionLine.objects.filter(
        association__reference__in={r.values["association_reference"] for r in rows},
        enrollment__enrollment_id__in={r.values["enrollment_id"] for r in rows},
        resends__isnull=True,  # a resend after a carrier's rejection is not a first send
    ).values_list("association__reference", "enrollment__enrollment_id", "transmission__batch_id")
    return {(ref, eid): batch for ref, eid, batch in lines}
