"""Pushes to channel-layer groups. Only hints: clients resync from the database (at most once delivery).

A push is sent after the transaction that made it true commits. Code running on a socket's behalf can
collect its pushes and follow-up work instead (``collected()``): the consumer then sends the pushes from its
own event loop and answers its client before the follow-up work runs, rather than hopping back to the loop
from the database thread and making the client wait for work it does not need."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


@dataclass
class Collected:
    """Pushes (group, message) and follow-up work, gathered once their transaction committed."""

    pushes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    later: list[Callable[[], None]] = field(default_factory=list)

    async def send(self) -> None:
        """Send the pushes from the caller's event loop."""
        layer = get_channel_layer()
        if layer is None:
            return
        for group, message in self.pushes:
            try:
                await layer.group_send(group, message)
            except Exception:  # a missed hint: the next resync fills the gap
                log.exception("live push to %s failed", group)

    def run_later(self) -> None:
        """Run the follow-up work (in a thread that may use the database)."""
        for work in self.later:
            try:
                work()
            except Exception:
                log.exception("live follow-up work failed")


_collecting: ContextVar[Collected | None] = ContextVar("live_collecting", default=None)


@contextlib.contextmanager
def collected() -> Iterator[Collected]:
    """Within the block, pushes and follow-up work are gathered (still only once committed), not run."""
    bag = Collected()
    token = _collecting.set(bag)
    try:
        yield bag
    finally:
        _collecting.reset(token)


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
    bag = _collecting.get()
    if bag is not None:
        transaction.on_commit(lambda: bag.pushes.append((group, message)))
    else:
        transaction.on_commit(lambda: send_now(group, message))


def after_commit(work: Callable[[], None]) -> None:
    """Work that follows a commit and that nobody waits for (e.g. queueing a background task)."""
    bag = _collecting.get()
    if bag is not None:
        transaction.on_commit(lambda: bag.later.append(work))
    else:
        transaction.on_commit(work)
