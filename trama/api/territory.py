"""Territory endpoints: zone omogenee, comuni and co-planning venues."""

# No `from __future__ import annotations`: django-ninja builds its query-parameter models from
# the evaluated signatures, and string annotations (e.g. Literal) would not resolve.
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import P, QueryEx, Router
from ninja.pagination import LimitOffsetPagination, paginate

from trama.api import selectors
from trama.api.schemas import ComuneOut, VenueOut, ZoneOut
from trama.territory.models import Comune, Venue, ZonaOmogenea

router = Router(tags=["territorio"])


@router.get("/zones", response=list[ZoneOut], summary="Zone omogenee")
def zone_list(request: HttpRequest) -> QuerySet[ZonaOmogenea]:
    """Le zone omogenee della Città metropolitana, con numero di comuni, popolazione e sedi."""
    return selectors.zone_list()


@router.get("/comuni", response=list[ComuneOut], summary="Comuni")
@paginate(LimitOffsetPagination, max_limit=500)
def comune_list(
    request: HttpRequest,
    zona: QueryEx[
        int | Literal["none"] | None, P(description="Numero della zona, oppure «none» per i comuni non assegnati.")
    ] = None,
    q: QueryEx[str | None, P(description="Parte del nome del comune.")] = None,
) -> QuerySet[Comune]:
    """I comuni, a pagine (`limit`, `offset`). Filtri: `zona` (numero, oppure `none` per i comuni non ancora
    assegnati), `q` (parte del nome)."""
    return selectors.comune_list(zona=zona, q=q)


@router.get("/venues", response=list[VenueOut], summary="Sedi di co-pianificazione")
def venue_list(request: HttpRequest) -> QuerySet[Venue]:
    """Le sedi di co-pianificazione, con la SUA regionale e le zone che raccolgono."""
    return selectors.venue_list()
