"""DATABASE_URL=sqlite:///... names another file but keeps the embedded SQLite settings."""

import json
import os
import subprocess
import sys


def _database(env: dict[str, str]) -> dict:
    full = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    full |= {"DJANGO_SETTINGS_MODULE": "aordesk.settings", **env}
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_sqlite_url_keeps_wal_the_timeout_and_immediate_transactions(tmp_path):
    url = f"sqlite:///{tmp_path}/other.sqlite3"
    database = _database({"DATABASE_URL": url, "AORDESK_DATA_DIR": str(tmp_path)})
    assert database["NAME"] == f"{tmp_path}/other.sqlite3"
    options = database["OPTIONS"]
    assert options["timeout"] == 30
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]


def test_the_default_sqlite_file_has_the_same_settings(tmp_path):
    env = {"AORDESK_DATA_DIR": str(tmp_path)}
    options = _database(env)["OPTIONS"]
    assert options == _database({**env, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})["OPTIONS"]
