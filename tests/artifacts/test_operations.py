"""`aordesk artifacts rekey` and `export`: resumable re-sealing and audited readable copies."""

import io
import json

import pytest
from django.core.management import call_command

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.operations import key_of
from aordesk.artifacts.sealed import key_new
from aordesk.artifacts.services import artifact_create, artifact_verify
from aordesk.artifacts.storage import absolute
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def kept(n: int, kind: str = Artifact.Kind.AOR_REPORT) -> list[Artifact]:
    return [
        artifact_create(
            kind=kind,
            relative_path=f"{kind}/2026-10/{i}/aor-report-2026-10-v1.xlsx",
            filename="aor-report-2026-10-v1.xlsx",
            content_type="application/octet-stream",
            stream=lambda out, i=i: out.write(f"Jane Doe {i}".encode()),
            actor=Actor.system(),
        )
        for i in range(n)
    ]


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("artifacts", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_rekey_moves_every_file_to_the_newest_key_resumably_and_says_what_remains(settings):
    files = kept(3)
    old = settings.ARTIFACT_KEYS
    settings.ARTIFACT_KEYS = key_new("new") + "," + old
    first = run("rekey", "--limit", "2")
    assert first["rekeyed"] == 2 and first["remaining_under_old_keys"] == 1
    assert first["remaining_by_key"] == {"test": 1}
    second = run("rekey")
    assert second["rekeyed"] == 1 and second["remaining_under_old_keys"] == 0
    for artifact in files:
        assert key_of(absolute(artifact.relative_path)) == "new"
        assert artifact_verify(artifact=artifact)
    assert AuditEvent.objects.filter(action="artifacts.rekey").count() == 2


def test_rekey_seals_a_file_kept_before_sealing_only_if_it_is_the_one_recorded(settings):
    good, bad = kept(2)
    absolute(good.relative_path).write_bytes(b"Jane Doe 0")
    absolute(bad.relative_path).write_bytes(b"altered")
    with pytest.raises(Exception, match="1 files failed to open"):
        run("rekey")
    assert key_of(absolute(good.relative_path)) == "test"
    assert key_of(absolute(bad.relative_path)) == "unsealed"


def test_export_writes_readable_copies_under_their_names_and_audits_each(tmp_path):
    kept(2)
    kept(1, kind=Artifact.Kind.AOR_FILE)
    result = run("export", str(tmp_path / "out"), "--kind", "aor_report", "--month", "2026-10")
    assert len(result["written"]) == 2
    copy = tmp_path / "out" / "aor_report/2026-10/1/aor-report-2026-10-v1.xlsx"
    assert copy.read_bytes() == b"Jane Doe 1" and copy.stat().st_mode & 0o777 == 0o600
    assert AuditEvent.objects.filter(action="artifact.export").count() == 2
    assert run("export", str(tmp_path / "none"), "--month", "2026-09")["written"] == []


def test_export_refuses_an_altered_file(tmp_path):
    (artifact,) = kept(1)
    path = absolute(artifact.relative_path)
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    with pytest.raises(Exception, match="1 files were refused"):
        run("export", str(tmp_path / "out"))
    assert not list((tmp_path / "out").rglob("*.xlsx"))
