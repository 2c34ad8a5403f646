import stat

import pytest

from aordesk.artifacts.storage import TEMP_SUFFIX, absolute, store_bytes


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_a_stored_file_and_every_folder_created_for_it_are_private_to_the_owner(settings):
    stored = store_bytes("reports/2026-10/123/report.xlsx", b"content")
    path = absolute(stored.relative_path)
    assert _mode(path) == 0o600
    for folder in (path.parent, path.parent.parent, path.parent.parent.parent):
        assert _mode(folder) == 0o700


def test_a_stored_file_is_recorded_with_its_sha256_and_size():
    stored = store_bytes("x/a.csv", b"abc")
    assert stored.size == 3
    assert stored.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_a_failed_write_leaves_neither_the_file_nor_its_temporary_copy():
    from aordesk.artifacts.storage import store_file

    def explode(path):
        path.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store_file("x/b.csv", explode)
    target = absolute("x/b.csv")
    assert not target.exists()
    assert not target.with_name(target.name + TEMP_SUFFIX).exists()


def test_a_path_that_escapes_the_data_directory_is_refused():
    with pytest.raises(ValueError):
        absolute("../outside.txt")


def test_a_stored_file_is_sealed_on_disk_and_reads_back_as_written():
    from aordesk.artifacts.storage import read_plaintext

    stored = store_bytes("x/c.csv", b"First Name,Last Name\nJane,Doe\n")
    on_disk = absolute(stored.relative_path).read_bytes()
    assert on_disk.startswith(b"AORDESK") and b"Jane" not in on_disk
    assert read_plaintext(stored.relative_path) == b"First Name,Last Name\nJane,Doe\n"


def test_a_path_writer_leaves_no_plaintext_anywhere_in_the_data_directory(settings):
    from aordesk.artifacts.storage import store_file

    store_file("x/d.csv", lambda path: path.write_bytes(b"Jane Doe"))
    for path in settings.DATA_DIR.rglob("*"):
        assert not path.is_file() or b"Jane" not in path.read_bytes()


def test_a_tampered_file_is_refused_and_an_unsealed_file_only_with_its_recorded_hash():
    from aordesk.artifacts.storage import SealError, open_stored, open_verified

    stored = store_bytes("x/e.csv", b"abc" * 1000)
    path = absolute(stored.relative_path)
    blob = bytearray(path.read_bytes())
    blob[-3] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(SealError):
        open_verified(stored.relative_path, sha256=stored.sha256, size=stored.size)
    path.write_bytes(b"abc" * 1000)  # a file kept before sealing existed
    assert open_stored(stored.relative_path, sha256=stored.sha256).read() == b"abc" * 1000
    path.write_bytes(b"abd" * 1000)
    with pytest.raises(SealError):
        open_stored(stored.relative_path, sha256=stored.sha256)


def test_an_existing_folder_on_the_way_is_made_private_too(settings):
    folder = settings.DATA_DIR / "reports" / "2026-10"
    folder.mkdir(parents=True, mode=0o777)
    folder.chmod(0o777)
    folder.parent.chmod(0o755)
    path = absolute(store_bytes("reports/2026-10/9/report.xlsx", b"x").relative_path)
    for each in (path.parent, folder, folder.parent):
        assert _mode(each) == 0o700


@pytest.mark.slow
def test_the_sqlite_database_and_the_data_folders_are_private_whatever_the_umask(tmp_path):
    import os
    import subprocess
    import sys

    data = tmp_path / "existing"
    data.mkdir()
    data.chmod(0o777)
    code = (
        "import os; os.umask(0); import django; django.setup(); "
        "from django.db import connection; connection.ensure_connection(); "
        "connection.cursor().execute('CREATE TABLE t (x)')"
    )
    env = {"PATH": os.environ["PATH"], "AORDESK_DATA_DIR": str(data)}
    env["DJANGO_SETTINGS_MODULE"] = "aordesk.settings"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert _mode(data) == 0o700
    assert _mode(data / "outbox") == 0o700
    assert _mode(data / "aordesk.sqlite3") == 0o600
    for extra in data.glob("aordesk.sqlite3-*"):
        assert _mode(extra) == 0o600, extra.name
