"""Benchmark of a live co-planning day over the real ASGI server (issue 5): ideas, regia pushes, votes, report.

What it does, on its own, in one run:
1. A throwaway database (PostgreSQL at 127.0.0.1:5432 when it answers: a temporary database, dropped at the
   end; else a temporary SQLite file), migrated, with the real plan and territory (`psm_data_load`), and an
   event made by the live and votes services: 6 venues × 8 tables with their tokens, an open round, a regia
   of 10 people (one lead), a board of themes named after the plan's strategies, 300 participant badges and
   an open poll.
2. The real server: `uvicorn trama.asgi:application --workers 2` on a free loopback port, with Redis as the
   channel layer (an empty Redis database) when Redis answers, so both workers reach every socket, and a
   PostgreSQL pool of 10 connections per worker (`DATABASE_POOL_MAX`, `--pool`). Without Redis the
   in-memory layer cannot push across processes, so the run uses 1 worker (and says so). The servers'
   analysis backend is `ANALYSIS_BACKEND` (default auto; `--analysis tfidf` to take e5 out). Background tasks
   run as on a live day: the servers have `TASKS_BACKEND=database` and one `manage.py db_worker` process
   beside them runs the tasks (the ideas' hand-off to the analysis engine, its analysis), so the engine does
   not run inside the ASGI workers; stopped at the end. `--tasks thread` runs them inside the workers.
3. Baseline, measured in the same run: one facilitator and one regia client, no other load, ideas sent one at
   a time; the submit → regia latency of an idea.
4. Load, over real WebSockets/HTTP on loopback, from this process (asyncio), with clients that behave as
   the shipped pages (bench/live/clients.py): 48 facilitators sending bursts of ideas at the design load
   (600 ideas/minute overall), each with a client UUID, kept until acked, resent with backoff and on
   reconnect (HTTP fallback while the socket is down); 10 regia clients (resync from their cursor on every
   reconnect, a lagging resync every 15 s, the theme board reloaded over HTTP as regia.js does; `--no-board`
   to leave it out). Then the voting phase: 300 participants, each starting within 10 s, page + ballot over
   HTTP (`--votes-during` overlaps it with the ideas). `--kill` SIGKILLs one uvicorn worker halfway through
   the ideas; uvicorn's supervisor starts a new one; clients reconnect and resend.
5. Checks against the database and the regia receipts: ideas lost (typed but never stored, or stored but
   never reaching some regia client, even after a final resync) and duplicated (a client UUID stored twice,
   acked or delivered with two different ids).
6. The day is closed and the instant report built; timed (`report_s`) on the stored ideas, and on 2,000 ideas
   (topped up in bulk) when the run stored fewer.

Latency figures are over every (idea, regia client) receipt, from the facilitator's first submit to the
first arrival on that regia client (push or resync), so resends after a kill count with their whole wait.
Human-readable lines first; the LAST line is one JSON object:
{"ideas", "p50_ms", "p95_ms", "p99_ms", "lost", "duplicated", "votes_per_s", "report_s", "mode"}.
Exit status 0 when the run completed (targets are reported, not enforced), 2 when something it needs is
missing (see bench/LIVE_NEEDS.md).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import random
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trama.settings")

import httpx  # noqa: E402
from live import infra  # noqa: E402
from live.infra import cpu_seconds  # noqa: E402
from live.stats import json_number, summary_ms  # noqa: E402

TABLES_PER_VENUE = 8
VENUES = 6
REGIA_CLIENTS = 10
PARTICIPANTS = 300
VOTE_WINDOW_S = 10.0
BASELINE_IDEAS = 30
DESIGN_RATE = 600  # ideas per minute, all tables together
REPORT_IDEAS = 2000
TARGET_P95_MS = 100.0
CONNECT_SPREAD_S = 3.0
TARGET_REPORT_S = 60.0


class Missing(RuntimeError):
    """Something the benchmark needs from the app is not there (yet)."""


def say(text: str = "") -> None:
    print(text, flush=True)


def tasks_by_status() -> dict[str, int]:
    """The django-tasks-db queue (TASKS_BACKEND=database): how many background tasks are in each status."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.values("status").annotate(n=Count("id")).order_by("status")
    return {row["status"]: row["n"] for row in rows}


def analysis_lag(event_id: int) -> dict[str, Any]:
    """How far the analysis engine is behind the ideas: how many have their strategy suggestions, and the
    seconds from an idea's arrival to its analysis (what the regia waits for the suggested strategies; the
    suggested theme comes with the idea)."""
    from django.db.models import F

    from trama.live.models import Idea

    ideas = Idea.objects.filter(event_id=event_id)
    done = ideas.filter(analysis_text__embedded_at__isnull=False).annotate(
        lag=F("analysis_text__embedded_at") - F("created_at")
    )
    lags = sorted(row.lag.total_seconds() for row in done.only("pk", "created_at"))

    def q(p: float) -> float | None:
        return round(lags[min(len(lags) - 1, int(p * len(lags)))], 1) if lags else None

    return {"analysed": len(lags), "ideas": ideas.count(), "lag_p50_s": q(0.5), "lag_p95_s": q(0.95)}


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- load schedule


def idea_schedule(*, tables: int, total: int, seconds: float, rng: random.Random) -> list[list[float]]:
    """Per table, the offsets (s) at which its facilitator submits: bursts of 1–4 ideas typed in a row
    (0.1–0.4 s apart) at random moments of the load phase; `total` ideas over all tables."""
    per_table = [total // tables + (1 if n < total % tables else 0) for n in range(tables)]
    schedule: list[list[float]] = []
    for count in per_table:
        offsets: list[float] = []
        while len(offsets) < count:
            size = min(rng.randint(1, 4), count - len(offsets))
            start = rng.uniform(0, max(0.1, seconds - 2))
            offsets += [start + i * rng.uniform(0.1, 0.4) for i in range(size)]
        schedule.append(sorted(offsets))
    return schedule


# ---------------------------------------------------------------- the run


@dataclass
class RunResult:
    baseline: dict[str, float] = field(default_factory=dict)
    latencies_all: list[float] = field(default_factory=list)
    latencies_first: list[float] = field(default_factory=list)
    latencies_push: list[float] = field(default_factory=list)
    latencies_clean: list[float] = field(default_factory=list)
    ack: list[float] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)


def http_client() -> httpx.AsyncClient:
    """One connection pool for every HTTP client of this process (loopback, no proxy, no TLS context)."""
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=100)
    return httpx.AsyncClient(trust_env=False, timeout=30, limits=limits)


def facilitator_for(table: Any, *, server: infra.Server, ledger: Any, http: httpx.AsyncClient, seed: float) -> Any:
    from live.clients import Facilitator

    return Facilitator(
        table_id=table.id,
        ws_url=f"{server.ws_url}/ws/live/t/{table.token}/",
        ideas_url=f"{server.base_url}/live/t/{table.token}/ideas/",
        origin=server.base_url,
        ledger=ledger,
        http=http,
        rng=random.Random(seed),
    )


def regia_for(n: int, *, server: infra.Server, prepared: Any, http: httpx.AsyncClient, board: bool) -> Any:
    from live.clients import Regia

    return Regia(
        name=f"regia-{n + 1}",
        ws_url=f"{server.ws_url}/ws/live/e/{prepared.slug}/regia/",
        board_url=f"{server.base_url}/live/e/{prepared.slug}/regia/temi/",
        origin=server.base_url,
        cookie=prepared.regia_cookies[n % len(prepared.regia_cookies)],
        http=http,
        board=board,
    )


async def baseline_run(*, server: infra.Server, prepared: Any, texts: list[str]) -> list[float]:
    """One facilitator, one regia client, nothing else: each idea sent after the previous one arrived."""
    from live.clients import Ledger

    ledger = Ledger()
    async with http_client() as http:
        facilitator = facilitator_for(prepared.tables[0], server=server, ledger=ledger, http=http, seed=1)
        regia = regia_for(0, server=server, prepared=prepared, http=http, board=False)
        tasks = [asyncio.create_task(facilitator.run()), asyncio.create_task(regia.run())]
        await asyncio.wait_for(facilitator.connected.wait(), 15)
        await asyncio.wait_for(regia.synced.wait(), 15)
        if regia.refused:
            raise Missing(f"regia socket refused ({regia.refused})")
        samples = []
        for n in range(BASELINE_IDEAS + 3):
            key = await facilitator.submit(texts[n % len(texts)])
            arrived = await asyncio.wait_for(regia.wait_for(key), 15)
            if n >= 3:  # the first few warm up the workers' code paths and connections
                samples.append(arrived - ledger.first_submit[key])
            await asyncio.sleep(0.05)
        facilitator.closing = True
        regia.closing = True
        await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 15)
    return samples


async def load_run(
    *, server: infra.Server, prepared: Any, texts: list[str], args: argparse.Namespace, result: RunResult
) -> dict[str, Any]:
    async with http_client() as http:
        return await _load_run(server=server, prepared=prepared, texts=texts, args=args, result=result, http=http)


async def _load_run(
    *,
    server: infra.Server,
    prepared: Any,
    texts: list[str],
    args: argparse.Namespace,
    result: RunResult,
    http: httpx.AsyncClient,
) -> dict[str, Any]:
    from live.clients import Facilitator, Ledger
    from live.votes import VoteWave

    rng = random.Random(args.seed)
    ledger = Ledger()
    facilitators = [
        facilitator_for(t, server=server, ledger=ledger, http=http, seed=rng.random()) for t in prepared.tables
    ]
    regias = [
        regia_for(n, server=server, prepared=prepared, http=http, board=not args.no_board) for n in range(REGIA_CLIENTS)
    ]
    seconds = args.minutes * 60
    total = round(args.rate * args.minutes)
    schedule = idea_schedule(tables=len(facilitators), total=total, seconds=seconds, rng=rng)

    # Devices switch on over a few seconds, not all in the same millisecond.
    for client in [*regias, *facilitators]:
        client.start_delay = rng.uniform(0, CONNECT_SPREAD_S)
    regia_tasks = [asyncio.create_task(r.run()) for r in regias]
    fac_tasks = [asyncio.create_task(f.run()) for f in facilitators]
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(r.synced.wait() for r in regias)), 60)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(f.connected.wait() for f in facilitators)), 60)
    refused = [r.name for r in regias if r.refused.startswith("4") or r.refused == "forbidden"]
    if refused:
        raise Missing(f"regia sockets refused ({regias[0].refused}): {refused}")
    result.figures["not_connected_at_start"] = sum(not c.connected.is_set() for c in [*regias, *facilitators])

    worker_pids = server.worker_pids()
    cpu_before = {pid: cpu_seconds(pid) for pid in worker_pids}
    own_before = own_cpu_seconds()
    load_before = os.getloadavg()[0]

    start = time.perf_counter()
    kill: dict[str, Any] = {}

    async def typist(facilitator: Facilitator, offsets: list[float], seed: int) -> None:
        local = random.Random(seed)
        for offset in offsets:
            delay = start + offset - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await facilitator.submit(local.choice(texts))

    async def killer() -> None:
        await asyncio.sleep(seconds / 2)
        kill["at_s"] = round(time.perf_counter() - start, 2)
        kill["in_flight"] = sum(len(f.unacked) for f in facilitators)
        victim, restart_s = await asyncio.to_thread(server.kill_worker)
        kill.update({"pid": victim, "replacement_serving_s": round(restart_s, 2)})

    wave = VoteWave(
        base_url=server.base_url, prepared=prepared, participants=PARTICIPANTS, window_s=VOTE_WINDOW_S, http=http
    )
    vote_delay = min(seconds * 0.4, max(0.0, seconds - VOTE_WINDOW_S - 2))

    async def voters() -> None:
        await asyncio.sleep(vote_delay)
        await wave.run()

    side = [asyncio.create_task(voters())] if args.votes_during else []
    if args.kill:
        side.append(asyncio.create_task(killer()))
    await asyncio.gather(*(typist(f, offs, n) for n, (f, offs) in enumerate(zip(facilitators, schedule, strict=True))))
    typed_s = time.perf_counter() - start
    await asyncio.gather(*side)

    # Drain: every device keeps resending until acked (bounded).
    for f in facilitators:
        f.closing = True
    _done, pending = await asyncio.wait(fac_tasks, timeout=args.drain)
    for task in pending:
        task.cancel()
    drained_s = time.perf_counter() - start
    await asyncio.sleep(2)  # the last pushes
    cpu_after = {pid: cpu_seconds(pid) for pid in server.worker_pids()}
    own_cpu = own_cpu_seconds() - own_before
    load_after = os.getloadavg()[0]
    vote_cpu: dict[str, float] = {}
    if not args.votes_during:
        # The voting phase of the day: ideas have stopped, the regia screens stay connected.
        before = {pid: cpu_seconds(pid) for pid in server.worker_pids()}
        await wave.run()
        vote_cpu = {str(pid): round(cpu_seconds(pid) - before.get(pid, 0), 1) for pid in server.worker_pids()}
    for r in regias:
        r.closing = True
    await asyncio.gather(*regia_tasks, return_exceptions=True)
    pushed_before_resync = {r.name: len(r.first) for r in regias}
    await asyncio.gather(*(r.final_resync() for r in regias))

    # Latencies: every (idea, regia client) receipt, from the first submit.
    resent = {k for k, n in ledger.sends.items() if n > 1}
    for n, r in enumerate(regias):
        for key, receipt in r.first.items():
            sent_at = ledger.first_submit.get(key)
            if sent_at is None:
                continue  # the baseline's ideas
            latency = receipt.at - sent_at
            result.latencies_all.append(latency)
            if n == 0:
                result.latencies_first.append(latency)
            if receipt.via == "push":
                result.latencies_push.append(latency)
            if key not in resent:
                result.latencies_clean.append(latency)
    result.ack = [ledger.ack_at[k] - ledger.first_submit[k] for k in ledger.ack_at]
    if args.dump:
        # One line per idea of the load: when it was first submitted (s from the first one), its ack and its
        # slowest regia receipt (ms): where in the run the slow ones are.
        start = min(ledger.first_submit[k] for k in ledger.ack_at) if ledger.ack_at else 0.0
        with open(args.dump, "w", encoding="utf-8") as out:
            out.write("submitted_s,ack_ms,slowest_regia_ms\n")
            for key in sorted(ledger.ack_at, key=lambda k: ledger.first_submit[k]):
                sent = ledger.first_submit[key]
                slowest = max((r.first[key].at for r in regias if key in r.first), default=sent) - sent
                out.write(f"{sent - start:.3f},{(ledger.ack_at[key] - sent) * 1000:.1f},{slowest * 1000:.1f}\n")

    result.figures["board"] = summary_ms([t for r in regias for t in r.board_loads])
    board_errors: dict[str, int] = {}
    for r in regias:
        for k, v in r.board_errors.items():
            board_errors[k] = board_errors.get(k, 0) + v
    result.figures["board_errors"] = board_errors
    result.figures["sends"] = sum(ledger.sends.values())
    result.figures["http_sends"] = ledger.http_sends
    cpu = {str(pid): round(cpu_after.get(pid, 0) - cpu_before.get(pid, 0), 1) for pid in cpu_after}
    return {
        "ledger": ledger,
        "regias": regias,
        "typed_s": round(typed_s, 1),
        "drained_s": round(drained_s, 1),
        "unacked_after_drain": sum(len(f.unacked) for f in facilitators),
        "resent": len(resent),
        "reconnects_facilitators": ledger.reconnects,
        "reconnects_regia": sum(r.reconnects for r in regias),
        "redeliveries": sum(r.redeliveries for r in regias),
        "pushed_before_resync": pushed_before_resync,
        "server_cpu_s": cpu,
        "client_cpu_s": round(own_cpu, 1),
        "loadavg_before": round(load_before, 2),
        "loadavg_after": round(load_after, 2),
        "vote_cpu_s": vote_cpu,
        "kill": kill,
        "wave": wave,
        "errors": ledger.errors[:5],
    }


def losses(*, event_id: int, load: dict[str, Any]) -> dict[str, Any]:
    """Lost and duplicated ideas, from the database and every regia client's receipts."""
    from live.setup import stored_ideas

    ledger = load["ledger"]
    regias = load["regias"]
    stored = stored_ideas(event_id)
    sent = set(ledger.first_submit)
    not_stored = {k for k in sent if k not in stored.by_uuid}
    acked_not_stored = not_stored & ledger.acked()
    undelivered: set[str] = set()
    per_client = {}
    examples = []
    for r in regias:
        missing = {k for k in sent if k in stored.by_uuid and k not in r.first}
        per_client[r.name] = len(missing)
        undelivered |= missing
        for key in sorted(missing)[:3]:
            examples.append(
                {
                    "regia": r.name,
                    "idea_id": stored.by_uuid[key][0],
                    "cursor": r.cursor,
                    "lag_cursor": r.lag_cursor,
                    "reconnects": r.reconnects,
                    "sends": ledger.sends.get(key),
                    "acked": key in ledger.ack_at,
                }
            )
    dup_db = {k for k, ids in stored.by_uuid.items() if len(ids) > 1}
    dup_ack = {k for k, ids in ledger.ack_ids.items() if len(ids) > 1}
    dup_regia = {k for r in regias for k, ids in r.ids_by_uuid.items() if len(ids) > 1}
    ack_mismatch = {
        k for k in ledger.ack_ids if k in stored.by_uuid and not ledger.ack_ids[k] <= set(stored.by_uuid[k])
    }
    return {
        "sent": len(sent),
        "stored": len(sent & set(stored.by_uuid)),
        "rows_in_event": stored.rows,
        "lost": len(not_stored | undelivered),
        "lost_not_stored": len(not_stored),
        "lost_acked_not_stored": len(acked_not_stored),
        "lost_undelivered_to_some_regia": len(undelivered),
        "undelivered_per_regia_max": max(per_client.values(), default=0),
        "undelivered_per_regia": per_client,
        "undelivered_examples": examples,
        "duplicated": len(dup_db | dup_ack | dup_regia | ack_mismatch),
        "dup_db": len(dup_db),
        "dup_ack_ids": len(dup_ack),
        "dup_regia_ids": len(dup_regia),
        "ack_id_not_stored_id": len(ack_mismatch),
    }


def report_timing(*, prepared: Any, texts: list[str]) -> dict[str, Any]:
    """Close the day (the lead) and wait for the instant report; then time it again on 2,000 ideas (topped up
    in bulk) when the run stored fewer."""
    from live.report import build_and_store, close_and_wait
    from live.setup import ideas_bulk_insert

    from trama.live.models import Idea

    figures: dict[str, Any] = {}
    stored = Idea.objects.filter(event_id=prepared.event_id).count()
    seconds, status = close_and_wait(event_id=prepared.event_id, lead_id=prepared.lead_id)
    figures.update({"report_ideas": stored, "report_s_run": round(seconds, 3), "report_status": status})
    figures["report_s"] = round(seconds, 3)
    if stored < REPORT_IDEAS:
        total = ideas_bulk_insert(event_id=prepared.event_id, count=REPORT_IDEAS, texts=texts)
        seconds_2k, build_2k = build_and_store(event_id=prepared.event_id)
        figures.update({"report_ideas_bulk": total, "report_s_2000": round(seconds_2k, 3)})
        figures["report_build_s_2000"] = round(build_2k, 3)
        figures["report_s"] = round(seconds_2k, 3)
    return figures


def db_retry(fn: Any, *args: Any, attempts: int = 12, **kwargs: Any) -> Any:
    """Call `fn`, retrying while the shared PostgreSQL refuses connections (other people's tests use it too)."""
    from django.db import OperationalError, connections

    for attempt in range(attempts):
        try:
            return fn(*args, **kwargs)
        except OperationalError as exc:
            if attempt == attempts - 1 or "too many clients" not in str(exc):
                raise
            say(f"  (database busy: {str(exc).strip().splitlines()[-1][:80]}; retrying)")
            connections.close_all()
            time.sleep(5)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kill", action="store_true", help="SIGKILL one server worker mid-load")
    parser.add_argument("--minutes", type=float, default=1.0, help="length of the load phase (default 1, max 3)")
    parser.add_argument("--rate", type=float, default=DESIGN_RATE, help="ideas per minute overall (design: 600)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sqlite", action="store_true", help="use SQLite even when PostgreSQL answers")
    parser.add_argument("--no-redis", action="store_true", help="in-memory channel layer (forces 1 worker)")
    parser.add_argument("--themes", type=int, default=12, help="themes on the regia board (named after strategies)")
    parser.add_argument("--drain", type=float, default=60.0, help="seconds allowed to get the last acks")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--dump", default="", help="write one CSV line per idea (submit time, ack and regia ms)")
    parser.add_argument(
        "--analysis",
        default=os.getenv("ANALYSIS_BACKEND", "auto"),
        help="ANALYSIS_BACKEND of the servers (ideas go to the analysis engine in a background task; default auto)",
    )
    parser.add_argument(
        "--pool",
        type=int,
        default=10,
        help="DATABASE_POOL_MAX for each server process on PostgreSQL (the live-day setting; 0: no pool)",
    )
    parser.add_argument(
        "--votes-during", action="store_true", help="the 300 ballots arrive during the idea load, not after it"
    )
    parser.add_argument("--no-board", action="store_true", help="regia clients do not reload the theme board")
    parser.add_argument(
        "--tasks",
        choices=["database", "thread"],
        default="database",
        help="TASKS_BACKEND of the servers: database (default, the live-day setting: one `manage.py db_worker` "
        "process beside them runs the background tasks) or thread (inside the ASGI workers)",
    )
    args = parser.parse_args()
    args.minutes = max(0.25, min(args.minutes, 3.0))
    mode = "kill" if args.kill else "normal"
    result = RunResult()

    db = infra.TempDatabase.create(prefer_postgres=not args.sqlite)
    os.environ["DATABASE_URL"] = db.url
    redis = None if args.no_redis else infra.redis_db_pick()
    workers = args.workers if redis else 1
    server: infra.Server | None = None
    worker: infra.TaskWorker | None = None
    exit_code = 0
    summary: dict[str, Any] = {
        "ideas": 0,
        "p50_ms": None,
        "p95_ms": None,
        "p99_ms": None,
        "lost": None,
        "duplicated": None,
        "votes_per_s": None,
        "report_s": None,
        "mode": mode,
    }
    try:
        import django

        django.setup()
        # Only this script's own lines (no per-request, task or font-subsetting logs).
        logging.getLogger().setLevel(logging.WARNING)
        for name in ("httpx", "httpcore", "fontTools", "django_tasks", "trama"):
            logging.getLogger(name).setLevel(logging.WARNING)
        try:
            import uvloop

            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        except ImportError:
            pass
        from django.core.management import call_command
        from django.db import connections

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        # The pages the voters open use the static files' manifest (a fresh clone has none yet).
        call_command("collectstatic", interactive=False, verbosity=0)
        from trama.core.services import psm_data_load

        psm_data_load()
        try:
            from live.setup import event_prepare, texts_sample
            from live.votes import votes_prepare
        except ImportError as exc:
            raise Missing(f"live/votes services not importable: {exc}") from exc
        prepared = event_prepare(tables_per_venue=TABLES_PER_VENUE, regia_clients=REGIA_CLIENTS, themes=args.themes)
        votes_prepare(prepared=prepared, participants=PARTICIPANTS)
        texts = texts_sample()
        connections.close_all()
        setup_s = time.perf_counter() - started

        env = {
            **os.environ,
            "DATABASE_URL": db.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PYTHONWARNINGS": "ignore::UserWarning",
        }
        env.pop("REDIS_URL", None)
        env.pop("DATABASE_POOL_MAX", None)
        env["ANALYSIS_BACKEND"] = args.analysis
        if db.engine == "postgresql" and args.pool:
            env["DATABASE_POOL_MAX"] = str(args.pool)
        if redis:
            env["REDIS_URL"] = redis[0]
        env["TASKS_BACKEND"] = args.tasks
        if args.tasks == "database":
            # The live-day setting of the analysis worker: one core at most (the engine's OpenMP threads),
            # waiting passively, at the lowest priority (TaskWorker.nice): the servers keep the CPU they need.
            worker = infra.TaskWorker(env={**env, "OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"})
            worker.start()
        server = infra.Server(env=env, workers=workers)
        boot_s = server.start()
        say(f"Live event benchmark, mode {mode}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
        pool = f", pool of {args.pool} connections per worker" if "DATABASE_POOL_MAX" in env else ""
        say(f"  analysis engine backend of the servers: {args.analysis} (strategy suggestions in a background task)")
        if worker is not None:
            say(f"  background tasks: TASKS_BACKEND=database, run by one `manage.py db_worker` (pid {worker.pid})")
        else:
            say("  background tasks: TASKS_BACKEND=thread, inside the ASGI workers")
        say(f"  database {db.engine} ({db.name}){pool}; channel layer {'Redis ' + redis[0] if redis else 'in-memory'}")
        if not redis:
            say("  Redis not reachable: in-memory channel layer cannot push across processes, so 1 worker only.")
        say(
            f"  server: uvicorn trama.asgi:application --workers {workers} on {server.base_url} "
            f"(workers {server.worker_pids()}), up in {boot_s:.1f} s; setup {setup_s:.1f} s"
        )
        say(
            f"  event: {len(prepared.tables)} tables, {REGIA_CLIENTS} regia clients, {prepared.themes} themes, "
            f"{len(prepared.tokens)} badges, poll {prepared.poll_kind or '-'} {prepared.votes_note}"
        )

        baseline = asyncio.run(baseline_run(server=server, prepared=prepared, texts=texts))
        result.baseline = summary_ms(baseline)
        say(
            f"Baseline (1 facilitator, 1 regia, no load, {len(baseline)} ideas one at a time): "
            f"p50 {result.baseline['p50_ms']:.1f} ms, p95 {result.baseline['p95_ms']:.1f} ms"
        )

        worker_cpu = cpu_seconds(worker.pid) if worker is not None and worker.pid else 0.0
        load = asyncio.run(load_run(server=server, prepared=prepared, texts=texts, args=args, result=result))
        if worker is not None and worker.pid:
            result.figures["db_worker_cpu_s"] = round(cpu_seconds(worker.pid) - worker_cpu, 1)
            result.figures["db_worker_alive"] = worker.alive()
            result.figures["tasks"] = db_retry(tasks_by_status)
            result.figures["analysis"] = db_retry(analysis_lag, prepared.event_id)
        check = db_retry(losses, event_id=prepared.event_id, load=load)
        load["votes"] = db_retry(load["wave"].figures)
        all_ms = summary_ms(result.latencies_all)
        first_ms = summary_ms(result.latencies_first)
        push_ms = summary_ms(result.latencies_push)
        clean_ms = summary_ms(result.latencies_clean)
        ack_ms = summary_ms(result.ack)
        base = result.baseline["p50_ms"] or float("nan")
        rate = check["sent"] / load["typed_s"] * 60 if load["typed_s"] else 0
        say(
            f"Load: {check['sent']} ideas from {len(prepared.tables)} facilitators in {load['typed_s']} s "
            f"({rate:.0f}/min, design {args.rate:.0f}/min), bursts of 1-4; drained at {load['drained_s']} s; "
            f"load average {load['loadavg_before']} -> {load['loadavg_after']}"
        )
        say(
            f"  submit -> regia, all {REGIA_CLIENTS} regia clients ({all_ms['n']} receipts): "
            f"p50 {all_ms['p50_ms']} ms, "
            f"p95 {all_ms['p95_ms']} ms, p99 {all_ms['p99_ms']} ms, max {all_ms['max_ms']} ms "
            f"(x{all_ms['p50_ms'] / base:.1f} / x{all_ms['p95_ms'] / base:.1f} the baseline p50)"
        )
        say(
            f"  first regia client only: p50 {first_ms['p50_ms']} ms, p95 {first_ms['p95_ms']} ms, "
            f"p99 {first_ms['p99_ms']} ms"
        )
        say(
            f"  ideas sent only once: p95 {clean_ms['p95_ms']} ms; receipts by push: p95 {push_ms['p95_ms']} ms "
            f"({push_ms['n']}/{all_ms['n']} by push, the rest by resync)"
        )
        say(f"  submit -> ack: p50 {ack_ms['p50_ms']} ms, p95 {ack_ms['p95_ms']} ms, p99 {ack_ms['p99_ms']} ms")
        say(
            f"  resent {load['resent']}, facilitator reconnects {load['reconnects_facilitators']}, regia reconnects "
            f"{load['reconnects_regia']}, receipts of an idea already seen {load['redeliveries']} (deduped by id); "
            f"unacked after drain {load['unacked_after_drain']}"
        )
        board = result.figures["board"]
        say(
            f"  theme board reloads by the regia (HTTP, as regia.js: at most every 5 s after new ideas): {board['n']}, "
            f"p50 {board['p50_ms']} ms, "
            f"p95 {board['p95_ms']} ms; errors {result.figures['board_errors'] or 0}; idea frames sent "
            f"{result.figures['sends']} for {check['sent']} ideas (a flush resends the unacked ideas that are due), "
            f"{result.figures['http_sends']} over the HTTP fallback"
        )
        server_cpu = sum(load["server_cpu_s"].values())
        per_idea_ms = server_cpu / check["sent"] * 1000 if check["sent"] else float("nan")
        say(
            f"  CPU seconds during the load: server workers {load['server_cpu_s']}, this client process "
            f"{load['client_cpu_s']}; server CPU / ideas = {per_idea_ms:.0f} ms (all the traffic of the phase: "
            f"submits, resends, pushes, resyncs, heartbeats and the regia's board reloads)"
        )
        if worker is not None:
            say(
                f"  db_worker: CPU seconds during the load {result.figures.get('db_worker_cpu_s')}, alive "
                f"{result.figures.get('db_worker_alive')}; background tasks at the end of the load by status: "
                f"{result.figures.get('tasks')}"
            )
            lag = result.figures.get("analysis") or {}
            say(
                f"  analysis: {lag.get('analysed')} of {lag.get('ideas')} ideas analysed by the end of the load; "
                f"arrival -> strategy suggestions p50 {lag.get('lag_p50_s')} s, p95 {lag.get('lag_p95_s')} s"
            )
        if load["kill"]:
            k = load["kill"]
            say(
                f"  kill: worker {k.get('pid')} SIGKILLed at {k.get('at_s')} s with {k.get('in_flight')} ideas "
                f"unacked; replacement serving after {k.get('replacement_serving_s')} s"
            )
        say(
            f"  lost {check['lost']} (not stored {check['lost_not_stored']}, of which acked "
            f"{check['lost_acked_not_stored']}; stored but missing on some regia client after resync "
            f"{check['lost_undelivered_to_some_regia']}); duplicated {check['duplicated']} (DB {check['dup_db']}, "
            f"ack ids {check['dup_ack_ids']}, regia ids {check['dup_regia_ids']})"
        )
        log = server.log_path.read_text(errors="replace")
        say(
            f"  server log: {log.count('Traceback')} tracebacks, {log.count('too many clients')} 'too many clients' "
            f"(PostgreSQL connections exhausted), {log.count('Child process')} worker deaths/restarts logged"
        )
        if check["lost_undelivered_to_some_regia"]:
            say(f"  undelivered per regia client: {check['undelivered_per_regia']}")
            say(f"  examples: {check['undelivered_examples'][:6]}")
        if load["errors"]:
            say(f"  server errors (first 5): {load['errors']}")
        votes = load["votes"]
        when = "during the idea load" if args.votes_during else "after the idea load (its own phase)"
        say(f"Votes, {when}: {votes.get('summary', '-')}; server CPU s {load['vote_cpu_s'] or '-'}")

        missing: list[str] = []
        if votes.get("votes_per_s") is None:
            missing.append(f"votes: {votes.get('summary')}")
        from live.report import ReportMissing

        try:
            report = db_retry(report_timing, prepared=prepared, texts=texts)
        except ReportMissing as exc:
            report = {"report_s": None}
            missing.append(f"report: {exc}")
            say(f"Report: not measured, {exc}")
        else:
            line = (
                f"Report: close the day -> report {report['report_status']} on {report['report_ideas']} ideas "
                f"{report['report_s_run']} s"
            )
            if "report_s_2000" in report:
                line += (
                    f"; build + store on {report['report_ideas_bulk']} ideas (topped up in bulk) "
                    f"{report['report_s_2000']} s (build {report['report_build_s_2000']} s)"
                )
            say(f"{line}; target <= {TARGET_REPORT_S:.0f} s for 2,000")
        ok_p95 = all_ms["p95_ms"] <= TARGET_P95_MS
        say(
            f"Targets: p95 <= {TARGET_P95_MS:.0f} ms {'met' if ok_p95 else 'MISSED'}; lost 0 "
            f"{'met' if check['lost'] == 0 else 'MISSED'}; duplicated 0 "
            f"{'met' if check['duplicated'] == 0 else 'MISSED'}; report "
            f"{'-' if report['report_s'] is None else 'met' if report['report_s'] <= TARGET_REPORT_S else 'MISSED'}"
        )
        summary.update(
            {
                "ideas": check["sent"],
                "p50_ms": all_ms["p50_ms"],
                "p95_ms": all_ms["p95_ms"],
                "p99_ms": all_ms["p99_ms"],
                "lost": check["lost"],
                "duplicated": check["duplicated"],
                "votes_per_s": votes.get("votes_per_s"),
                "report_s": report["report_s"],
            }
        )
        if missing:
            raise Missing("; ".join(missing))
    except Missing as exc:
        say(f"MISSING: {exc} (see bench/LIVE_NEEDS.md)")
        exit_code = 2
    except Exception:
        import traceback

        traceback.print_exc()
        if server is not None:
            say(f"server log tail:\n{server.log_tail(30)}")
        exit_code = 1
    finally:
        if worker is not None:
            worker.stop()
            if exit_code == 0:
                worker.log_path.unlink(missing_ok=True)
            else:
                say(f"db_worker log kept: {worker.log_path}")
        if server is not None:
            server.stop()
            if exit_code == 0 and "Traceback" not in server.log_tail(100_000):
                server.log_path.unlink(missing_ok=True)
            else:
                say(f"server log kept: {server.log_path}")
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up
            pass
        db.drop()
        if redis:
            infra.redis_db_flush(redis[1])
    summary = {k: json_number(v) if isinstance(v, float) else v for k, v in summary.items()}
    print(json.dumps(summary), flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
