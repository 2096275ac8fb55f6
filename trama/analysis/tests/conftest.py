"""Fixtures of the analysis view tests: the real plan, the fast TF-IDF embedder, analysed texts, a regia client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from trama.accounts.models import Role
from trama.analysis import services
from trama.analysis.models import TextUnit, Theme
from trama.core.services import psm_data_load

MOBILITY = [
    "Servono più autobus serali tra le valli e Torino, oggi l'ultima corsa parte alle 19.",
    "Il trasporto pubblico nelle valli è troppo scarso: pochi autobus e orari scomodi per chi lavora.",
    "Chiediamo corse di autobus più frequenti tra i comuni montani e il capoluogo.",
    "Gli orari dei treni e degli autobus non coincidono, si perde un'ora ad ogni cambio.",
]
SCHOOLS = [
    "Le scuole dei piccoli comuni chiudono: servono classi e insegnanti anche in montagna.",
    "Bisogna ristrutturare gli edifici scolastici, molte scuole hanno il riscaldamento guasto.",
    "Più asili nido nei comuni piccoli, le famiglie giovani se ne vanno per mancanza di servizi.",
    "Le scuole superiori sono lontane: i ragazzi viaggiano due ore al giorno per studiare.",
]


@pytest.fixture
def analysis_plan(db, settings) -> None:
    """The real PSM plans, and the TF-IDF embedder (no model to load; e5 is tested elsewhere)."""
    settings.ANALYSIS_BACKEND = "tfidf"
    psm_data_load()


@pytest.fixture
def analysed_text(analysis_plan) -> Callable[..., TextUnit]:
    """Submit a text and run its analysis at once (on_commit does not fire inside a test transaction)."""

    def make(body: str, corpus: str = "valli", **extra: Any) -> TextUnit:
        text = services.text_submit(corpus=corpus, body=body, **extra)
        services.text_analyse(text_id=text.pk)
        text.refresh_from_db()
        return text

    return make


@pytest.fixture
def themed_corpus(analysed_text) -> list[Theme]:
    """The corpus «valli» with texts on two subjects, clustered into two themes."""
    for body in MOBILITY + SCHOOLS:
        analysed_text(body)
    services.themes_recluster(corpus="valli", k=2)
    return list(Theme.objects.filter(corpus="valli", merged_into__isnull=True).order_by("pk"))


@pytest.fixture
def regia_client(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.REGIA, username="regia-centrale"))
    return client


@pytest.fixture
def plan(db) -> None:
    """The real PSM 2024-2026 with the default embedder (e5 where installed)."""
    psm_data_load()


@pytest.fixture
def submit(django_capture_on_commit_callbacks) -> Callable[..., TextUnit]:
    """text_submit as a request would call it: its analysis runs when the transaction commits."""

    def go(**kwargs: Any) -> TextUnit:
        with django_capture_on_commit_callbacks(execute=True):
            text = services.text_submit(**kwargs)
        text.refresh_from_db()
        return text

    return go
