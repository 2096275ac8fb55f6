"""Asyncio clients of the live benchmark, speaking trama/live/PROTOCOL.md over real WebSockets and HTTP.

They do what the shipped browser code does (trama/live/static/live/facilitator.js and regia.js), so the
server sees the traffic of the real day:
- facilitator: every idea is kept until acked; a new idea and a retry timer (1 s, doubling up to 30 s, back
  to 1 s on any ack) send the unacked ideas that are due (never sent, or last sent at least the retry delay
  ago), a (re)connection sends all of them; while the socket is down they go over the HTTP fallback
  (POST /live/t/<token>/ideas/); reconnect after 1 s, doubling; a heartbeat every 10 s;
- regia: resync from its cursor on every (re)connect, pushes deduplicated by id, every 15 s a resync from
  the cursor of one period earlier (ideas can commit out of id order), and the theme board fragment
  reloaded over HTTP (debounced 800 ms) when new ideas arrive.

Every client runs in this one process, so a facilitator's submit time and a regia client's receipt time
come from the same monotonic clock (`time.perf_counter`). No Django here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx
import websockets
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

NETWORK_ERRORS = (OSError, ConnectionClosed, InvalidHandshake, TimeoutError, httpx.TransportError)

RETRY_FIRST_S = 1.0
RETRY_MAX_S = 30.0
RECONNECT_FIRST_S = 1.0
RECONNECT_MAX_S = 30.0
HEARTBEAT_S = 10.0
BOARD_DEBOUNCE_S = 0.8  # regia.js: a board change ({"type": "themes"}) reloads it within 0.8 s
BOARD_IDEAS_S = 5.0  # regia.js: new ideas reload it at most every 5 s
LAG_RESYNC_S = 15.0


async def ws_open(url: str, origin: str, cookie: str = "") -> ClientConnection:
    headers = {"Cookie": cookie} if cookie else None
    return await connect(
        url,
        origin=websockets.Origin(origin),
        additional_headers=headers,
        proxy=None,
        open_timeout=5,
        ping_interval=None,
        close_timeout=1,
        compression=None,
        max_size=8 * 1024 * 1024,
    )


@dataclass
class Ledger:
    """What the facilitators sent and what the server answered, for every client UUID."""

    first_submit: dict[str, float] = field(default_factory=dict)
    table_of: dict[str, int] = field(default_factory=dict)
    sends: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    http_sends: int = 0
    ack_ids: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    ack_at: dict[str, float] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    reconnects: int = 0

    def acked(self) -> set[str]:
        return set(self.ack_at)


class Facilitator:
    """One table's device, as facilitator.js behaves."""

    def __init__(
        self,
        *,
        table_id: int,
        ws_url: str,
        ideas_url: str,
        origin: str,
        ledger: Ledger,
        http: httpx.AsyncClient,
        rng: random.Random,
    ) -> None:
        self.table_id = table_id
        self.ws_url = ws_url
        self.ideas_url = ideas_url
        self.origin = origin
        self.ledger = ledger
        self.http = http
        self.rng = rng
        self.unacked: dict[str, dict[str, Any]] = {}
        self.last_sent: dict[str, float] = {}
        self.ws: ClientConnection | None = None
        self.round_id: int | None = None
        self.closing = False
        self.connected = asyncio.Event()
        self.retry_delay = RETRY_FIRST_S
        self.retry_task: asyncio.Task[None] | None = None
        self.posts: set[asyncio.Task[None]] = set()
        self.post_slots = asyncio.Semaphore(6)  # a browser opens at most 6 connections to one host
        self.start_delay = 0.0

    # -------------------------------------------------- sending, as flush() and scheduleRetry()

    async def flush(self, due: float | None = None) -> None:
        """Send the unacked ideas that are due: never sent, or last sent at least `due` seconds ago (default:
        the current retry delay; 0 after a (re)connection, when everything unacked goes again)."""
        if not self.unacked:
            return
        ws = self.ws
        now = time.perf_counter()
        min_age = self.retry_delay if due is None else due
        for key in list(self.unacked):
            frame = self.unacked.get(key)
            if frame is None:
                continue
            last = self.last_sent.get(key)
            if last is not None and now - last < min_age - 0.05:  # 50 ms of slack, as the page
                continue
            self.last_sent[key] = now
            self.ledger.sends[key] += 1
            if ws is not None:
                try:
                    await ws.send(json.dumps(frame))
                except NETWORK_ERRORS:
                    ws = None
            else:
                task = asyncio.create_task(self._post(frame))
                self.posts.add(task)
                task.add_done_callback(self.posts.discard)
        self._schedule_retry()

    def _schedule_retry(self) -> None:
        if self.retry_task is not None:
            self.retry_task.cancel()
        self.retry_task = asyncio.create_task(self._retry_later(self.retry_delay))

    async def _retry_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        self.retry_task = None
        if self.unacked:
            due = self.retry_delay
            self.retry_delay = min(self.retry_delay * 2, RETRY_MAX_S)
            await self.flush(due)

    async def _post(self, frame: dict[str, Any]) -> None:
        """The HTTP fallback while the socket is down (same JSON, same answer)."""
        body = {k: v for k, v in frame.items() if k != "type"}
        async with self.post_slots:
            if str(frame["uuid"]) not in self.unacked:
                return
            self.ledger.http_sends += 1
            with contextlib.suppress(*NETWORK_ERRORS, ValueError, RuntimeError):
                response = await self.http.post(self.ideas_url, json=body)
                if response.status_code in (200, 400, 403):
                    self._on_frame(response.json())

    async def submit(self, text: str) -> str:
        key = str(uuid.uuid4())
        self.unacked[key] = {
            "type": "idea",
            "uuid": key,
            "text": text,
            "axis": None,
            "strategy": None,
            "dissent": False,
            "round": self.round_id,
            "sent_at": int(time.time() * 1000),
        }
        self.ledger.first_submit[key] = time.perf_counter()
        self.ledger.table_of[key] = self.table_id
        await self.flush()
        return key

    def _on_frame(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "ack":
            key = str(frame.get("uuid"))
            self.ledger.ack_ids[key].add(int(frame["id"]))
            self.ledger.ack_at.setdefault(key, time.perf_counter())
            self.unacked.pop(key, None)
            self.retry_delay = RETRY_FIRST_S
        elif kind == "hello":
            self.round_id = (frame.get("round") or {}).get("id")
        elif kind == "error":
            self.ledger.errors.append(frame)
            if frame.get("code") == "invalid":
                self.unacked.pop(str(frame.get("uuid")), None)

    async def _heartbeats(self, ws: ClientConnection) -> None:
        while True:
            await ws.send(json.dumps({"type": "heartbeat", "queued": len(self.unacked)}))
            await asyncio.sleep(HEARTBEAT_S * self.rng.uniform(0.8, 1.2))  # facilitator.js: ±20 %

    async def run(self) -> None:
        """Keep a socket open (reconnecting with backoff) until `closing` and nothing is left to send."""
        await asyncio.sleep(self.start_delay)
        reconnect_delay = RECONNECT_FIRST_S
        first = True
        while not (self.closing and not self.unacked):
            beating: asyncio.Task[None] | None = None
            try:
                async with await ws_open(self.ws_url, self.origin) as ws:
                    if not first:
                        self.ledger.reconnects += 1
                    first = False
                    self.ws = ws
                    self.connected.set()
                    reconnect_delay = RECONNECT_FIRST_S
                    self.retry_delay = RETRY_FIRST_S
                    beating = asyncio.create_task(self._heartbeats(ws))
                    await self.flush(0)
                    while not (self.closing and not self.unacked):
                        try:
                            raw = await asyncio.wait_for(ws.recv(), timeout=0.5)
                        except TimeoutError:
                            continue
                        self._on_frame(json.loads(raw))
            except NETWORK_ERRORS:
                pass
            finally:
                self.ws = None
                self.connected.clear()
                if beating is not None:
                    beating.cancel()
            if self.closing and not self.unacked:
                break
            await self.flush(0)  # over HTTP while the socket is down
            await asyncio.sleep(reconnect_delay * self.rng.uniform(0.8, 1.2))  # facilitator.js: ±20 %
            reconnect_delay = min(reconnect_delay * 2, RECONNECT_MAX_S)
        if self.retry_task is not None:
            self.retry_task.cancel()
        for task in list(self.posts):
            task.cancel()


@dataclass
class Receipt:
    at: float
    idea_id: int
    via: str  # "push" or "resync"


class Regia:
    """A regia screen, as regia.js behaves."""

    def __init__(
        self,
        *,
        name: str,
        ws_url: str,
        board_url: str,
        origin: str,
        cookie: str,
        http: httpx.AsyncClient,
        board: bool = True,
    ) -> None:
        self.name = name
        self.ws_url = ws_url
        self.board_url = board_url
        self.origin = origin
        self.cookie = cookie
        self.http = http
        self.board = board
        self.cursor = 0
        self.lag_cursor = 0
        self.first: dict[str, Receipt] = {}
        self.ids_by_uuid: dict[str, set[int]] = defaultdict(set)
        self.seen_ids: set[int] = set()
        self.redeliveries = 0
        self.reconnects = 0
        self.closing = False
        self.connected = asyncio.Event()
        self.synced = asyncio.Event()
        self.refused: str = ""
        self.waiters: dict[str, asyncio.Future[float]] = {}
        self.board_task: asyncio.Task[None] | None = None
        self.board_loads: list[float] = []
        self.board_errors: dict[str, int] = defaultdict(int)
        self.board_last = 0.0
        self.board_soon = False
        self.start_delay = 0.0

    def wait_for(self, key: str) -> asyncio.Future[float]:
        """A future set to the receipt time when the idea `key` reaches this client."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if key in self.first:
            future.set_result(self.first[key].at)
        else:
            self.waiters[key] = future
        return future

    def _idea(self, idea: dict[str, Any], via: str) -> bool:
        at = time.perf_counter()
        key = str(idea["uuid"])
        idea_id = int(idea["id"])
        seen = idea_id in self.ids_by_uuid[key]
        if seen and via == "push":
            self.redeliveries += 1
        self.ids_by_uuid[key].add(idea_id)
        self.seen_ids.add(idea_id)
        if key not in self.first:
            self.first[key] = Receipt(at=at, idea_id=idea_id, via=via)
            waiter = self.waiters.pop(key, None)
            if waiter is not None and not waiter.done():
                waiter.set_result(at)
        self.cursor = max(self.cursor, idea_id)
        return not seen

    def _reload_board(self, *, soon: bool = False) -> None:
        """As regia.js: within 0.8 s after a board change; after new ideas, at most every 5 s."""
        if not self.board or self.closing:
            return
        if self.board_task is not None:
            if not soon or self.board_soon:
                return
            self.board_task.cancel()
        due = self.board_last + BOARD_IDEAS_S - time.perf_counter()
        wait = BOARD_DEBOUNCE_S if soon else max(BOARD_DEBOUNCE_S, due)
        self.board_soon = soon
        self.board_task = asyncio.create_task(self._board_later(wait))

    async def _board_later(self, wait: float) -> None:
        await asyncio.sleep(wait)
        self.board_last = began = time.perf_counter()
        try:
            response = await self.http.get(self.board_url, headers={"HX-Request": "true", "Cookie": self.cookie})
            if response.status_code == 200:
                self.board_loads.append(time.perf_counter() - began)
            else:
                self.board_errors[f"HTTP {response.status_code}"] += 1
        except NETWORK_ERRORS as exc:
            self.board_errors[type(exc).__name__] += 1
        finally:
            if self.board_task is asyncio.current_task():
                self.board_task = None

    async def _resync(self, ws: ClientConnection, cursor: int, upto: int | None = None) -> None:
        frame: dict[str, Any] = {"type": "resync", "cursor": cursor}
        if upto is not None:
            # The periodic check: how many ideas this client holds in (cursor, upto]; the server sends only
            # what came after `upto` when the count matches.
            frame["upto"] = upto
            frame["count"] = sum(1 for i in self.seen_ids if cursor < i <= upto)
        await ws.send(json.dumps(frame))

    async def _on_frame(self, ws: ClientConnection, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "idea":
            if self._idea(frame["idea"], "push"):
                self._reload_board()
        elif kind == "ideas":
            added = False
            for idea in frame.get("ideas", []):
                added = self._idea(idea, "resync") or added
            self.cursor = max(self.cursor, int(frame.get("cursor") or 0))
            if added:
                self._reload_board()
            if frame.get("more"):
                await self._resync(ws, self.cursor)
            else:
                self.synced.set()
        elif kind == "themes":
            self._reload_board(soon=True)
        elif kind == "error" and frame.get("code") == "forbidden":
            self.refused = "forbidden"

    async def _lagging(self, ws: ClientConnection) -> None:
        while True:
            await asyncio.sleep(LAG_RESYNC_S)
            upto = self.cursor
            await self._resync(ws, self.lag_cursor, upto if upto > self.lag_cursor else None)
            self.lag_cursor = upto

    async def run(self) -> None:
        await asyncio.sleep(self.start_delay)
        delay = RECONNECT_FIRST_S
        first = True
        while not self.closing:
            lagging: asyncio.Task[None] | None = None
            try:
                async with await ws_open(self.ws_url, self.origin, self.cookie) as ws:
                    if not first:
                        self.reconnects += 1
                    first = False
                    self.synced.clear()
                    await self._resync(ws, self.cursor)
                    self.connected.set()
                    delay = RECONNECT_FIRST_S
                    lagging = asyncio.create_task(self._lagging(ws))
                    while not self.closing:
                        try:
                            raw = await asyncio.wait_for(ws.recv(), timeout=0.5)
                        except TimeoutError:
                            continue
                        await self._on_frame(ws, json.loads(raw))
            except InvalidStatus as exc:
                self.refused = f"HTTP {exc.response.status_code}"
            except NETWORK_ERRORS as exc:
                if isinstance(exc, ConnectionClosed) and exc.rcvd is not None and exc.rcvd.code == 4403:
                    self.refused = "4403"
            finally:
                self.connected.clear()
                if lagging is not None:
                    lagging.cancel()
            if self.closing:
                break
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX_S)
        if self.board_task is not None:
            self.board_task.cancel()

    async def final_resync(self, *, cursor: int | None = None, timeout: float = 30) -> None:
        """A last reconnect and resync (from `cursor`, by default the lagging one, as the page's 15 s timer)."""
        async with await ws_open(self.ws_url, self.origin, self.cookie) as ws:
            await self._resync(ws, self.lag_cursor if cursor is None else cursor)
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline:
                frame = json.loads(await asyncio.wait_for(ws.recv(), timeout=deadline - time.perf_counter()))
                if frame.get("type") != "ideas":
                    continue
                for idea in frame.get("ideas", []):
                    self._idea(idea, "resync")
                self.cursor = max(self.cursor, int(frame.get("cursor") or 0))
                if not frame.get("more"):
                    return
                await self._resync(ws, int(frame.get("cursor") or 0))
