"""The big screen's socket: read-only. On connect it sends the whole state; after each vote, poll change or
paper tally (a ``screen.changed`` hint from `broadcast`) and when the live app announces a change of the
published themes on its public group, it sends the state again.

Hints are coalesced: a screen waits `COALESCE_SECONDS` after the first hint, then sends one state; the
state itself is shared by every screen of the process when it was computed after their hint arrived, so
300 ballots in 10 s cost a handful of computations, not 300 per screen.

The only message a screen may send is ``{"type": "resync"}``; the permission is checked again on every
message (an event put back in preparation stops being shown)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from trama.live.groups import public_group
from trama.live.models import LiveEvent
from trama.votes import selectors
from trama.votes.broadcast import screen_group
from trama.votes.permissions import can_view_screen

CLOSE_FORBIDDEN = 4403
COALESCE_SECONDS = 0.3

# slug → (monotonic time the computation started, state): shared by the screens of this process.
_latest: dict[str, tuple[float, dict[str, Any]]] = {}


@database_sync_to_async
def _state_if_allowed(slug: str, fresh_after: float | None = None) -> dict[str, Any] | None:
    """The screen state, or None when the event may not be shown. With `fresh_after`, a state computed
    (started) after that moment by another screen is reused."""
    if fresh_after is not None:
        cached = _latest.get(slug)
        if cached is not None and cached[0] > fresh_after:
            return cached[1]
    started = time.monotonic()
    event = LiveEvent.objects.filter(slug=slug).first()
    if event is None or not can_view_screen(event):
        _latest.pop(slug, None)
        return None
    state = selectors.screen_state(event)
    current = _latest.get(slug)
    if current is None or current[0] < started:
        _latest[slug] = (started, state)
    return state


class ScreenConsumer(AsyncJsonWebsocketConsumer):
    slug: str
    event_id: int
    groups_joined: list[str]
    dirty_since: float | None
    later: asyncio.Task[None] | None

    async def connect(self) -> None:
        self.slug = str(self.scope["url_route"]["kwargs"]["slug"])
        self.groups_joined = []
        self.dirty_since = None
        self.later = None
        state = await _state_if_allowed(self.slug)
        await self.accept()
        if state is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.event_id = int(state["event"]["id"])
        self.groups_joined = [screen_group(self.event_id), public_group(self.event_id)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.send_json(state)

    async def disconnect(self, code: int) -> None:
        if self.later is not None:
            self.later.cancel()
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        state = await _state_if_allowed(self.slug)
        if state is None:
            await self.send_json({"type": "error", "code": "forbidden"})
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if kind != "resync":
            await self.send_json({"type": "error", "code": "read_only"})
            return
        await self.send_json(state)

    async def screen_changed(self, message: dict[str, Any]) -> None:
        if self.dirty_since is not None:
            return  # a state is already due: it will include this change
        self.dirty_since = time.monotonic()
        self.later = asyncio.ensure_future(self._send_later())

    async def _send_later(self) -> None:
        await asyncio.sleep(COALESCE_SECONDS)
        since, self.dirty_since = self.dirty_since, None  # a hint from now on schedules the next state
        state = await _state_if_allowed(self.slug, fresh_after=since)
        if state is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.send_json(state)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # The live app's public group carries its own message types (a theme published…): for a screen they
        # all mean "the published themes may have changed".
        if message.get("type", "").startswith(("websocket.", "screen.")):
            await super().dispatch(message)
            return
        await self.screen_changed(message)
