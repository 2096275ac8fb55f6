"""Loading the real PSM and territory data shipped with the repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from trama.plans.models import PlanVersion
from trama.plans.services import plan_import
from trama.territory.services import comuni_load_fixture, territory_load_reference, zone_membership_load_shipped

PLAN_FILES = [
    # Older first: the newer plan links its strategies to the older ones.
    Path(__file__).resolve().parent.parent / "plans" / "data" / "psm-2021-2023.json",
    Path(__file__).resolve().parent.parent / "plans" / "data" / "psm-2024-2026.json",
]


class DataLoadError(RuntimeError):
    pass


@dataclass
class LoadSummary:
    comuni: int
    zone_assignments: int
    plans_loaded: list[str]
    plans_kept: list[str]


@transaction.atomic
def psm_data_load() -> LoadSummary:
    """Load zones, venues, comuni, shipped zone membership and the plan versions.

    Idempotent: plans already in the database are left as they are (the plan
    office may have edited or replaced them by import), comuni are refreshed
    from the ISTAT fixture, and a zone assigned by an official import is never
    overwritten by the public-sources list.
    """
    territory_load_reference()
    comuni = comuni_load_fixture()
    membership = zone_membership_load_shipped()
    if membership.errors:
        raise DataLoadError("; ".join(membership.errors))
    loaded: list[str] = []
    kept: list[str] = []
    for path in PLAN_FILES:
        code = path.stem
        if PlanVersion.objects.filter(code=code).exists():
            kept.append(code)
            continue
        report = plan_import(filename=path.name, data=path.read_bytes())
        if report.errors:
            raise DataLoadError(f"{path.name}: " + "; ".join(report.errors))
        loaded.append(code)
    return LoadSummary(comuni=comuni, zone_assignments=membership.assigned, plans_loaded=loaded, plans_kept=kept)
