"""The production layout end to end: gunicorn and two workers started by the command lines
of deploy/systemd, under the production settings, on loopback, with PostgreSQL; the
monthly job runs (carrier AOR files, the cycle on the queue, delivery to a local STARTTLS
server) and a broker downloads a report through gunicorn."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from aordesk.artifacts.sealed import key_new
from aordesk.core.dates import business_today, format_month, previous_month_start
from tests.messaging.smtp import Recorder, free_port, server_context, start_server

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow, pytest.mark.django_db]


def exec_start(unit: str, instance: str = "") -> list[str]:
    """The unit's ExecStart as systemd would run it on a machine with the code at ROOT."""
    (line,) = [x for x in (UNITS / unit).read_text().splitlines() if x.startswith("ExecStart=")]
    line = line.removeprefix("ExecStart=").replace("/opt/aordesk", str(ROOT))
    return shlex.split(line.replace("%H", socket.gethostname()).replace("%i", instance))


@pytest.fixture
def smoke_database():
    params = dict(connection.settings_dict)
    name = f"aordesk_smoke_{uuid.uuid4().hex[:8]}"
    server = {"host": params["HOST"] or "127.0.0.1", "port": params["PORT"] or 5432}
    admin = {**server, "user": params["USER"], "password": params["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    yield f"postgres://{params['USER']}{password}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def smtp(tmp_path):
    import trustme

    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    recorder = Recorder()
    controller = start_server(recorder, starttls=server_context(ca.issue_cert("localhost")))
    yield recorder, controller.port, str(ca_file)
    controller.stop()


def production_env(database_url: str, data: Path, web_port: int, smtp: tuple) -> dict:
    _recorder, smtp_port, ca_file = smtp
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(data.parent),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "aordesk.settings_production",
        "SECRET_KEY": "smoke-" + uuid.uuid4().hex * 2,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "AORDESK_DATA_DIR": str(data),
        "AORDESK_ARTIFACT_KEYS": key_new("smoke"),
        "EMAIL_HOST": "localhost",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "1",
        "EMAIL_SSL_CAFILE": ca_file,
        "EMAIL_TIMEOUT": "10",
        "AORDESK_PORTAL_URL": f"http://127.0.0.1:{web_port}",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "GUNICORN_WORKERS": "2",
        "AORDESK_LOG_FORMAT": "json",
        "PYTHONPATH": str(ROOT),
    }


def run(env: dict, *argv: str) -> str:
    done = subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def step(env: dict, *args: str) -> dict:
    out = run(env, sys.executable, "-m", "tests.ops.smoke_steps", *args)
    return json.loads(out.strip().splitlines()[-1])


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def wait_for(predicate, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_production_layout_runs_the_monthly_job_end_to_end(smoke_database, smtp, tmp_path):
    # Not the test's own data directory: its files are sealed under the production key.
    data, web_port = tmp_path / "production-data", free_port()
    env = production_env(smoke_database, data, web_port, smtp)
    aordesk = str(ROOT / ".venv" / "bin" / "aordesk")
    run(env, aordesk, "migrate", "--noinput")
    month = format_month(previous_month_start(business_today()))
    assert step(env, "prepare", month)["files"] > 0

    logs = tmp_path / "logs"
    logs.mkdir()
    processes = [
        subprocess.Popen(
            argv,
            env=env,
            cwd=ROOT,
            stdout=(logs / f"{name}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for name, argv in [
            ("web", exec_start("aordesk-web.service")),
            ("worker1", exec_start("aordesk-worker@.service", "1")),
            ("worker2", exec_start("aordesk-worker@.service", "2")),
        ]
    ]
    try:
        wait_for(lambda: _up(web_port), 60, "gunicorn")
        assert get(web_port, "/healthz") == (200, b'{"status": "ok"}')
        run(env, aordesk, "cycle", "run", "--month", month, "--queue")
        done = wait_for(
            lambda: (
                (s := step(env, "status", month))["cycle"] == "completed"
                and s["notifications"] > 0
                and s["sent"] == s["notifications"]
                and s
            ),
            240,
            "the cycle and its delivery",
        )
        recorder = smtp[0]
        assert len(recorder.received) == done["sent"] and done["built"] == done["units"]
        status, body = get(web_port, "/readyz")
        ready = json.loads(body)
        assert status == 200 and ready["checks"]["delivery"]["last_success_at"] is not None

        broker = step(env, "broker")
        status, file_bytes = get(
            web_port, f"/attachments/{broker['attachment']}/download/", broker["cookie"]
        )
        assert status == 200 and hashlib.sha256(file_bytes).hexdigest() == broker["sha256"]
        assert file_bytes.startswith(b"PK")  # the workbook, decrypted on the way out
        on_disk = (data / broker["relative_path"]).read_bytes()
        assert on_disk.startswith(b"AORDESK") and b"PK\x03\x04" not in on_disk
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        codes = [process.wait(timeout=60) for process in processes]
    assert codes == [0, 0, 0], [(logs / n).read_text()[-2000:] for n in sorted(os.listdir(logs))]


def _up(port: int) -> bool:
    try:
        return get(port, "/healthz")[0] == 200
    except OSError:
        return False
