"""Number formatting that reads right in Italian (841.600) and English (841,600)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def thousands(value: object) -> str:
    if value is None or value == "":
        return "—"
    try:
        number = int(str(value))
    except ValueError:
        return str(value)
    text = f"{number:,}"
    return text.replace(",", ".") if (get_language() or "it").startswith("it") else text
