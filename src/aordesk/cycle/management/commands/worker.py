"""`aordesk worker`: run queued background tasks (the cycle's units among them). It is
django_tasks_db's `db_worker` under the project's name, with all its options."""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run queued background tasks (cycle units and others) from the database queue."
