"""WebSocket consumers: one per facilitator's table, one per regia screen. Frames are documented in PROTOCOL.md.

Permissions are checked again on every message the client sends (a badge's token may be rotated, an event
closed, a regia membership removed while the socket is open)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import ThreadSensitiveContext
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trama.live import groups, selectors, services
from trama.live.broadcast import Collected, collected
from trama.live.models import LiveEvent, LiveTable
from trama.live.payloads import ack_payload, idea_payload, round_payload, table_payload
from trama.live.permissions import can_facilitate_table, can_work_regia, table_may_write

CLOSE_FORBIDDEN = 4403
CLOSE_SERVER_ERROR = 1011

log = logging.getLogger(__name__)


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


# At most this many sockets of one server process use the database at the same time (each in its own
# thread, with its own connection): parallel enough for a live day, and well under PostgreSQL's
# max_connections with a few worker processes even without a connection pool.
DB_SLOTS = 8
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()
P = ParamSpec("P")
R = TypeVar("R")


def _db_slot() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slot = _slots.get(loop)
    if slot is None:
        slot = _slots[loop] = asyncio.Semaphore(DB_SLOTS)
    return slot


def live_db(fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """``database_sync_to_async`` (in the socket's own thread), holding one of the process's DB_SLOTS."""
    call = database_sync_to_async(fn)

    @functools.wraps(fn)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        async with _db_slot():
            return await call(*args, **kwargs)

    return wrapper


def _cursor(value: Any) -> int:
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError, OverflowError):
        return 0


class LiveConsumer(AsyncJsonWebsocketConsumer):
    """What both consumers share: their own worker thread, and pushes that skip the database.

    Channels runs the database work of every consumer of a process in one shared thread, so one socket's
    work (a long resync) delays every other socket's (a facilitator's idea). Here each connection gets its
    own thread, as Django's HTTP requests do (``ThreadSensitiveContext``): a connection's messages stay in
    order, different connections no longer queue behind each other. Pushes from the channel layer
    (``live.*``) do no database work, so they skip Channels' per-message connection clean-up, a hop
    through that thread: a push is sent as soon as it arrives."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async with ThreadSensitiveContext():
            await super().__call__(scope, receive, send)

    async def dispatch(self, message: dict[str, Any]) -> None:
        if str(message.get("type", "")).startswith("live."):
            handler = getattr(self, get_handler_name(message), None)
            if handler is not None:
                await handler(message)
                return
        await super().dispatch(message)

    async def decode_json(self, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None


class FacilitatorConsumer(LiveConsumer):
    token: str
    table: LiveTable
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

    @live_db
    def _hello(self) -> dict[str, Any] | None:
        table = selectors.table_for_token(self.token)
        if table is None or not can_facilitate_table(table):
            return None
        self.table, self.table_id, self.event_id = table, table.pk, table.event_id
        return {
            "type": "hello",
            "table": table_payload(table),
            "round": round_payload(selectors.open_round(table.event)),
            "server_time": timezone.now().isoformat(),
        }

    @live_db
    def _idea(self, content: dict[str, Any]) -> tuple[dict[str, Any], Collected]:
        """The answer, and the pushes and follow-up work of the stored idea (sent and run by the caller)."""
        with collected() as bag:
            # The table (with its event, venue and axis) is loaded once, at connect; every idea asks the
            # database again whether it may still write (a small query instead of reloading four rows).
            if table_may_write(table_id=self.table_id, token=self.token):
                return idea_answer(self.table, content), bag
            # It may not (event closed, table off, token rotated): the full path, where a resend of an idea
            # stored earlier still gets its first answer and anything else is refused.
            table = selectors.table_for_token(self.token)
            return idea_answer(table if table is not None and table.pk == self.table_id else None, content), bag

    @live_db
    def _heartbeat(self, queued: Any) -> Collected | None:
        if not table_may_write(table_id=self.table_id, token=self.token):
            return None
        with collected() as bag:
            services.table_heartbeat(table=self.table, queued=queued)
        return bag

    @live_db
    def _follow_up(self, bag: Collected) -> None:
        bag.run_later()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "code": "invalid", "errors": {"__all__": ["JSON object"]}})
            return
        kind = content.get("type")
        if kind == "idea":
            answer, bag = await self._idea(content)
            await bag.send()  # the regia first: straight from this loop, no hop back from the database thread
            await self.send_json(answer)
            if answer.get("code") == "forbidden":
                await self.close(code=CLOSE_FORBIDDEN)
            if bag.later:  # e.g. the hand-off to the analysis engine: nobody waits for it
                await self._follow_up(bag)
        elif kind == "heartbeat":
            beat = await self._heartbeat(content.get("queued", 0))
            if beat is not None:
                await beat.send()
                await self.send_json({"type": "heartbeat", "server_time": timezone.now().isoformat()})
            else:
                await self.send_json({"type": "error", "code": "forbidden"})
                await self.close(code=CLOSE_FORBIDDEN)
        else:
            await self.send_json({"type": "error", "code": "unknown_type"})

    async def live_round(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "round", "round": event["round"]})


class RegiaConsumer(LiveConsumer):
    slug: str
    event_id: int

    async def connect(self) -> None:
        self.slug = str(self.scope["url_route"]["kwargs"]["slug"])
        self._tasks: set[asyncio.Future[None]] = set()
        self._resync_lock = asyncio.Lock()
        allowed = await self._allowed()
        await self.accept()
        if not allowed:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.channel_layer.group_add(groups.regia_group(self.event_id), self.channel_name)

    async def disconnect(self, code: int) -> None:
        for task in list(getattr(self, "_tasks", ())):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if hasattr(self, "event_id"):
            await self.channel_layer.group_discard(groups.regia_group(self.event_id), self.channel_name)

    def _event(self) -> LiveEvent | None:
        event = selectors.event_for_slug(self.slug)
        if event is None or not can_work_regia(self.scope.get("user"), event):
            return None
        return event

    @live_db
    def _allowed(self) -> bool:
        event = self._event()
        if event is None:
            return False
        self.event_id = event.pk
        return True

    @live_db
    def _resync(self, content: dict[str, Any]) -> dict[str, Any] | None:
        event = self._event()
        if event is None:
            return None
        start = _cursor(content.get("cursor", 0))
        # The periodic check of a client that had no gap: it says how many ideas it holds in (cursor, upto];
        # if the database has as many, only what came after `upto` is sent (usually nothing).
        upto, count = _cursor(content.get("upto")), content.get("count")
        if (
            upto > start
            and isinstance(count, int)
            and not isinstance(count, bool)
            and selectors.ideas_between_count(event=event, after=start, upto=upto) == count
        ):
            start = upto
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
        # Answered in a task, so that pushes keep flowing while the page is read (Channels dispatches one
        # message of a consumer at a time); the lock keeps one client's resyncs in order.
        task = asyncio.ensure_future(self._answer_resync(content))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer_resync(self, content: dict[str, Any]) -> None:
        async with self._resync_lock:
            try:
                answer = await self._resync(content)
            except Exception:  # as a consumer would: drop the socket, the client reconnects and resyncs
                log.exception("live regia resync failed")
                await self.close(code=CLOSE_SERVER_ERROR)
                return
            if answer is None:
                await self.send_json({"type": "error", "code": "forbidden"})
                await self.close(code=CLOSE_FORBIDDEN)
                return
            await self.send_json(answer)

    async def live_idea(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "idea", "idea": event["idea"]})

    async def live_table(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "table", "table": event["table"]})

    async def live_themes(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "themes"})

    async def live_round(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "round", "round": event["round"]})
