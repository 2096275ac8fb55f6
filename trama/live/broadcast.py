"""Pushes to channel-layer groups. Only hints: clients resync from the database (at most once delivery)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


def send_now(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # the normal case: a sync thread (request, consumer's database_sync_to_async, command)
    else:
        log.debug("live push to %s skipped: called from an event loop's thread", group)
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # a push that fails is only a missed hint: the next resync fills the gap
        log.exception("live push to %s failed", group)


def send_on_commit(group: str, message: dict[str, Any]) -> None:
    transaction.on_commit(lambda: send_now(group, message))
