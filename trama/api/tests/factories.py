"""Small builders for API tests; the real data loaders are not needed here."""

from __future__ import annotations

from typing import Any

from trama.plans.models import Action, Axis, PlanStatus, PlanVersion, Strategy
from trama.territory.models import Comune, Venue, ZonaOmogenea


def make_plan(code: str = "psm-2024-2026", **fields: Any) -> PlanVersion:
    start, end = (int(part) for part in code.split("-")[1:3])
    defaults: dict[str, Any] = {
        "title": f"Piano Strategico Metropolitano {start}-{end}",
        "period_start": start,
        "period_end": end,
        "status": PlanStatus.ADOPTED,
        "vision_title": "Torino Metropoli aumentata",
        "vision": "Una metropoli più giusta, verde e connessa.",
    }
    return PlanVersion.objects.create(code=code, **(defaults | fields))


def make_axis(plan: PlanVersion, number: int = 1, **fields: Any) -> Axis:
    defaults: dict[str, Any] = {"title": f"Asse {number}", "description": f"Descrizione dell'asse {number}"}
    return Axis.objects.create(plan=plan, number=number, **(defaults | fields))


def make_strategy(axis: Axis, code: str | None = None, **fields: Any) -> Strategy:
    code = code or f"{axis.number}.{axis.strategies.count() + 1}"
    defaults: dict[str, Any] = {"title": f"Strategia {code}", "description": f"Descrizione della strategia {code}"}
    return Strategy.objects.create(axis=axis, code=code, **(defaults | fields))


def make_action(strategy: Strategy, code: str | None = None, **fields: Any) -> Action:
    code = code or f"{strategy.code}.{strategy.actions.count() + 1}"
    defaults: dict[str, Any] = {"title": f"Azione {code}", "description": f"Descrizione dell'azione {code}"}
    return Action.objects.create(strategy=strategy, code=code, **(defaults | fields))


def make_plan_tree(code: str = "psm-2024-2026", *, axes: int = 2, strategies: int = 2, actions: int = 3) -> PlanVersion:
    """A plan with `axes` axes, `strategies` strategies per axis and `actions` actions per strategy."""
    plan = make_plan(code)
    for number in range(1, axes + 1):
        axis = make_axis(plan, number)
        for s in range(1, strategies + 1):
            strategy = make_strategy(axis, f"{number}.{s}")
            for a in range(1, actions + 1):
                make_action(strategy, f"{number}.{s}.{a}")
    return plan


def make_zone(number: int = 1, **fields: Any) -> ZonaOmogenea:
    defaults: dict[str, Any] = {"name": f"Zona {number}"}
    return ZonaOmogenea.objects.create(number=number, **(defaults | fields))


def make_comune(name: str, *, istat_code: str | None = None, **fields: Any) -> Comune:
    istat_code = istat_code or f"001{Comune.objects.count() + 1:03d}"
    defaults: dict[str, Any] = {"population": 1000, "population_year": 2024}
    return Comune.objects.create(istat_code=istat_code, name=name, **(defaults | fields))


def make_venue(letter: str, zones: list[ZonaOmogenea], **fields: Any) -> Venue:
    defaults: dict[str, Any] = {"name": f"Sede {letter}", "sua": "SUA 1", "host_town": "Torino"}
    venue = Venue.objects.create(letter=letter, **(defaults | fields))
    venue.zones.set(zones)
    return venue
