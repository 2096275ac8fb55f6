"""Fixtures of the live tests: an event, its tables, regia members (lead and not), the fast embedder."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from trama.accounts.models import Role, User
from trama.live import services
from trama.live.models import LiveEvent, LiveTable
from trama.live.tests.factories import make_live_event


@pytest.fixture(autouse=True)
def _fast_analysis(settings) -> None:
    """The fast embedder; no hand-off of ideas to the analysis engine's background thread, which would
    outlive the test (test_idea_analysis.py turns it on, with tasks run at once)."""
    settings.ANALYSIS_BACKEND = "tfidf"
    settings.LIVE_ANALYSIS = False


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """The cached theme boards of one test never reach another."""
    cache.clear()


@pytest.fixture
def event(db) -> LiveEvent:
    return make_live_event()


@pytest.fixture
def table(event) -> LiveTable:
    return event.tables.select_related("event", "venue", "axis").get(venue__letter="A", number=1)


@pytest.fixture
def other_table(event) -> LiveTable:
    return event.tables.select_related("event", "venue", "axis").get(venue__letter="B", number=2)


@pytest.fixture
def lead(event, make_user) -> User:
    user = make_user(Role.REGIA, username="capo-regia")
    services.regia_member_set(event=event, user=user, is_lead=True)
    return user


@pytest.fixture
def member(event, make_user) -> User:
    user = make_user(Role.REGIA, username="regia-temi")
    services.regia_member_set(event=event, user=user, is_lead=False)
    return user
