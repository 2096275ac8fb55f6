"""The live Q&A socket: one group per event. On connect and on every change the client gets the whole public
state, read from the database (pushes carry no data of their own, so a missed one is healed by the next)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from trama.events.selectors import qa_group, questions_state


class QuestionsConsumer(AsyncJsonWebsocketConsumer):
    event_id: int
    group: str

    async def connect(self) -> None:
        self.event_id = int(self.scope["url_route"]["kwargs"]["event_id"])
        state = await database_sync_to_async(questions_state)(self.event_id)
        if state is None:
            await self.close(code=4404)
            return
        self.group = qa_group(self.event_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "state", "state": state})

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # Clients only ever ask for a fresh state; every change goes through the HTTP views and their checks.
        if isinstance(content, dict) and content.get("type") == "refresh":
            await self._send_state()

    async def qa_changed(self, message: dict[str, Any]) -> None:
        await self._send_state()

    async def _send_state(self) -> None:
        state = await database_sync_to_async(questions_state)(self.event_id)
        if state is None:
            await self.close(code=4404)
            return
        await self.send_json({"type": "state", "state": state})
