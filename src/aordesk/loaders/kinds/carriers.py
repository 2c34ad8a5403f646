"""Carriers, known by code, with their aliases. The file's aliases replace the carrier's
own; an alias key names one carrier only, so a key may move from one carrier to another
only when the file also takes it away from the first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aordesk.carriers.models import Carrier, CarrierAlias
from aordesk.carriers.names import alias_key
from aordesk.loaders.formats import CARRIERS, X12_PARTNER_COLUMNS
from aordesk.loaders.kinds.base import KEYS, Loader, Row, upsert
from aordesk.loaders.schema import Issue

FIELDS = ("legal_name", "display_name", "kind", "active", "file_format", *X12_PARTNER_COLUMNS)
ALIASES = "alias"
KEY_LENGTH = CarrierAlias._meta.get_field("key").max_length or 200


def wanted_aliases(row: Row) -> dict[str, str]:
    """{key: alias as written}; two spellings of one key count once (the first)."""
    wanted: dict[str, str] = {}
    for alias in row.values["aliases"]:
        wanted.setdefault(alias_key(alias), alias)
    return wanted


class CarrierLoader(Loader):
    schema = CARRIERS
    # Aliases leaving a carrier are deleted before any are added, so a key can move.
    phases = ("carriers", "aliases")

    def check_chunk(self, rows: Sequence[Row]) -> list[Issue]:
        issues: list[Issue] = []
        entries = []
        for row in rows:
            wanted = wanted_aliases(row)
            if "" in wanted:
                issues.append(Issue(row.number, "aliases", "an alias needs a letter or digit"))
            if any(len(key) > KEY_LENGTH for key in wanted):
                issues.append(Issue(row.number, "aliases", "an alias is too long"))
            entries += [(key, row.number, row.values["code"]) for key in wanted if key]
        issues += [
            Issue(number, "aliases", f"an alias here is also an alias on row {first}")
            for number, _, first in self.store.claim(ALIASES, entries)
        ]
        return issues

    def finish_check(self) -> list[Issue]:
        issues: list[Issue] = []
        for batch in self.store.scan(ALIASES, 1000):
            owners = dict(
                CarrierAlias.objects.filter(key__in=[key for key, _, _ in batch]).values_list(
                    "key", "carrier__code"
                )
            )
            in_file = self.store.rows(KEYS, owners.values())
            issues += [
                Issue(row, "aliases", f"an alias here already names carrier {owners[key]}")
                for key, row, code in batch
                if owners.get(key, code) != code and owners[key] not in in_file
            ]
        return issues

    def write(self, rows: Sequence[Row], phase: str) -> None:
        if phase == "carriers":
            self._write_carriers(rows)
        else:
            self._add_aliases(rows)

    def _write_carriers(self, rows: Sequence[Row]) -> None:
        records = [{n: row.values[n] for n in ("code", *FIELDS)} for row in rows]
        existing = Carrier.objects.filter(code__in=[r["code"] for r in records])
        changes = upsert(
            model=Carrier, records=records, existing=existing, key=("code",), fields=FIELDS
        )
        carriers = {c.obj.code: c for c in changes}
        current = _current_aliases(carriers[r.values["code"]].obj.pk for r in rows)
        gone: list[int] = []
        for row in rows:
            change = carriers[row.values["code"]]
            have = current.get(change.obj.pk, {})
            wanted = wanted_aliases(row)
            texts = {key: alias for key, (alias, _) in have.items()}
            aliases_changed = change.outcome == "unchanged" and texts != wanted
            self.counts.add("updated" if aliases_changed else change.outcome)
            gone += [pk for key, (alias, pk) in have.items() if wanted.get(key) != alias]
        CarrierAlias.objects.filter(pk__in=gone).delete()

    def _add_aliases(self, rows: Sequence[Row]) -> None:
        carriers = dict(
            Carrier.objects.filter(code__in=[r.values["code"] for r in rows]).values_list(
                "code", "pk"
            )
        )
        current = _current_aliases(carriers.values())
        CarrierAlias.objects.bulk_create(
            CarrierAlias(carrier_id=carriers[row.values["code"]], alias=alias, key=key)
            for row in rows
            for key, alias in wanted_aliases(row).items()
            if key not in current.get(carriers[row.values["code"]], {})
        )


def _current_aliases(carrier_ids: Iterable[int]) -> dict[int, dict[str, tuple[str, int]]]:
    """{carrier pk: {key: (alias, alias pk)}}."""
    current: dict[int, dict[str, tuple[str, int]]] = {}
    rows = CarrierAlias.objects.filter(carrier_id__in=list(carrier_ids))
    for carrier_id, key, alias, pk in rows.values_list("carrier_id", "key", "alias", "pk"):
        current.setdefault(carrier_id, {})[key] = (alias, pk)
    return current
