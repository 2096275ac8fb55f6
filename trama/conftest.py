"""Shared fixtures: users by role and clients logged in as a role."""

from __future__ import annotations

import pytest
from django.test import Client

from trama.accounts.models import Role, User


@pytest.fixture(autouse=True)
def _italian_by_default():
    """Every test starts in Italian: a request under /en/ leaves English active in the thread, and then
    reverse() in the next test would build /en/ URLs."""
    from django.utils import translation

    translation.activate("it")
    yield
    translation.deactivate()


@pytest.fixture
def make_user(db):
    def make(role: str = Role.CITIZEN, username: str | None = None, **extra) -> User:
        name = username or f"{role}-user"
        return User.objects.create_user(username=name, password="pw-for-tests-only", role=role, **extra)

    return make


@pytest.fixture
def plan_office_user(make_user) -> User:
    return make_user(Role.PLAN_OFFICE, username="ufficio", is_staff=True)


@pytest.fixture
def plan_office_client(plan_office_user) -> Client:
    client = Client()
    client.force_login(plan_office_user)
    return client


@pytest.fixture
def citizen_client(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.CITIZEN, username="cittadina"))
    return client
