"""Plan endpoints: versions of the Piano Strategico Metropolitano, their axes, strategies and actions."""

# No `from __future__ import annotations`: django-ninja builds its query-parameter models from
# the evaluated signatures, and string annotations (e.g. Literal) would not resolve.
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from trama.api import selectors
from trama.api.schemas import ActionOut, AxisOut, ErrorOut, PlanDetailOut, PlanOut, StrategyDetailOut, StrategyOut
from trama.plans.models import Action, Axis, PlanVersion, Strategy

router = Router(tags=["piani"])

NOT_FOUND = {404: ErrorOut}


def get_plan_or_404(code: str) -> PlanVersion:
    plan = selectors.plan_get(code=code)
    if plan is None:
        raise HttpError(404, f"Piano «{code}» non trovato.")
    return plan


@router.get("", response=list[PlanOut], summary="Versioni del piano")
def plan_list(request: HttpRequest) -> QuerySet[PlanVersion]:
    """Tutte le versioni del Piano Strategico Metropolitano, dalla più recente, con il numero di assi,
    strategie e azioni."""
    return selectors.plan_list()


@router.get("/{code}", response={200: PlanDetailOut, **NOT_FOUND}, summary="Una versione del piano")
def plan_detail(request: HttpRequest, code: str) -> PlanVersion:
    """Una versione del piano, con il testo della visione."""
    plan = selectors.plan_with_counts_get(code=code)
    if plan is None:
        raise HttpError(404, f"Piano «{code}» non trovato.")
    return plan


@router.get("/{code}/axes", response={200: list[AxisOut], **NOT_FOUND}, summary="Assi del piano")
def axis_list(request: HttpRequest, code: str) -> QuerySet[Axis]:
    """Gli assi del piano, ciascuno collegato a una missione del PNRR."""
    return selectors.axis_list(plan=get_plan_or_404(code))


@router.get("/{code}/strategies", response={200: list[StrategyOut], **NOT_FOUND}, summary="Strategie del piano")
def strategy_list(
    request: HttpRequest, code: str, axis: QueryEx[int | None, P(description="Numero dell'asse.")] = None
) -> QuerySet[Strategy]:
    """Le strategie del piano; `axis` le limita a un asse."""
    return selectors.strategy_list(plan=get_plan_or_404(code), axis=axis)


@router.get(
    "/{code}/strategies/{strategy_code}",
    response={200: StrategyDetailOut, **NOT_FOUND},
    summary="Una strategia con le sue azioni",
)
def strategy_detail(request: HttpRequest, code: str, strategy_code: str) -> Strategy:
    strategy = selectors.strategy_get(plan=get_plan_or_404(code), code=strategy_code)
    if strategy is None:
        raise HttpError(404, f"Strategia «{strategy_code}» non trovata nel piano «{code}».")
    return strategy


@router.get("/{code}/actions", response={200: list[ActionOut], **NOT_FOUND}, summary="Azioni del piano")
@paginate(LimitOffsetPagination, max_limit=500)
def action_list(
    request: HttpRequest,
    code: str,
    strategy: QueryEx[str | None, P(description="Codice della strategia, es. 1.1.")] = None,
    axis: QueryEx[int | None, P(description="Numero dell'asse.")] = None,
    q: QueryEx[str | None, P(description="Testo da cercare in titolo e descrizione.")] = None,
) -> QuerySet[Action]:
    """Le azioni del piano, a pagine (`limit`, `offset`). Filtri: `strategy` (codice, es. 1.1), `axis` (numero),
    `q` (testo cercato in titolo e descrizione, senza distinguere maiuscole)."""
    return selectors.action_list(plan=get_plan_or_404(code), strategy=strategy, axis=axis, q=q)
