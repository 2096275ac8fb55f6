"""Reads behind the public API: each returns a queryset that serialises in a fixed number of queries.

Querysets with aggregate annotations name their order explicitly: Django drops Meta.ordering from
GROUP BY queries.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import Count, Prefetch, Q, QuerySet

from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.territory.models import Comune, Venue, ZonaOmogenea

UNASSIGNED = "none"


def plan_list() -> QuerySet[PlanVersion]:
    """Plan versions, newest first, annotated with axes/strategies/actions counts and sample actions."""
    return (
        PlanVersion.objects.with_counts()
        .annotate(
            sample_actions_count=Count(
                "axes__strategies__actions",
                filter=Q(axes__strategies__actions__is_sample=True),
                distinct=True,
            )
        )
        .order_by("-period_start", "code")
    )


def plan_get(*, code: str) -> PlanVersion | None:
    """The bare plan row, for endpoints that only need it to scope their rows."""
    return PlanVersion.objects.filter(code=code).first()


def plan_with_counts_get(*, code: str) -> PlanVersion | None:
    return plan_list().filter(code=code).first()


def axis_list(*, plan: PlanVersion) -> QuerySet[Axis]:
    return Axis.objects.filter(plan=plan).order_by("number")


def _strategies(*, plan: PlanVersion) -> QuerySet[Strategy]:
    return (
        Strategy.objects.filter(axis__plan=plan)
        .select_related("axis", "previous__axis__plan")
        .annotate(actions_count=Count("actions"))
        .order_by("axis__number", "code")
    )


def strategy_list(*, plan: PlanVersion, axis: int | None = None) -> QuerySet[Strategy]:
    strategies = _strategies(plan=plan)
    if axis is not None:
        strategies = strategies.filter(axis__number=axis)
    return strategies


def strategy_get(*, plan: PlanVersion, code: str) -> Strategy | None:
    """One strategy with its actions prefetched; each action's `strategy` points back to it."""
    actions = Action.objects.order_by("code")
    return _strategies(plan=plan).filter(code=code).prefetch_related(Prefetch("actions", queryset=actions)).first()


def action_list(
    *, plan: PlanVersion, strategy: str | None = None, axis: int | None = None, q: str | None = None
) -> QuerySet[Action]:
    actions = Action.objects.filter(strategy__axis__plan=plan).select_related("strategy__axis")
    if strategy:
        actions = actions.filter(strategy__code=strategy)
    if axis is not None:
        actions = actions.filter(strategy__axis__number=axis)
    if q:
        actions = actions.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return actions


def zone_list() -> QuerySet[ZonaOmogenea]:
    return (
        ZonaOmogenea.objects.with_counts()
        .prefetch_related(Prefetch("venues", queryset=Venue.objects.order_by("letter")))
        .order_by("number")
    )


def comune_list(*, zona: int | Literal["none"] | None = None, q: str | None = None) -> QuerySet[Comune]:
    comuni = Comune.objects.select_related("zona")
    if zona == UNASSIGNED:
        comuni = comuni.unassigned()
    elif zona is not None:
        comuni = comuni.filter(zona__number=zona)
    if q:
        comuni = comuni.filter(name__icontains=q)
    return comuni.order_by("name", "istat_code")


def venue_list() -> QuerySet[Venue]:
    return Venue.objects.prefetch_related(Prefetch("zones", queryset=ZonaOmogenea.objects.order_by("number")))
