from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from trama.analysis.models import TextKind, TextUnit
from trama.analysis.services import text_submit
from trama.analysis.tasks import recluster
from trama.analysis.training import EVAL_FILE, read_jsonl

DEMO_CORPUS = "demo-ascolto"
KINDS = {"domanda": TextKind.QUESTION, "facilitatore": TextKind.IDEA}


class Command(BaseCommand):
    help = (
        "Crea il corpus dimostrativo «demo-ascolto» (testi di esempio scritti per Trama, non contributi reali) "
        "e ne avvia l'analisi in background. Idempotente."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if TextUnit.objects.filter(corpus=DEMO_CORPUS).exists() or not EVAL_FILE.exists():
            return
        rows = read_jsonl(EVAL_FILE)
        for row in rows:
            register = str(row.get("register", ""))
            text_submit(
                corpus=DEMO_CORPUS,
                body=str(row["text"]),
                kind=KINDS.get(register, TextKind.CONTRIBUTION),
                author_label=f"esempio ({register})" if register else "esempio",
            )
        # Queued after the analyses: the single background worker runs it once they are done.
        recluster.enqueue(corpus=DEMO_CORPUS)
        self.stdout.write(f"Corpus dimostrativo «{DEMO_CORPUS}»: {len(rows)} testi in analisi")
