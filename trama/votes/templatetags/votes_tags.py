"""Template helpers of the votes pages and the instant report."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ totals|get_item:letter }}``: a dict value, 0 when missing (tables of figures)."""
    if not hasattr(mapping, "get"):
        return ""
    return mapping.get(key, 0)
