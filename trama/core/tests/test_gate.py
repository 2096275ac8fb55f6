"""The HTTP gate in front of Django (trama/core/gate.py): a few requests at a time, the rest in turn."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from trama.core.gate import HttpGate

pytestmark = pytest.mark.asyncio


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


async def _get_all(app: Any, paths: list[str]) -> list[httpx.Response]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        return await asyncio.gather(*(client.get(p) for p in paths))


async def test_at_most_the_limit_of_requests_run_at_once_and_every_one_is_answered_in_arrival_order():
    inner = SlowApp()
    paths = [f"/{n}/" for n in range(8)]
    answers = await _get_all(HttpGate(inner, limit=2), paths)
    assert [a.text for a in answers] == paths
    assert inner.most == 2
    assert inner.order == paths


async def test_limit_zero_is_no_gate():
    inner = SlowApp()
    await _get_all(HttpGate(inner, limit=0), [f"/{n}/" for n in range(6)])
    assert inner.most == 6


async def test_websockets_pass_through_the_gate_whatever_the_limit():
    inner = SlowApp()
    gate = HttpGate(inner, limit=1)

    async def socket(n: int) -> None:
        await gate({"type": "websocket", "path": f"/ws/{n}/"}, None, None)

    await asyncio.gather(*(socket(n) for n in range(5)))
    assert inner.most == 5


@pytest.mark.django_db(transaction=True)
async def test_the_real_application_answers_a_burst_of_requests_through_its_gate(settings):
    from trama.asgi import application

    assert settings.HTTP_CONCURRENCY > 0
    answers = await _get_all(application, ["/salute/"] * (settings.HTTP_CONCURRENCY * 3))
    assert {a.status_code for a in answers} == {200}
