"""Channel-layer group names (names allow only ASCII letters, digits, hyphens, periods, underscores)."""

from __future__ import annotations


def table_group(table_id: int) -> str:
    return f"live.table.{table_id}"


def regia_group(event_id: int) -> str:
    return f"live.regia.{event_id}"


def public_group(event_id: int) -> str:
    """Published themes for the big screen (the votes app's screen consumer may join it)."""
    return f"live.public.{event_id}"


def facilitators_group(event_id: int) -> str:
    """Every facilitator socket of an event (round changes)."""
    return f"live.tables.{event_id}"
