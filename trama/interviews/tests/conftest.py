"""Fixtures of the interview tests: the real plans and territory, a process in its preliminary phase."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from trama.accounts.models import Role, User
from trama.core.services import psm_data_load
from trama.interviews.models import JUDGED_PLAN_CODE, Interview, Judgement
from trama.interviews.services import JudgementData, interview_create
from trama.plans.models import Action, Strategy
from trama.process.models import Allowance, PhaseKind, Process
from trama.process.tests.factories import make_phase, make_process

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def psm(db, settings) -> None:
    settings.ANALYSIS_BACKEND = "tfidf"
    psm_data_load()


@pytest.fixture
def process(psm) -> Process:
    """A process whose preliminary phase (interviews allowed) runs today; co-planning (no interviews) follows."""
    process = make_process("verso-psm", starts_on=days(-30), ends_on=days(90))
    make_phase(
        process, PhaseKind.PRELIMINARE, starts_on=days(-30), ends_on=days(30), allows=[Allowance.RECORD_INTERVIEWS]
    )
    make_phase(process, PhaseKind.CO_PIANIFICAZIONE, starts_on=days(31), ends_on=days(90), allows=[])
    return process


@pytest.fixture
def strategy() -> Callable[[str], Strategy]:
    def get(code: str) -> Strategy:
        return Strategy.objects.get(axis__plan__code=JUDGED_PLAN_CODE, code=code)

    return get


@pytest.fixture
def action() -> Callable[[str], Action]:
    def get(code: str) -> Action:
        return Action.objects.get(strategy__axis__plan__code=JUDGED_PLAN_CODE, code=code)

    return get


@pytest.fixture
def make_interview(process, strategy) -> Callable[..., Interview]:
    def make(judgements: list[tuple[str, str]] | None = None, by: User | None = None, **fields: Any) -> Interview:
        data: dict[str, Any] = {
            "interviewee_name": "Persona di prova",
            "held_on": days(-1),
            **fields,
        }
        coded = [JudgementData(strategy=strategy(code), action=None, judgement=j) for code, j in (judgements or [])]
        return interview_create(process=fields.pop("process", process), fields=data, judgements=coded, by=by)

    return make


@pytest.fixture
def client_as(make_user) -> Callable[[str | None], Client]:
    def login(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(make_user(role, username=f"u-{role}"))
        return client

    return login


ALIGNED, PARTLY, MISALIGNED = Judgement.ALIGNED, Judgement.PARTLY, Judgement.MISALIGNED
ALL_ROLES = list(Role.values)
