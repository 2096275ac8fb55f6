"""Benchmark: the public list and detail pages of contributions with 10,000 approved contributions.

Creates a throwaway database (SQLite in a temporary folder by default; PostgreSQL with `--db postgresql` or
BENCH_DB=postgresql, a temporary database created and dropped at 127.0.0.1:5432), loads the real territory
and plan, inserts N approved contributions in bulk (random axis, 1-2 linked strategies, comune/zone,
sender category), then times requests through Django's test client (no network, one client):
- the list's first page with filters and facet counts, cycling through typical filter combinations;
- detail pages of random contributions.
Prints a human table, then on its LAST line one JSON object:
{"n": N, "list_p50_ms": F, "list_p95_ms": F, "detail_p95_ms": F, "db": "sqlite|postgresql"}

Targets (2-core machine): list p95 ≤ 50 ms, detail p95 ≤ 30 ms. Peer: adhocracy+ with 10,000 ideas,
464/633 ms (list p50/p95) and 61/70 ms (detail).
Options: --n 10000, --repeat 200 (requests per kind); env BENCH_N, BENCH_REPEAT.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default=os.getenv("BENCH_DB", "sqlite"))
    parser.add_argument("--n", type=int, default=int(os.getenv("BENCH_N", "10000")))
    parser.add_argument("--repeat", type=int, default=int(os.getenv("BENCH_REPEAT", "200")))
    return parser.parse_args()


def pg_create() -> str:
    import psycopg

    name = f"trama_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def pg_drop(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def populate(n: int) -> list[int]:
    """N approved, public contributions spread over axes, strategies, zones and sender categories."""
    from django.utils import timezone

    from trama.actors.models import ActorCategory
    from trama.participation.models import Contribution, ContributionKind, ContributionStatus, ContributionStrategy
    from trama.plans.models import PlanVersion, Strategy
    from trama.process.models import Allowance, Process
    from trama.territory.models import Comune

    rng = random.Random(42)
    plan = PlanVersion.objects.get(is_current=True)
    today = timezone.localdate()
    process = Process.objects.create(
        slug="bench",
        title="Processo per il benchmark",
        plan=plan,
        starts_on=today.replace(year=today.year - 1),
        ends_on=today.replace(year=today.year + 1),
        always_allows=[Allowance.SUBMIT_CONTRIBUTIONS.value],
    )
    strategies = list(Strategy.objects.filter(axis__plan=plan).select_related("axis"))
    comuni = list(Comune.objects.all())
    categories = [ActorCategory.CITIZEN] * 3 + [ActorCategory.STAKEHOLDER] * 2 + [ActorCategory.INSTITUTION]
    words = [
        *("trasporto", "pubblico", "valli", "scuole", "montagna", "lavoro", "giovani", "imprese", "energia"),
        *("comunità", "acqua", "sentieri", "turismo", "servizi", "anziani", "salute", "digitale", "connessione"),
        *("agricoltura", "filiera", "mense", "cultura", "biblioteche", "ciclabili"),
    ]
    now = timezone.now()
    rows = []
    chosen: list[list[Strategy]] = []
    for i in range(n):
        first = rng.choice(strategies)
        linked = [first] + ([rng.choice(strategies)] if rng.random() < 0.4 else [])
        comune = rng.choice(comuni)
        text = " ".join(rng.choice(words) for _ in range(rng.randint(40, 160))).capitalize() + "."
        category = rng.choice(categories)
        rows.append(
            Contribution(
                process=process,
                receipt_code=f"PSM-{i // 10000:04d}-{i % 10000:04d}",
                kind=rng.choice(ContributionKind.values),
                title=" ".join(rng.choice(words) for _ in range(rng.randint(3, 9))).capitalize(),
                text=text,
                public_excerpt=text,
                axis=first.axis,
                strategy=first,
                actor_category=category,
                organisation="" if category == ActorCategory.CITIZEN else f"Organizzazione {i % 300}",
                comune=comune,
                zona_id=comune.zona_id,
                name=f"Persona {i}",
                email=f"persona{i}@example.org",
                privacy_consent=True,
                privacy_consent_at=now,
                privacy_version="bench",
                publish_consent=True,
                status=ContributionStatus.APPROVED,
                is_public=True,
                created_at=now - (i * (now - now.replace(year=now.year - 1)) / n),
            )
        )
        chosen.append(list({s.pk: s for s in linked}.values()))
    Contribution.objects.bulk_create(rows, batch_size=2000)
    ids = list(Contribution.objects.order_by("receipt_code").values_list("pk", flat=True))
    # Receipt codes sort in insertion order, so ids[i] is rows[i].
    links = [
        ContributionStrategy(
            contribution_id=pk,
            strategy_id=s.pk,
            is_public=True,
            axis_id=row.axis_id,
            zona_id=row.zona_id,
            actor_category=row.actor_category,
        )
        for pk, row, linked in zip(ids, rows, chosen, strict=True)
        for s in linked
    ]
    ContributionStrategy.objects.bulk_create(links, batch_size=5000)
    return ids


def list_urls() -> list[str]:
    from trama.plans.models import Strategy

    codes = list(Strategy.objects.filter(axis__plan__is_current=True).values_list("code", flat=True))
    urls = ["/contributi/"]
    urls += [f"/contributi/?asse={a}" for a in range(1, 7)]
    urls += [f"/contributi/?strategia={c}" for c in codes[::3]]
    urls += [f"/contributi/?zona={z}&categoria=cittadino" for z in range(1, 12)]
    urls += ["/contributi/?asse=2&zona=5&categoria=stakeholder", "/contributi/?categoria=istituzione&pagina=3"]
    return urls


def time_urls(client: Any, urls: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per request. The CPU time of this process shows what a request costs
    when other processes compete for the 2 cores (wall-clock then includes the wait)."""
    for url in urls:  # warm template and query caches
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    wall, cpu = [], []
    for i in range(repeat):
        url = urls[i % len(urls)]
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return wall, cpu


def main() -> None:
    args = parse_args()
    pg_name = ""
    if args.db == "postgresql":
        pg_name = pg_create()
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_name}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trama.settings")
    try:
        run(args)
    finally:
        if pg_name:
            from django.db import connections

            connections.close_all()
            pg_drop(pg_name)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from trama.core.services import psm_data_load

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = ["testserver"]

    call_command("migrate", verbosity=0)
    psm_data_load()
    start = time.perf_counter()
    ids = populate(args.n)
    load_s = time.perf_counter() - start
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics, and the visibility map that lets the facet
        # counts use index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    client = Client()
    urls = list_urls()
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper, not CaptureQueriesContext: each request resets the captured query log.
    with connection.execute_wrapper(count):
        client.get(urls[0])
    list_ms, list_cpu = time_urls(client, urls, args.repeat)
    rng = random.Random(7)
    detail_urls = [f"/contributi/{rng.choice(ids)}/" for _ in range(args.repeat)]
    detail_ms, detail_cpu = time_urls(client, detail_urls, args.repeat)

    rows = [
        ("list (first page, filters, counts)", list_ms, list_cpu),
        ("detail", detail_ms, detail_cpu),
    ]
    db = "postgresql" if connection.vendor == "postgresql" else "sqlite"
    print(f"Contributions benchmark: {args.n} approved contributions, {db}, inserted in {load_s:.1f} s")
    print(f"list page: {len(executed)} SQL queries")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"{'page':<38}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'cpu p50':>9}{'cpu p95':>9}{'requests':>9}")
    for label, samples, cpu in rows:
        print(
            f"{label:<38}{statistics.median(samples):>9.1f}{percentile(samples, 95):>9.1f}{max(samples):>9.1f}"
            f"{statistics.median(cpu):>9.1f}{percentile(cpu, 95):>9.1f}{len(samples):>9}"
        )
    print("targets: list p95 <= 50 ms, detail p95 <= 30 ms (adhocracy+ peer: list 464/633 ms, detail 61/70 ms)")
    summary = {
        "n": args.n,
        "list_p50_ms": round(statistics.median(list_ms), 2),
        "list_p95_ms": round(percentile(list_ms, 95), 2),
        "detail_p95_ms": round(percentile(detail_ms, 95), 2),
        "db": db,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
