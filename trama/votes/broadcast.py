"""Pushes to the big screens. Hints only (at most once delivery): screens resync on connect and poll as a
fallback, so a lost push costs one refresh interval, never a wrong figure.

A write sends only a tiny ``screen.changed`` hint when its transaction commits: the ballot request does no
result computation. Each screen socket coalesces the hints (`trama.votes.consumers`) and the state is
computed at most a few times a second per server process, whatever the ballot rate."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


def screen_group(event_id: int) -> str:
    return f"votes.screen.{event_id}"


def screen_push_now(event_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(screen_group(event_id), {"type": "screen.changed"})
    except Exception:  # a failed push is a missed hint: the screen's polling fallback fills the gap
        log.exception("votes push to event %s failed", event_id)


def screen_push_on_commit(event_id: int) -> None:
    transaction.on_commit(lambda: screen_push_now(event_id))
