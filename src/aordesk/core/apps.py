from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _create_cache_table(*, using: str = "default", **kwargs: Any) -> None:
    # The shared database cache needs its table; createcachetable skips one that exists.
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "aordesk.core"
    label = "core"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="aordesk.cache")
