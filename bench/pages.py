"""Benchmark: server-side time of the main public pages and API endpoints, and of plan import.

Runs against a throwaway SQLite database with the real data loaded. Each
figure is the median of N requests through Django's test client (no network);
the ratio compares it with the health endpoint measured in the same run (the
cost of Django's request cycle plus one query), so figures stay comparable
across machines. Prints one JSON object per line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trama.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.ALLOWED_HOSTS = ["testserver"]

REPEAT = int(os.getenv("BENCH_REPEAT", "30"))


def median_ms(client: Client, url: str) -> float:
    client.get(url)  # warm caches (templates, map geometry)
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples)


def main() -> None:
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("load_psm_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    load_s = time.perf_counter() - start
    print(json.dumps({"bench": "load_psm_data", "seconds": round(load_s, 3)}))

    client = Client()
    baseline = median_ms(client, "/salute/")
    print(json.dumps({"bench": "baseline", "url": "/salute/", "median_ms": round(baseline, 2)}))
    for url in [
        "/",
        "/piani/psm-2024-2026/",
        "/piani/psm-2024-2026/assi/1/",
        "/piani/psm-2024-2026/strategie/3.1/",
        "/cerca/?q=mobilit%C3%A0",
        "/piani/confronto/",
        "/territorio/",
        "/territorio/comuni/?zona=none",
        "/api/v1/plans",
        "/api/v1/plans/psm-2024-2026/actions?limit=200",
        "/api/v1/comuni?limit=500",
    ]:
        ms = median_ms(client, url)
        print(json.dumps({"bench": "page", "url": url, "median_ms": round(ms, 2), "ratio": round(ms / baseline, 1)}))

    from trama.plans.models import PlanVersion
    from trama.plans.services import plan_export, plan_import

    plan = PlanVersion.objects.get(code="psm-2024-2026")
    for fmt in ("json", "csv", "xlsx"):
        data = plan_export(plan=plan, fmt=fmt)
        start = time.perf_counter()
        report = plan_import(filename=f"plan.{fmt}", data=data)
        seconds = time.perf_counter() - start
        assert not report.errors, report.errors
        print(json.dumps({"bench": "plan_import", "format": fmt, "bytes": len(data), "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    main()
