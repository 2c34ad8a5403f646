"""Two real server processes over one SQLite file, and a small browser-less HTTP client."""

from __future__ import annotations

import http.cookiejar
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from tests.messaging.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
SET_UP_USER = """
from tests.accounts.factories import AgencyAdminFactory, PASSWORD
from allauth.mfa.totp.internal.auth import TOTP
admin = AgencyAdminFactory(username="admin@agency.example")
TOTP.activate(admin, "{secret}")
"""


def environment(data_dir: Path) -> dict[str, str]:
    # Only what the servers need: never the test run's DATABASE_URL (its database is ours).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return env | {
        "AORDESK_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "aordesk.settings",
        "PYTHONPATH": str(ROOT),
    }


def aordesk(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "aordesk", *args], env=env, cwd=ROOT, check=True, timeout=300
    )


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "aordesk", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One session (cookies are per host, not per port, so it spans both servers)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        body = None
        if data is not None:
            token = next(c.value for c in self.jar if c.name == "csrftoken")
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=60) as response:
                location = response.headers.get("Location", "")
                return response.status, location, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    def post_form(self, url: str, data: dict[str, str]) -> tuple[int, str, str]:
        self.request(url)  # the page first, for its CSRF cookie
        return self.request(url, data)

    def signed_in(self, server: str) -> bool:
        status, _, _ = self.request(server + "/messages/")
        return status == 200
