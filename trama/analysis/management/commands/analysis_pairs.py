from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trama.analysis.engine.embedders import get_embedder
from trama.analysis.evaluation import evaluate_pairs, fit_pair_model, read_pairs


class Command(BaseCommand):
    help = (
        'Valuta il rilevatore di quasi-duplicati su un file JSONL {"a": ..., "b": ..., "duplicate": true|false} '
        "alla soglia di produzione. Ultima riga: un oggetto JSON con n, precision, recall, f1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--backend", default="auto", choices=["auto", "e5", "use", "tfidf"])
        parser.add_argument(
            "--fit", action="store_true", help="ristima il modello su questo file (solo lo split di taratura)"
        )

    def handle(self, *args: Any, path: Path, backend: str, fit: bool, **options: Any) -> None:
        if not path.exists():
            raise CommandError(f"{path}: file non trovato")
        try:
            pairs = read_pairs(path)
            for pair in pairs:
                pair["a"], pair["b"], pair["duplicate"]  # validate every line up front
        except (ValueError, KeyError) as exc:
            raise CommandError(f"{path}: ogni riga deve essere JSON con «a», «b» e «duplicate» ({exc})") from exc
        if not pairs:
            raise CommandError(f"{path}: nessuna riga")
        embedder = get_embedder(backend)
        if fit:
            self.stderr.write(f"{embedder.name}: {fit_pair_model(pairs, embedder)}")
        result = evaluate_pairs(pairs, embedder)
        self.stdout.write(json.dumps(result.as_line()))
