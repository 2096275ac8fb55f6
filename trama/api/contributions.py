"""Contributions: send one with the modulo online's fields (multipart), list the published ones.

`POST /api/v1/contributions` is open to anyone (no account, no CSRF: nothing in it relies on a cookie) with
the same validation, attachment checks and spam limits as the web form; the `Idempotency-Key` header makes a
retry safe. `GET` lists approved contributions whose senders consented to publication, never name or e-mail.
"""

# No `from __future__ import annotations`: django-ninja builds its query-parameter models from
# the evaluated signatures.
import datetime
import json
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from ninja import P, QueryEx, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from trama.participation import selectors, services
from trama.participation.models import Contribution
from trama.participation.views import client_ip, open_process
from trama.process.permissions import can_submit_contribution

router = Router(tags=["contributi"])


class ReceiptOut(Schema):
    receipt: str
    status: str
    created_at: datetime.datetime
    lookup_url: str
    attachments: int


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


class ContributionOut(Schema):
    id: int
    title: str
    kind: str
    text: str
    actor_category: str
    organisation: str | None
    comune: str | None
    zona: int | None
    axis: int | None
    strategies: list[str]
    process: str
    created_at: datetime.datetime
    is_sample: bool

    @staticmethod
    def resolve_text(obj: Contribution) -> str:
        return obj.public_excerpt

    @staticmethod
    def resolve_actor_category(obj: Contribution) -> str:
        return obj.sender_category

    @staticmethod
    def resolve_organisation(obj: Contribution) -> str | None:
        return obj.organisation if obj.shows_organisation else None

    @staticmethod
    def resolve_comune(obj: Contribution) -> str | None:
        return obj.comune.istat_code if obj.shows_comune and obj.comune else None

    @staticmethod
    def resolve_zona(obj: Contribution) -> int | None:
        return obj.zona.number if obj.zona else None

    @staticmethod
    def resolve_axis(obj: Contribution) -> int | None:
        return obj.axis.number if obj.axis else None

    @staticmethod
    def resolve_strategies(obj: Contribution) -> list[str]:
        return [s.code for s in obj.strategies.all()]

    @staticmethod
    def resolve_process(obj: Contribution) -> str:
        return obj.process.slug


_MULTIPART_DOC = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["title", "text", "actor_category", "comune", "name", "email", "privacy_consent"],
                    "properties": {
                        "title": {"type": "string", "maxLength": 200},
                        "text": {"type": "string", "maxLength": 20000},
                        "kind": {"type": "string", "enum": ["suggerimento", "contributo", "materiali"]},
                        "actor_category": {"type": "string", "enum": ["istituzione", "stakeholder", "cittadino"]},
                        "organisation": {"type": "string"},
                        "comune": {"type": "string", "pattern": "^[0-9]{6}$", "example": "001272"},
                        "name": {"type": "string"},
                        "email": {"type": "string", "format": "email"},
                        "privacy_consent": {"type": "string", "enum": ["true", "false"]},
                        "publish_consent": {"type": "string", "enum": ["true", "false"]},
                        "axis": {"type": "integer"},
                        "strategy": {"type": "string", "example": "1.1"},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    },
                }
            }
        }
    },
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "maxLength": 100},
            "description": "Lo stesso valore in un nuovo tentativo restituisce la stessa ricevuta, senza doppioni.",
        }
    ],
}


def _errors(status: int, errors: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=status)


def _body(request: HttpRequest) -> tuple[Any, list[Any]]:
    if request.content_type == "application/json":
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            raise ValueError("not an object")
        data = QueryDict(mutable=True)
        for key, value in payload.items():
            data[key] = str(value).lower() if isinstance(value, bool) else ("" if value is None else str(value))
        return data, []
    return request.POST, request.FILES.getlist("files")


@router.post(
    "",
    response={201: ReceiptOut, 400: ErrorsOut, 403: ErrorsOut, 422: ErrorsOut, 429: ErrorsOut},
    summary="Invia un contributo",
    openapi_extra=_MULTIPART_DOC,
)
def contribution_create(request: HttpRequest) -> JsonResponse:
    """Invia un contributo come dal modulo online (multipart/form-data; anche JSON senza allegati).
    Risponde 201 con il codice di ricevuta (`receipt`); un nuovo invio con la stessa intestazione
    `Idempotency-Key` restituisce la stessa ricevuta senza salvare nulla. Errori per campo:
    `{"errors": {"email": ["..."]}}` con 422 (dati non validi, allegati troppo grandi o di tipo non
    accettato), 429 (troppi invii), 403 (modulo chiuso), 400 (richiesta illeggibile)."""
    try:
        data, files = _body(request)
    except RequestDataTooBig:
        return _errors(400, {"__all__": ["Richiesta troppo grande."]})
    except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError, ValueError):
        return _errors(400, {"__all__": ["Richiesta illeggibile: serve multipart/form-data (o JSON)."]})
    key = request.headers.get("Idempotency-Key")
    process = open_process()
    if process is None or not can_submit_contribution(process):
        if key:
            replay = Contribution.objects.filter(idempotency_key=key.strip()).first()
            if replay is not None:
                return _receipt(replay)
        return _errors(403, {"__all__": ["Il modulo online in questo momento non accetta contributi."]})
    try:
        result = services.contribution_submit(
            process=process, data=data, files=files, idempotency_key=key, ip=client_ip(request)
        )
    except services.ContributionInvalid as invalid:
        return _errors(invalid.status, invalid.errors)
    response = _receipt(result.contribution)
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    return response


def _receipt(contribution: Contribution) -> JsonResponse:
    body = {
        "receipt": contribution.receipt_code,
        "status": contribution.status,
        "created_at": contribution.created_at.isoformat(),
        "lookup_url": services.receipt_url(contribution.receipt_code),
        "attachments": contribution.attachments.count(),
    }
    return JsonResponse(body, status=201)


@router.get("", response=list[ContributionOut], summary="Contributi pubblicati")
@paginate(LimitOffsetPagination, max_limit=200)
def contribution_list(
    request: HttpRequest,
    axis: QueryEx[int | None, P(description="Numero dell'asse.")] = None,
    strategy: QueryEx[str | None, P(description="Codice della strategia, es. 1.1.")] = None,
    zona: QueryEx[int | None, P(description="Numero della zona omogenea.")] = None,
    actor_category: QueryEx[str | None, P(description="istituzione, stakeholder o cittadino.")] = None,
    process: QueryEx[str | None, P(description="Codice del processo.")] = None,
) -> Any:
    """I contributi approvati e pubblicati con il consenso di chi li ha inviati, dal più recente, a pagine
    (`limit`, `offset`). Mai nome né e-mail; organizzazione e comune solo per istituzioni e stakeholder."""
    filters = {"asse": axis, "strategia": strategy, "zona": zona, "categoria": actor_category, "processo": process}
    return selectors.public_queryset(filters=filters)
