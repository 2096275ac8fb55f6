"""WebSocket consumers: one per facilitator's table, one per regia screen. Frames are documented in PROTOCOL.md.

Permissions are checked again on every message the client sends (a badge's token may be rotated, an event
closed, a regia membership removed while the socket is open)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trama.live import groups, selectors, services
from trama.live.models import LiveEvent, LiveTable
from trama.live.payloads import ack_payload, idea_payload, round_payload, table_payload
from trama.live.permissions import can_facilitate_table, can_work_regia

CLOSE_FORBIDDEN = 4403


def error_payload(exc: ValidationError, uuid: Any) -> dict[str, Any]:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return {"type": "error", "uuid": uuid, "code": "invalid", "errors": errors}


def idea_answer(table: LiveTable | None, content: dict[str, Any]) -> dict[str, Any]:
    """Validate and store one idea frame; the answer the socket (or the HTTP fallback) sends back."""
    uuid = content.get("uuid")
    if table is None:
        return {"type": "error", "uuid": uuid, "code": "forbidden"}
    try:
        receipt = services.idea_submit(
            table=table,
            client_uuid=uuid,
            text=content.get("text", ""),
            axis_id=content.get("axis"),
            strategy_id=content.get("strategy"),
            is_dissent=bool(content.get("dissent", False)),
            round_id=content.get("round"),
            client_sent_at=content.get("sent_at"),
        )
    except PermissionDenied:
        return {"type": "error", "uuid": uuid, "code": "forbidden"}
    except ValidationError as exc:
        return error_payload(exc, uuid)
    return ack_payload(receipt.idea, duplicate=receipt.duplicate)


class FacilitatorConsumer(AsyncJsonWebsocketConsumer):
    token: str
    table_id: int
    event_id: int

    async def connect(self) -> None:
        self.token = str(self.scope["url_route"]["kwargs"]["token"])
        hello = await self._hello()
        await self.accept()
        if hello is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.channel_layer.group_add(groups.table_group(self.table_id), self.channel_name)
        await self.channel_layer.group_add(groups.facilitators_group(self.event_id), self.channel_name)
        await self.send_json(hello)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "table_id"):
            await self.channel_layer.group_discard(groups.table_group(self.table_id), self.channel_name)
            await self.channel_layer.group_discard(groups.facilitators_group(self.event_id), self.channel_name)

    @database_sync_to_async
    def _hello(self) -> dict[str, Any] | None:
        table = selectors.table_for_token(self.token)
        if table is None or not can_facilitate_table(table):
            return None
        self.table_id, self.event_id = table.pk, table.event_id
        return {
            "type": "hello",
            "table": table_payload(table),
            "round": round_payload(selectors.open_round(table.event)),
            "server_time": timezone.now().isoformat(),
        }

    @database_sync_to_async
    def _idea(self, content: dict[str, Any]) -> dict[str, Any]:
        table = selectors.table_for_token(self.token)
        return idea_answer(table if table is not None and table.pk == self.table_id else None, content)

    @database_sync_to_async
    def _heartbeat(self, queued: Any) -> bool:
        table = selectors.table_for_token(self.token)
        if not can_facilitate_table(table) or table is None or table.pk != self.table_id:
            return False
        services.table_heartbeat(table=table, queued=queued)
        return True

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "code": "invalid", "errors": {"__all__": ["JSON object"]}})
            return
        kind = content.get("type")
        if kind == "idea":
            answer = await self._idea(content)
            await self.send_json(answer)
            if answer.get("code") == "forbidden":
                await self.close(code=CLOSE_FORBIDDEN)
        elif kind == "heartbeat":
            if await self._heartbeat(content.get("queued", 0)):
                await self.send_json({"type": "heartbeat", "server_time": timezone.now().isoformat()})
            else:
                await self.send_json({"type": "error", "code": "forbidden"})
                await self.close(code=CLOSE_FORBIDDEN)
        else:
            await self.send_json({"type": "error", "code": "unknown_type"})

    async def decode_json(self, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def live_round(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "round", "round": event["round"]})


class RegiaConsumer(AsyncJsonWebsocketConsumer):
    slug: str
    event_id: int

    async def connect(self) -> None:
        self.slug = str(self.scope["url_route"]["kwargs"]["slug"])
        allowed = await self._allowed()
        await self.accept()
        if not allowed:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.channel_layer.group_add(groups.regia_group(self.event_id), self.channel_name)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "event_id"):
            await self.channel_layer.group_discard(groups.regia_group(self.event_id), self.channel_name)

    def _event(self) -> LiveEvent | None:
        event = selectors.event_for_slug(self.slug)
        if event is None or not can_work_regia(self.scope.get("user"), event):
            return None
        return event

    @database_sync_to_async
    def _allowed(self) -> bool:
        event = self._event()
        if event is None:
            return False
        self.event_id = event.pk
        return True

    @database_sync_to_async
    def _resync(self, cursor: Any) -> dict[str, Any] | None:
        event = self._event()
        if event is None:
            return None
        try:
            start = max(0, int(cursor or 0))
        except (TypeError, ValueError):
            start = 0
        ideas = selectors.ideas_after(event=event, cursor=start, limit=selectors.FEED_PAGE + 1)
        more = len(ideas) > selectors.FEED_PAGE
        ideas = ideas[: selectors.FEED_PAGE]
        return {
            "type": "ideas",
            "ideas": [idea_payload(i) for i in ideas],
            "cursor": ideas[-1].pk if ideas else start,
            "more": more,
        }

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "resync":
            await self.send_json({"type": "error", "code": "unknown_type"})
            return
        answer = await self._resync(content.get("cursor", 0))
        if answer is None:
            await self.send_json({"type": "error", "code": "forbidden"})
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.send_json(answer)

    async def decode_json(self, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None

    async def live_idea(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "idea", "idea": event["idea"]})

    async def live_table(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "table", "table": event["table"]})

    async def live_themes(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "themes"})

    async def live_round(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "round", "round": event["round"]})
