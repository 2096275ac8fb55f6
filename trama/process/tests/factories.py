"""Small factories for processes and phases used by the process tests (and usable by other apps' tests)."""

from __future__ import annotations

import datetime
from typing import Any

from trama.process.models import PHASE_DEFAULT_ALLOWS, Phase, PhaseKind, PhaseOutput, Process

D = datetime.date
YEAR_START = D(2026, 1, 1)
YEAR_END = D(2026, 12, 31)


def make_process(
    slug: str = "processo",
    *,
    starts_on: datetime.date = YEAR_START,
    ends_on: datetime.date = YEAR_END,
    **extra: Any,
) -> Process:
    fields: dict[str, Any] = {"title": f"Processo {slug}", "is_published": True, **extra}
    return Process.objects.create(slug=slug, starts_on=starts_on, ends_on=ends_on, **fields)


def make_phase(
    process: Process,
    kind: str,
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    order: int | None = None,
    allows: list[str] | None = None,
    outputs: tuple[str, ...] = (),
    **extra: Any,
) -> Phase:
    kinds = list(PhaseKind.values)
    phase = Phase.objects.create(
        process=process,
        kind=kind,
        order=kinds.index(kind) if order is None else order,
        starts_on=starts_on,
        ends_on=ends_on,
        allows=list(PHASE_DEFAULT_ALLOWS[kind]) if allows is None else allows,
        **extra,
    )
    for position, title in enumerate(outputs):
        PhaseOutput.objects.create(phase=phase, title=title, order=position)
    return phase
