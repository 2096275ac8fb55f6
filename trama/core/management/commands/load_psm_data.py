from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trama.core.services import DataLoadError, psm_data_load
from trama.plans.models import PlanVersion
from trama.territory.models import Comune


class Command(BaseCommand):
    help = "Carica i dati reali del PSM e del territorio (idempotente)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = psm_data_load()
        except DataLoadError as exc:
            raise CommandError(str(exc)) from exc
        plans = {
            p.code: {"axes": p.axes_count, "strategies": p.strategies_count, "actions": p.actions_count}
            for p in PlanVersion.objects.with_counts()
        }
        self.stdout.write(
            json.dumps(
                {
                    "comuni": Comune.objects.count(),
                    "comuni_unassigned": Comune.objects.unassigned().count(),
                    "zone_assignments_added": summary.zone_assignments,
                    "plans_loaded": summary.plans_loaded,
                    "plans_kept": summary.plans_kept,
                    "plans": plans,
                }
            )
        )
