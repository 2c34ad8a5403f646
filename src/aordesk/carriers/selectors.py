"""Reads of carriers."""

from aordesk.carriers.models import Carrier


def carrier_names() -> dict[int, str]:
    """Every carrier's display name by id (a handful of rows): pages that show ids from
    evidence name them with this."""
    return dict(Carrier.objects.values_list("pk", "display_name"))
