"""The HTTP gate in front of Django (trama/core/gate.py): a few requests at a time, the rest in turn."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

import httpx
import pytest

from trama.core.gate import HttpGate

T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a loop of its own thread: in the whole suite the browser tests' Playwright keeps an
    event loop running in the main thread, where neither pytest-asyncio nor async_to_sync may start one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=30)


class SlowApp:
    """An ASGI app that holds each connection for a while and records how many it holds at once."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.order: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.inside += 1
        self.most = max(self.most, self.inside)
        self.order.append(scope["path"])
        await asyncio.sleep(0.02)
        self.inside -= 1
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": scope["path"].encode()})


async def _get_all_async(app: Any, paths: list[str]) -> list[httpx.Response]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        return await asyncio.gather(*(client.get(p) for p in paths))


def _get_all(app: Any, paths: list[str]) -> list[httpx.Response]:
    return _run(_get_all_async(app, paths))


def test_at_most_the_limit_of_requests_run_at_once_and_every_one_is_answered_in_arrival_order():
    inner = SlowApp()
    paths = [f"/{n}/" for n in range(8)]
    answers = _get_all(HttpGate(inner, limit=2), paths)
    assert [a.text for a in answers] == paths
    assert inner.most == 2
    assert inner.order == paths


class SlowBodyApp:
    """Answers at once, then takes a while over the body (a slow client's download)."""

    def __init__(self) -> None:
        self.started: list[float] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.started.append(asyncio.get_running_loop().time())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await asyncio.sleep(0.3)
        await send({"type": "http.response.body", "body": b"fine"})


def test_static_files_pass_outside_the_gate_and_a_slow_download_holds_no_place():
    inner = SlowBodyApp()
    gate = HttpGate(inner, limit=1, ungated_prefixes=("/static/",))
    answers = _get_all(gate, ["/static/a.css", "/static/b.js", "/static/c.svg"])
    assert [a.text for a in answers] == ["fine"] * 3
    assert max(inner.started) - min(inner.started) < 0.2  # none waited for another's body
    inner.started.clear()
    _get_all(gate, ["/voti/a/", "/voti/b/"])
    assert max(inner.started) - min(inner.started) >= 0.25  # pages still take their turn


def test_a_view_that_fails_gives_its_place_back():
    async def broken(scope: dict[str, Any], receive: Any, send: Any) -> None:
        raise RuntimeError("view crashed")

    gate = HttpGate(broken, limit=1)

    async def twice() -> list[str]:
        outcomes = []
        for _ in range(2):
            try:
                await asyncio.wait_for(gate({"type": "http", "path": "/"}, None, None), timeout=1)
            except RuntimeError as exc:
                outcomes.append(str(exc))
        return outcomes

    assert _run(twice()) == ["view crashed", "view crashed"]


def test_limit_zero_is_no_gate():
    inner = SlowApp()
    _get_all(HttpGate(inner, limit=0), [f"/{n}/" for n in range(6)])
    assert inner.most == 6


def test_websockets_pass_through_the_gate_whatever_the_limit():
    inner = SlowApp()
    gate = HttpGate(inner, limit=1)

    async def sockets() -> None:
        await asyncio.gather(*(gate({"type": "websocket", "path": f"/ws/{n}/"}, None, None) for n in range(5)))

    _run(sockets())
    assert inner.most == 5


@pytest.mark.django_db(transaction=True)
def test_the_real_application_answers_a_burst_of_requests_through_a_gate():
    from trama.asgi import django_asgi_app

    answers = _get_all(HttpGate(django_asgi_app, limit=2, ungated_prefixes=("/static/",)), ["/salute/"] * 6)
    assert {a.status_code for a in answers} == {200}
