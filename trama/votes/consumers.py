"""The big screen's socket: read-only. On connect it sends the whole state; after each vote, poll change or
paper tally it receives the new state (pushed once per change by `broadcast`); when the live app announces a
change of the published themes on its public group, it recomputes and sends the state.

The only message a screen may send is ``{"type": "resync"}``; the permission is checked again on every
message (an event put back in preparation stops being shown)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from trama.live.groups import public_group
from trama.live.models import LiveEvent
from trama.votes import selectors
from trama.votes.broadcast import screen_group
from trama.votes.permissions import can_view_screen

CLOSE_FORBIDDEN = 4403


@database_sync_to_async
def _state_if_allowed(slug: str) -> dict[str, Any] | None:
    event = LiveEvent.objects.filter(slug=slug).first()
    if event is None or not can_view_screen(event):
        return None
    return selectors.screen_state(event)


class ScreenConsumer(AsyncJsonWebsocketConsumer):
    slug: str
    event_id: int
    groups_joined: list[str]

    async def connect(self) -> None:
        self.slug = str(self.scope["url_route"]["kwargs"]["slug"])
        self.groups_joined = []
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

    async def screen_state(self, message: dict[str, Any]) -> None:
        await self.send_json(message["state"])

    async def dispatch(self, message: dict[str, Any]) -> None:
        # The live app's public group carries its own message types (themes published, renamed…): for a
        # screen they all mean "the published themes may have changed", so recompute instead of failing.
        if message.get("type", "").startswith(("websocket.", "screen.")):
            await super().dispatch(message)
            return
        state = await _state_if_allowed(self.slug)
        if state is not None:
            await self.send_json(state)
