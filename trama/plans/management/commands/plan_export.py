from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trama.plans.io import EXPORT_FORMATS
from trama.plans.models import PlanVersion
from trama.plans.services import plan_export


class Command(BaseCommand):
    help = "Esporta una versione intera del piano in JSON, CSV o XLSX (docs/plan-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="codice del piano, es. psm-2024-2026")
        parser.add_argument("--format", choices=EXPORT_FORMATS, default="json", help="formato (predefinito: json)")
        parser.add_argument("-o", "--output", type=Path, help="file da scrivere (predefinito: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = PlanVersion.objects.filter(code=options["code"]).first()
        if plan is None:
            raise CommandError(_("nessun piano con il codice «%(code)s»") % {"code": options["code"]})
        content = plan_export(plan=plan, fmt=options["format"])
        output: Path | None = options["output"]
        if output is not None:
            output.write_bytes(content)
        elif options["format"] == "xlsx":
            if sys.stdout.isatty():
                raise CommandError(_("un file XLSX non si scrive sul terminale: usa -o FILE o reindirizza l'output"))
            sys.stdout.buffer.write(content)
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
