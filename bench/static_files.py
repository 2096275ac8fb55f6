"""Benchmark: static files under the real ASGI server, and what a burst of them does to the dynamic pages.

When 300 participants open the ballot page on their phones within a minute, every phone downloads the
page's CSS and JavaScript once (hashed names, cached for a year afterwards). This starts the real server
(uvicorn, 2 workers, SQLite), measures the latency of a dynamic request (/salute/: Django's request cycle
plus one query) alone as the baseline, then again while `--phones` clients download every static file the
ballot page links (`--page home`: the home page's), compressed, as a fresh phone does. Fonts are not
counted: the same Titillium Web faces on every page. The probe runs in a process of its own, so the
phones' event loop does not delay it. Prints p50/p95 of both, the ratio, the static files' throughput, the
CPU of the server workers and of the phones, and the workers' peak memory; the last line is one JSON object.

The phones run on the same 2 cores as the server and use more CPU than it does: the static files' p95 is
bounded by the load generator. Findings and a comparison of static servers: bench/LIVE_NEEDS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trama.settings")

from live import infra  # noqa: E402
from live.infra import cpu_seconds  # noqa: E402
from live.stats import summary_ms  # noqa: E402

PAGES = {"home": "/"}
ASSET = re.compile(r"""(?:href|src)="(/static/[^"]+\.(?:css|js|woff2?|svg|png))""")


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


async def dynamic_loops(base: str, stop: Any, samples: list[float], *, loops: int = 4) -> None:
    async def loop(client: httpx.AsyncClient) -> None:
        while not stop():
            started = time.perf_counter()
            response = await client.get("/salute/")
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            await asyncio.sleep(0.02)

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await asyncio.gather(*(loop(client) for _ in range(loops)))


def probe(base: str, stop: Any, out: Any) -> None:
    """The dynamic requests, in a process of their own: the phones' downloads do not delay this event loop,
    so what it measures is the server's answer time."""
    samples: list[float] = []
    asyncio.run(dynamic_loops(base, stop.is_set, samples))
    out.put(samples)


async def phone(base: str, assets: list[str], samples: list[float], sizes: list[int]) -> None:
    # A fresh phone: its own connections, no cache, gzip or brotli accepted like every mobile browser.
    headers = {"Accept-Encoding": "gzip, br"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        for path in assets:
            started = time.perf_counter()
            received = 0
            async with client.stream("GET", path) as response:
                assert response.status_code == 200, (path, response.status_code)
                async for chunk in response.aiter_raw():  # as sent, compressed: no decoding on this side
                    received += len(chunk)
            samples.append(time.perf_counter() - started)
            sizes.append(received)


async def burst(server: infra.Server, *, assets: list[str], phones: int) -> dict[str, Any]:
    static: list[float] = []
    sizes: list[int] = []
    peak: dict[int, int] = {}
    pids = server.worker_pids()
    done = asyncio.Event()

    async def sample_memory() -> None:
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak.get(pid, 0), rss_kib(pid))
            await asyncio.sleep(0.05)

    memory = asyncio.create_task(sample_memory())
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    started = time.perf_counter()
    await asyncio.gather(*(phone(server.base_url, assets, static, sizes) for _ in range(phones)))
    seconds = time.perf_counter() - started
    done.set()
    await memory
    return {
        "static": static,
        "bytes": sum(sizes),
        "burst_s": seconds,
        "server_cpu_s": sum(cpu_seconds(pid) for pid in pids) - cpu_before,
        "peak_rss_mib": round(sum(peak.values()) / 1024, 1),
    }


def page_assets(base: str, path: str) -> tuple[list[str], int]:
    """The static files a page links, and their compressed size together (bytes), as one phone gets them."""
    html = httpx.get(f"{base}{path}", timeout=30).text
    assets = sorted(set(ASSET.findall(html)))
    if not assets:
        raise RuntimeError(f"{path} links no static files")
    total = 0
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip, br"}, timeout=30) as client:
        for asset in assets:
            with client.stream("GET", asset) as response:
                total += sum(len(chunk) for chunk in response.iter_raw())
    return assets, total


def ballot_path() -> str:
    """One participant's badge for an open poll of a live event (the real services, on the run's database)."""
    from live.setup import event_prepare
    from live.votes import votes_prepare

    from trama.core.services import psm_data_load

    psm_data_load()
    prepared = event_prepare(tables_per_venue=1, regia_clients=1, themes=0)
    votes_prepare(prepared=prepared, participants=6)
    return f"/voti/{prepared.tokens[0]}/"


def measure(server: infra.Server, *, page: str, phones: int, seconds: float) -> dict[str, Any]:
    """``page``: a key of PAGES."""
    linked = {name: page_assets(server.base_url, path) for name, path in PAGES.items()}
    assets = linked[page][0]
    context = multiprocessing.get_context("spawn")
    results: dict[str, Any] = {"assets": assets}
    results["kb_per_phone"] = {name: size / 1000 for name, (_assets, size) in linked.items()}
    for phase in ("alone", "during"):
        stop, out = context.Event(), context.Queue()
        worker = context.Process(target=probe, args=(server.base_url, stop, out))
        worker.start()
        time.sleep(1.0)  # the probe's interpreter starts
        if phase == "alone":
            time.sleep(seconds)
        else:
            own_cpu = time.process_time()
            results.update(asyncio.run(burst(server, assets=assets, phones=phones)))
            results["client_cpu_s"] = time.process_time() - own_cpu
        stop.set()
        results[phase] = out.get(timeout=120)
        worker.join(timeout=30)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=300, help="fresh phones downloading the static files")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of the baseline phase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--page", choices=["ballot", "home"], default="ballot", help="whose static files")
    args = parser.parse_args()

    db = infra.TempDatabase.create(prefer_postgres=False)
    os.environ["DATABASE_URL"] = db.url
    server: infra.Server | None = None
    try:
        import django

        django.setup()
        logging.getLogger("httpx").setLevel(logging.WARNING)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        PAGES["ballot"] = ballot_path()
        env = {**os.environ, "DATABASE_URL": db.url, "ALLOWED_HOSTS": "127.0.0.1,localhost"}
        env.pop("REDIS_URL", None)
        server = infra.Server(env=env, workers=args.workers)
        server.start()
        print(f"Static files benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}", flush=True)
        result = measure(server, page=args.page, phones=args.phones, seconds=args.seconds)
    finally:
        if server is not None:
            server.stop()
        db.drop()

    alone, during, static = summary_ms(result["alone"]), summary_ms(result["during"]), summary_ms(result["static"])
    files = len(result["static"])
    kb = result["kb_per_phone"]
    print(
        f"{args.page} page: {len(result['assets'])} static files ({', '.join(Path(a).name for a in result['assets'])})"
    )
    print(
        f"static files per fresh phone: ballot page {kb['ballot']:.0f} KB, home page {kb['home']:.0f} KB (compressed)"
    )
    print(f"dynamic alone:        p50 {alone['p50_ms']} ms, p95 {alone['p95_ms']} ms ({len(result['alone'])} requests)")
    print(
        f"dynamic during burst: p50 {during['p50_ms']} ms, p95 {during['p95_ms']} ms ({len(result['during'])} requests)"
    )
    print(
        f"static: {files} files, {result['bytes'] / 1e6:.1f} MB in {result['burst_s']:.1f} s "
        f"({files / result['burst_s']:.0f} files/s), p50 {static['p50_ms']} ms, p95 {static['p95_ms']} ms"
    )
    print(
        f"CPU during the burst: server workers {result['server_cpu_s']:.1f} s, this client "
        f"{result['client_cpu_s']:.1f} s; workers' peak memory (sum) {result['peak_rss_mib']} MiB"
    )
    ratio = during["p95_ms"] / alone["p95_ms"] if alone["p95_ms"] else None
    print(
        json.dumps(
            {
                "bench": "static_files",
                "page": args.page,
                "phones": args.phones,
                "kb_per_phone": round(kb[args.page], 1),
                "kb_per_phone_home": round(kb["home"], 1),
                "files": files,
                "megabytes": round(result["bytes"] / 1e6, 1),
                "files_per_s": round(files / result["burst_s"], 1),
                "static_p95_ms": static["p95_ms"],
                "dynamic_p95_ms_alone": alone["p95_ms"],
                "dynamic_p95_ms_during": during["p95_ms"],
                "dynamic_p95_ratio": round(ratio, 2) if ratio else None,
                "server_cpu_s": round(result["server_cpu_s"], 1),
                "peak_rss_mib": result["peak_rss_mib"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
