"""Test data for live co-planning (other apps' tests may use it too)."""

from __future__ import annotations

from typing import Any

from trama.live import services
from trama.live.models import LiveEvent, LiveEventStatus
from trama.plans.models import Axis, PlanVersion, Strategy


def make_plan(code: str = "psm-test", *, is_current: bool = True) -> PlanVersion:
    plan = PlanVersion.objects.create(
        code=code, title="PSM di prova", period_start=2024, period_end=2026, is_current=is_current
    )
    mobility = Axis.objects.create(plan=plan, number=1, title="Mobilità sostenibile")
    schools = Axis.objects.create(plan=plan, number=2, title="Istruzione e formazione")
    Strategy.objects.create(axis=mobility, code="1.1", title="Trasporto pubblico nelle valli")
    Strategy.objects.create(axis=schools, code="2.1", title="Scuole nei piccoli comuni")
    return plan


def make_live_event(
    *,
    slug: str = "evento-prova",
    letters: str = "AB",
    tables_per_venue: int = 2,
    status: str = LiveEventStatus.LIVE,
    plan: PlanVersion | None = None,
    **extra: Any,
) -> LiveEvent:
    """An event with venues, tables on the plan's axes and one open round (if live)."""
    return services.live_event_setup(
        title="Evento di prova",
        slug=slug,
        letters=letters,
        tables_per_venue=tables_per_venue,
        rounds=[("Quali azioni sono prioritarie per il tuo territorio?", 30), ("Chi le realizza?", 20)],
        plan=plan if plan is not None else make_plan(),
        status=status,
        **extra,
    )
