from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand

# In dependency order: events and votes attach to the processes and live events made before them.
DEMO_MODULES = [
    "trama.process.demo",
    "trama.actors.demo",
    "trama.participation.demo",
    "trama.events.demo",
    "trama.interviews.demo",
    "trama.questionnaires.demo",
    "trama.live.demo",
    "trama.votes.demo",
]


class Command(BaseCommand):
    help = "Carica i dati dimostrativi del processo (processo reale, incontri, esempi marcati) — idempotente."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in DEMO_MODULES:
            import_module(name).demo_load()
            self.stdout.write(f"{name}: ok")
