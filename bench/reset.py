"""Undo a benchmark cycle run so the next one starts from the same data: the cycle's own
rows, the messages that carried its files, the task queue (a command-line run leaves its
delivery tasks there), and the report and statement artifacts."""

from __future__ import annotations

import os
import shutil

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aordesk.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

REPORT_KINDS = ("aor_report", "broker_statement", "agency_statement")


def reset() -> None:
    tables = [
        model._meta.db_table
        for label in ("messaging", "cycle", "django_tasks_database")
        for model in apps.get_app_config(label).get_models()
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if tables:
                cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')
        cursor.execute("DELETE FROM artifacts_artifact WHERE kind IN (%s, %s, %s)", REPORT_KINDS)
    for folder in ("reports", "statements"):
        shutil.rmtree(settings.DATA_DIR / folder, ignore_errors=True)


if __name__ == "__main__":
    reset()
