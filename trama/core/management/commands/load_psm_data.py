from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trama.core.services import DataLoadError, psm_data_load
from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.territory.models import Comune


class Command(BaseCommand):
    help = "Carica i dati reali del PSM e del territorio (idempotente)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = psm_data_load()
        except DataLoadError as exc:
            raise CommandError(str(exc)) from exc
        plans = {
            plan.code: {
                "axes": Axis.objects.filter(plan=plan).count(),
                "strategies": Strategy.objects.filter(axis__plan=plan).count(),
                "actions": Action.objects.filter(strategy__axis__plan=plan).count(),
            }
            for plan in PlanVersion.objects.all()
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
