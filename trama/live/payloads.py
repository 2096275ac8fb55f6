"""The JSON shapes sent over sockets and HTTP (documented in PROTOCOL.md)."""

from __future__ import annotations

import datetime
from typing import Any

from trama.live.models import Idea, IdeaTheme, LiveRound, LiveTable, Theme


def iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def ack_payload(idea: Idea, *, duplicate: bool) -> dict[str, Any]:
    return {
        "type": "ack",
        "uuid": str(idea.client_uuid),
        "id": idea.pk,
        "received_at": iso(idea.created_at),
        "duplicate": duplicate,
    }


def idea_payload(idea: Idea, *, links: list[tuple[IdeaTheme, Theme]] | None = None) -> dict[str, Any]:
    """An idea for the regia. Expects ``table__venue`` selected and ``theme_links__theme`` prefetched,
    unless the links are given (a new idea)."""
    sent = idea.client_sent_at
    pairs = links if links is not None else [(link, link.theme) for link in idea.theme_links.all()]
    return {
        "id": idea.pk,
        "uuid": str(idea.client_uuid),
        "event": idea.event_id,
        "table_id": idea.table_id,
        "table": idea.table.code,
        "table_label": idea.table.label,
        "venue": idea.table.venue.letter,
        "round_id": idea.round_id,
        "text": idea.text,
        "axis_id": idea.axis_id,
        "strategy_id": idea.strategy_id,
        "dissent": idea.is_dissent,
        "created_at": iso(idea.created_at),
        "sent_at": int(sent.timestamp() * 1000) if sent is not None else None,
        "themes": [{"id": theme.pk, "label": theme.label, "state": link.state} for link, theme in pairs],
    }


def round_payload(live_round: LiveRound | None) -> dict[str, Any] | None:
    if live_round is None:
        return None
    return {
        "id": live_round.pk,
        "number": live_round.number,
        "question": live_round.question,
        "status": live_round.status,
        "opened_at": iso(live_round.opened_at),
        "duration_minutes": live_round.duration_minutes,
    }


def table_payload(table: LiveTable, *, ideas: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": table.pk,
        "code": table.code,
        "label": table.label,
        "venue": table.venue.letter,
        "axis": str(table.axis) if table.axis_id else None,
        "last_seen_at": iso(table.last_seen_at),
        "queued": table.queued_count,
    }
    if ideas is not None:
        data["ideas"] = ideas
    return data
