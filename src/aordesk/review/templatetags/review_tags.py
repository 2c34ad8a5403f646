"""Template helpers of the review pages."""

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Mapping[Any, Any], key: Any) -> Any:
    """`carriers|lookup:line.carrier_id`: a mapping's value, or the key itself when absent."""
    return mapping.get(key, key)
