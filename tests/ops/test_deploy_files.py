"""The deploy/ files stay true to the code: every variable named, the body limit matching."""

import math
import re
from pathlib import Path

from aordesk import settings as project_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = sorted((ROOT / "src" / "aordesk").glob("settings*.py"))
ENV_TEMPLATE = ROOT / "deploy" / "aordesk.env.example"


def _variables_read() -> set[str]:
    pattern = re.compile(r"""os\.environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""")
    names = set()
    for path in [*SETTINGS, ROOT / "deploy" / "gunicorn.conf.py"]:
        names |= set(pattern.findall(path.read_text()))
    return names


def test_the_environment_template_names_every_variable_the_settings_read():
    named = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", ENV_TEMPLATE.read_text(), re.MULTILINE))
    assert _variables_read() - named == set()


def test_the_nginx_body_limit_is_the_upload_limit_plus_the_form_around_it():
    site = (ROOT / "deploy" / "nginx" / "aordesk.conf").read_text()
    (limit,) = re.findall(r"client_max_body_size (\d+)m;", site)
    assert int(limit) == math.ceil(project_settings.AORDESK_MAX_UPLOAD_BYTES / 2**20) + 1
    assert f"client_body_buffer_size {limit}m;" in site
    assert "Strict-Transport-Security" in site and "proxy_max_temp_file_size 0;" in site


def test_every_worker_stops_gracefully_and_restarts_on_failure():
    unit = (ROOT / "deploy" / "systemd" / "aordesk-worker@.service").read_text()
    assert "Restart=on-failure" in unit and "KillSignal=SIGTERM" in unit
    assert "aordesk worker" in unit
