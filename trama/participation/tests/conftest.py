"""Fixtures of the participation tests: a small plan and territory, a process open today, valid form data."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from trama.accounts.models import Role
from trama.api.tests.factories import make_axis, make_comune, make_plan, make_strategy, make_zone
from trama.participation import services
from trama.participation.models import Contribution, ContributionStatus
from trama.plans.models import PlanVersion
from trama.process.models import Allowance, Process
from trama.process.tests.factories import make_process


def configure(settings: Any, tmp_path: Any) -> None:
    settings.ANALYSIS_BACKEND = "tfidf"
    settings.CONTRIBUTION_UPLOAD_ROOT = tmp_path / "uploads"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def build_plan() -> PlanVersion:
    plan = make_plan("psm-2024-2026", is_current=True)
    mobility = make_axis(plan, 1, title="Mobilità sostenibile")
    make_strategy(mobility, "1.1", title="Trasporto pubblico nelle valli")
    make_strategy(mobility, "1.2", title="Ciclabilità")
    schools = make_axis(plan, 2, title="Istruzione e formazione")
    make_strategy(schools, "2.1", title="Scuole dei piccoli comuni")
    return plan


def build_territory() -> None:
    torino = make_zone(1, name="Area metropolitana Torino")
    pinerolese = make_zone(5, name="Pinerolese")
    make_comune("Torino", istat_code="001272", zona=torino)
    make_comune("Pinerolo", istat_code="001191", zona=pinerolese)
    make_comune("Senza zona", istat_code="001999")


def build_process(plan: PlanVersion) -> Process:
    """A published process running today, whose modulo online is open for its whole duration."""
    today = timezone.localdate()
    return make_process(
        "psm-2024",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=60),
        plan=plan,
        always_allows=[Allowance.SUBMIT_CONTRIBUTIONS.value],
    )


@pytest.fixture(autouse=True)
def participation_settings(settings, tmp_path) -> None:
    configure(settings, tmp_path)


@pytest.fixture
def plan(db) -> PlanVersion:
    return build_plan()


@pytest.fixture
def territory(db) -> None:
    build_territory()


@pytest.fixture
def process(plan, territory) -> Process:
    return build_process(plan)


def valid_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "Più autobus serali nelle valli",
        "text": "L'ultima corsa per Torino parte alle 19: chi lavora non può tornare a casa.",
        "kind": "suggerimento",
        "actor_category": "cittadino",
        "comune": "001272",
        "name": "Maria Rossi",
        "email": "maria.rossi@example.org",
        "privacy_consent": "true",
        "publish_consent": "true",
    }
    return {**data, **overrides}


@pytest.fixture
def data() -> Callable[..., dict[str, Any]]:
    return valid_data


@pytest.fixture
def submit(process) -> Callable[..., services.SubmitResult]:
    counter = iter(range(10_000))

    def go(files: Any = (), key: str | None = None, ip: str = "10.0.0.1", **overrides: Any) -> services.SubmitResult:
        return services.contribution_submit(
            process=process,
            data=valid_data(**overrides),
            files=files,
            idempotency_key=key or f"key-{next(counter)}",
            ip=ip,
        )

    return go


@pytest.fixture
def approved(submit, plan_office_user) -> Callable[..., Contribution]:
    def make(**overrides: Any) -> Contribution:
        contribution = submit(**overrides).contribution
        return services.contribution_approve(contribution=contribution, by=plan_office_user)

    return make


@pytest.fixture
def client_for(make_user) -> Callable[[str | None], Client]:
    def make(role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(make_user(role, username=f"u-{role}", is_staff=role == Role.PLAN_OFFICE))
        return client

    return make


__all__ = ["ContributionStatus", "valid_data"]
