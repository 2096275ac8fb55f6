"""Browser fixtures: Debian's chromium driven by Playwright, axe-core for accessibility."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from trama.core.services import psm_data_load

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures happen before pages are driven, so the async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Test runs write screenshots under artifacts/ (ignored by git); the README's pictures are refreshed
# on purpose with TRAMA_SCREENSHOTS_DIR=docs/screenshots make e2e.
_DEFAULT_SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SCREENSHOTS = Path(os.getenv("TRAMA_SCREENSHOTS_DIR", str(_DEFAULT_SHOTS)))


def _chromium_path() -> str | None:
    for candidate in (os.getenv("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = _chromium_path()
    if executable is None:
        message = "Debian chromium not found (apt-get install chromium): browser tests need it"
        if os.getenv("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server: Any, transactional_db: None) -> str:
    """The live server with the real PSM and territory data loaded."""
    psm_data_load()
    return str(live_server.url)


@pytest.fixture
def axe_check() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Any) -> list[dict[str, Any]]:
        results = axe.run(page)
        violations = results.response["violations"]
        return [v for v in violations if v.get("impact") in ("serious", "critical")]

    return check


@pytest.fixture
def screenshot() -> Any:
    def take(page: Any, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

    return take


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """The whole ASGI application (trama.asgi: HTTP and WebSockets) served by uvicorn in a thread of this
    process, on a free port and the test database; for the pages whose sockets must be real."""
    import uvicorn

    from trama.asgi import application

    port = _free_port()
    config = uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the ASGI server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    # ORM work may have run in asgiref's single sync thread: close its connection before the database is flushed.
    from asgiref.sync import SyncToAsync
    from django.db import connections

    SyncToAsync.single_thread_executor.submit(connections.close_all).result(timeout=10)
