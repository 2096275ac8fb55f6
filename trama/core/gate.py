"""A gate in front of Django's HTTP handler: at most ``HTTP_CONCURRENCY`` requests of one server process run
their (synchronous) views at the same time; the others wait their turn in the event loop, in arrival order.
Static files, WebSockets and the lifespan protocol pass outside it.

Why it exists: Django's ASGI handler gives every request its own thread, so 300 voters opening the ballot at
once make ~150 view threads per process, which compete with the facilitators' socket consumers for the GIL
and the pooled database connections. Why it is off by default (0): on the 2-core benchmark
(bench/live_event.py --votes-during) three runs with a limit of 2-4 had an idea p95 of 100-130 ms against
617-2,371 ms without it, and two later runs were worse with it (1,889 and 3,626 ms; the second right after
a run without it that measured 561 ms). A guess, not proven: uvicorn's workers share one listening socket and
take uneven shares of the connections, and a gate serialises the larger share. Measure on the real machines
(and behind the real proxy) first."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import MutableMapping
from typing import Any

ASGIApp = Any  # an ASGI application: await app(scope, receive, send)


class HttpGate:
    """ASGI middleware: ``limit`` HTTP requests inside ``app`` at once per event loop (0: no gate); paths under
    ``ungated_prefixes`` (the static files) are not counted."""

    def __init__(self, app: ASGIApp, *, limit: int, ungated_prefixes: tuple[str, ...] = ()) -> None:
        self.app = app
        self.limit = limit
        self.ungated = tuple(p for p in ungated_prefixes if p and p != "/")
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
        if scope["type"] != "http" or self.limit <= 0 or scope.get("path", "").startswith(self.ungated):
            await self.app(scope, receive, send)
            return
        async with self._slot():
            await self.app(scope, receive, send)
