from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trama.analysis.services import themes_recluster


class Command(BaseCommand):
    help = "Ricalcola i temi di un corpus partendo dai temi attuali (id, nomi e modifiche restano)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("corpus")
        parser.add_argument("-k", type=int, default=None, help="numero di temi (predefinito: automatico)")

    def handle(self, *args: Any, corpus: str, k: int | None, **options: Any) -> None:
        self.stdout.write(json.dumps(asdict(themes_recluster(corpus=corpus, k=k))))
