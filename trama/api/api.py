"""The public, read-only JSON API (django-ninja), mounted at /api/v1/."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import NinjaAPI

from trama.api import plans, territory

DESCRIPTION = """\
API pubblica e in sola lettura di Trama: le versioni del Piano Strategico Metropolitano della Città
metropolitana di Torino (assi, strategie, azioni) e il territorio (zone omogenee, comuni, sedi di
co-pianificazione). I dati sono aperti; i campi `is_sample` segnalano testi di esempio non ancora ufficiali.
Gli errori rispondono con `{"detail": "..."}`.
"""

CACHE_MAX_AGE = 300


def cache_successes(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let browsers and proxies keep successful answers for a few minutes: public data that changes a few
    times a year. Errors are not cached, so a plan published right after a 404 shows up at once."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = run(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
        return response

    return wrapper


api = NinjaAPI(title="Trama API", version="1", description=DESCRIPTION, urls_namespace="api")
api.add_decorator(cache_successes, mode="view")
api.add_router("/plans", plans.router)
api.add_router("", territory.router)
api.add_router("/processes", "trama.api.process.router")
api.add_router("/contributions", "trama.api.contributions.router")
