"""Time `idea_submit` in-process (no sockets): ideas/s and p50/p95 per idea, with a board of N themes.

Run it against a scratch database, never a real one: it creates an event and ideas.
`DATABASE_URL=sqlite:////tmp/live-timing.sqlite3 python manage.py migrate && ... live_submit_timing --ideas 300`
"""

from __future__ import annotations

import json
import statistics
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q

from trama.accounts.models import Role, User
from trama.analysis.training import EVAL_FILE, TRAIN_FILE, read_examples
from trama.core.services import psm_data_load
from trama.live import services
from trama.live.models import LiveEvent
from trama.plans.models import PlanVersion, Strategy


class Command(BaseCommand):
    help = "Times idea_submit with a board of themes (prints one JSON object on the last line)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ideas", type=int, default=300)
        parser.add_argument("--themes", type=int, default=12)
        parser.add_argument("--slug", default="")
        parser.add_argument("--no-analysis", action="store_true", help="settings.LIVE_ANALYSIS = False")
        parser.add_argument("--wait", type=float, default=120.0, help="seconds to wait for the background analysis")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["no_analysis"]:
            settings.LIVE_ANALYSIS = False
        if not PlanVersion.objects.filter(is_current=True).exists():
            psm_data_load()
        lead, _created = User.objects.get_or_create(username="timing-regia", defaults={"role": Role.REGIA})
        slug = options["slug"] or f"timing-{uuid.uuid4().hex[:8]}"
        event = services.live_event_setup(
            title="Misura dei tempi", slug=slug, rounds=[("Domanda", 60)], leads=[lead], is_sample=True
        )
        strategies = Strategy.objects.filter(axis__plan=event.plan).order_by("code")[: options["themes"]]
        for strategy in strategies:
            services.theme_create(event=event, label=strategy.title[:200], by=lead, axis=strategy.axis)
        texts = [e.text for e in read_examples(TRAIN_FILE)] + [e.text for e in read_examples(EVAL_FILE)]
        tables = list(LiveEvent.objects.get(pk=event.pk).tables.select_related("event", "venue", "axis"))
        durations = []
        started = time.perf_counter()
        for n in range(options["ideas"]):
            t0 = time.perf_counter()
            services.idea_submit(
                table=tables[n % len(tables)], client_uuid=uuid.uuid4(), text=texts[n % len(texts)][:2000]
            )
            durations.append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - started
        durations.sort()
        analysed_s = None
        if not options["no_analysis"]:
            # The engine works in the background: how long until every idea has its vector (or give up).
            deadline = started + elapsed + options["wait"]
            pending = event.ideas.filter(Q(analysis_text__isnull=True) | Q(analysis_text__embedded_at__isnull=True))
            while pending.exists() and time.perf_counter() < deadline:
                time.sleep(0.2)
            analysed_s = round(time.perf_counter() - started, 1) if not pending.exists() else None
        suggested = event.ideas.filter(theme_links__isnull=False).distinct().count()
        result = {
            "ideas": len(durations),
            "themes": options["themes"],
            "ideas_per_s": round(len(durations) / elapsed, 1),
            "p50_ms": round(statistics.median(durations), 2),
            "p95_ms": round(durations[int(0.95 * (len(durations) - 1))], 2),
            "with_suggestion": suggested,
            "analysis": not options["no_analysis"],
            "all_analysed_after_s": analysed_s,
        }
        self.stdout.write(json.dumps(result))
