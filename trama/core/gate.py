"""A gate in front of Django's HTTP handler: at most ``HTTP_CONCURRENCY`` requests of one server process run
their (synchronous) views at the same time; the others wait their turn in the event loop, in arrival order.

Why: Django's ASGI handler gives every request its own thread. When 300 participants open the ballot at
once, each server process ran ~150 view threads: they fought for the GIL and for the process's pooled
database connections, and the facilitators' sockets, which need the same two, waited behind all of them
(bench/live_event.py --votes-during: an idea's p95 went from 40 to 600 ms). A few views at a time keep the
CPU as busy, finish each ballot sooner, and leave the sockets their connections. A request gives its place
back as soon as its response starts: sending the body (a slow phone downloading the style sheet) is the
event loop's work, not a view's. WebSockets and the lifespan protocol pass through untouched."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import MutableMapping
from typing import Any

ASGIApp = Any  # an ASGI application: await app(scope, receive, send)


class HttpGate:
    """ASGI middleware: ``limit`` HTTP requests inside ``app`` at once per event loop (0: no gate)."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit
        self._slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            weakref.WeakKeyDictionary()
        )

    def _slot(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        slot = self._slots.get(loop)
        if slot is None:
            slot = self._slots[loop] = asyncio.Semaphore(self.limit)
        return slot

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        slot = self._slot()
        await slot.acquire()
        held = True

        def give_back() -> None:
            nonlocal held
            if held:
                held = False
                slot.release()

        async def send_and_give_back(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                give_back()
            await send(message)

        try:
            await self.app(scope, receive, send_and_give_back)
        finally:
            give_back()
