"""Fixtures of the questionnaire tests: real plans and comuni, a process whose phase allows questionnaires today,
a questionnaire with one question of each kind."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from trama.plans.models import Axis, PlanVersion, Strategy
from trama.process.models import Allowance, PhaseKind, Process
from trama.process.tests.factories import make_phase, make_process
from trama.questionnaires import services
from trama.questionnaires.models import QuestionKind, Questionnaire, QuestionnaireMode, QuestionnaireStatus
from trama.territory.models import Comune, ZonaOmogenea

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def psm(db, settings) -> None:
    """A small slice of the real data (loading all of it per test would make the matrices slow): two zones,
    Torino and two other comuni (one not yet in a zone), the two plans with a few strategies."""
    settings.ANALYSIS_BACKEND = "tfidf"
    torino_zone = ZonaOmogenea.objects.create(number=1, name="Torino")
    pinerolese = ZonaOmogenea.objects.create(number=5, name="Pinerolese")
    Comune.objects.create(istat_code="001272", name="Torino", zona=torino_zone)
    Comune.objects.create(istat_code="001191", name="Pinerolo", zona=pinerolese)
    Comune.objects.create(istat_code="001001", name="Agliè")
    for code, period, strategies in [
        ("psm-2021-2023", (2021, 2023), [("1.1", "Strategia 1.1 del piano precedente")]),
        (
            "psm-2024-2026",
            (2024, 2026),
            [("1.1", "Garantire una diffusa digitalizzazione del territorio"), ("3.1", "Mobilità sostenibile")],
        ),
    ]:
        plan = PlanVersion.objects.create(code=code, title=code, period_start=period[0], period_end=period[1])
        for strategy_code, title in strategies:
            number = int(strategy_code.split(".")[0])
            axis, _ = Axis.objects.get_or_create(plan=plan, number=number, defaults={"title": f"Asse {number}"})
            Strategy.objects.create(axis=axis, code=strategy_code, title=title)


@pytest.fixture
def process(psm) -> Process:
    """Listening (questionnaires allowed) runs today; co-planning (not allowed) follows."""
    process = make_process(
        "revisione", starts_on=days(-30), ends_on=days(90), plan=PlanVersion.objects.get(code="psm-2024-2026")
    )
    make_phase(
        process, PhaseKind.ASCOLTO, starts_on=days(-30), ends_on=days(30), allows=[Allowance.ANSWER_QUESTIONNAIRES]
    )
    make_phase(process, PhaseKind.CO_PIANIFICAZIONE, starts_on=days(31), ends_on=days(90), allows=[])
    return process


KINDS = [
    (QuestionKind.SINGLE, "Chi sei?", ["Sindaco/a", "Amministratore/trice", "Associazione", "Cittadino/a"]),
    (QuestionKind.MULTIPLE, "Quali temi ti interessano?", ["Mobilità", "Scuola", "Lavoro"]),
    (QuestionKind.SCALE, "Quanto conosci il piano?", []),
    (QuestionKind.SHORT_TEXT, "In una parola, il tuo territorio", []),
    (QuestionKind.LONG_TEXT, "Che cosa proponi?", []),
    (QuestionKind.COMUNE, "In quale comune vivi?", []),
    (QuestionKind.STRATEGIES, "Quali strategie sono prioritarie?", []),
]


@pytest.fixture
def make_questionnaire(process) -> Callable[..., Questionnaire]:
    def make(*, required: bool = False, process: Process = process, **fields: Any) -> Questionnaire:
        now = timezone.now()
        data = {
            "title": "Questionario di prova",
            "opens_at": now - datetime.timedelta(days=1),
            "closes_at": now + datetime.timedelta(days=10),
            "status": QuestionnaireStatus.PUBLISHED,
            "mode": QuestionnaireMode.PER_PERSON,
            **fields,
        }
        questionnaire = services.questionnaire_create(process=process, fields=data)
        for kind, text, choices in KINDS:
            services.question_add(questionnaire=questionnaire, kind=kind, text=text, required=required, choices=choices)
        return questionnaire

    return make


@pytest.fixture
def questionnaire(make_questionnaire) -> Questionnaire:
    return make_questionnaire()


def question(questionnaire: Questionnaire, kind: str):
    return questionnaire.questions.get(kind=kind)


def choice(questionnaire: Questionnaire, kind: str, label: str) -> int:
    return question(questionnaire, kind).choices.get(label=label).pk


def submit(questionnaire: Questionnaire, answers: dict[int, object], respondent=None, key=None):
    return services.response_submit(
        questionnaire=questionnaire,
        answers=answers,
        respondent=respondent or services.respondent_for_email(f"{uuid.uuid4().hex[:8]}@esempio.it"),
        idempotency_key=key or uuid.uuid4(),
    )


@pytest.fixture
def client_as(make_user) -> Callable[[str | None], Client]:
    def login(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(make_user(role, username=f"u-{role}", email=f"{role}@esempio.it"))
        return client

    return login


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The spam limits count in the cache: every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
