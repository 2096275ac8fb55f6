from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trama.plans.services import plan_import


class Command(BaseCommand):
    help = "Importa una versione intera del piano da un file JSON, CSV o XLSX (docs/plan-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="file del piano")
        parser.add_argument("--dry-run", action="store_true", help="controlla il file senza salvare nulla")
        parser.add_argument(
            "--no-replace",
            action="store_false",
            dest="replace",
            help="rifiuta il file se esiste già un piano con lo stesso codice, invece di sostituirlo",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("%(path)s: %(error)s") % {"path": path, "error": exc.strerror}) from exc
        report = plan_import(filename=path.name, data=data, replace=options["replace"], dry_run=options["dry_run"])
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"{path.name}: {error}")
            message = _("%(name)s: %(count)d errori, non è stato importato nulla")
            raise CommandError(message % {"name": path.name, "count": len(report.errors)}, returncode=1)
        self.stdout.write(json.dumps(report.counts(), ensure_ascii=False))
