from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trama.analysis.services import texts_analyse_pending


class Command(BaseCommand):
    help = "Analizza i testi mai analizzati o analizzati con un altro modello (dopo un cambio di backend o un arresto)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = texts_analyse_pending()
        self.stdout.write(f"{count} testi analizzati")
