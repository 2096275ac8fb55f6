from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trama.analysis.engine.embedders import get_embedder
from trama.analysis.engine.linker import Example
from trama.analysis.evaluation import evaluate_links
from trama.analysis.training import read_jsonl


class Command(BaseCommand):
    help = (
        "Valuta il collegamento alle strategie e il raggruppamento in temi su un file JSONL "
        '{"text": ..., "strategy": "x.y"}. Ultima riga: un oggetto JSON con n, top1, top3, ari, texts_per_s, backend.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--backend", default="auto", choices=["auto", "e5", "use", "tfidf"])

    def handle(self, *args: Any, path: Path, backend: str, **options: Any) -> None:
        if not path.exists():
            raise CommandError(f"{path}: file non trovato")
        try:
            rows = read_jsonl(path)
            examples = [Example(text=str(r["text"]), label=str(r["strategy"])) for r in rows]
        except (ValueError, KeyError) as exc:
            raise CommandError(f"{path}: ogni riga deve essere JSON con «text» e «strategy» ({exc})") from exc
        if not examples:
            raise CommandError(f"{path}: nessuna riga")
        result = evaluate_links(examples, get_embedder(backend))
        self.stderr.write(f"altro/nessuna: {result.none_rate:.1%} dei testi")
        self.stdout.write(json.dumps(result.as_line()))
