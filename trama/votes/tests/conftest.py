"""Fixtures of the votes tests: a live event with two venues, its regia (a lead and a theme member),
published themes, badges and polls of each kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from trama.accounts.models import Role, User
from trama.live.models import LiveEvent, LiveEventStatus, LiveVenue, Theme
from trama.live.services import live_event_setup, regia_member_set
from trama.votes import services
from trama.votes.models import ParticipantToken, Poll, PollKind


@pytest.fixture(autouse=True)
def _fast_analysis(settings) -> None:
    settings.ANALYSIS_BACKEND = "tfidf"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def lead(make_user) -> User:
    return make_user(Role.REGIA, username="lead-regia")


@pytest.fixture
def member(make_user) -> User:
    return make_user(Role.REGIA, username="membro-regia")


@pytest.fixture
def event(db, lead, member) -> LiveEvent:
    return live_event_setup(
        title="Giornata di prova",
        slug="giornata-prova",
        letters="AB",
        tables_per_venue=2,
        leads=[lead],
        members=[member],
    )


@pytest.fixture
def venue_a(event) -> LiveVenue:
    return event.venues.get(letter="A")


@pytest.fixture
def venue_b(event) -> LiveVenue:
    return event.venues.get(letter="B")


@pytest.fixture
def themes(event) -> list[Theme]:
    labels = ["Trasporti nelle valli", "Scuole di montagna", "Energia di comunità", "Sanità di prossimità"]
    return [Theme.objects.create(event=event, label=label, is_published=True) for label in labels]


@pytest.fixture
def tokens(event, venue_a, venue_b, lead) -> dict[str, list[ParticipantToken]]:
    return {
        "A": services.tokens_issue(venue=venue_a, count=4, by=lead),
        "B": services.tokens_issue(venue=venue_b, count=2, by=lead),
    }


@pytest.fixture
def make_poll(event, themes, lead) -> Callable[..., Poll]:
    def make(kind: str = PollKind.APPROVAL, open_it: bool = True, **extra: Any) -> Poll:
        poll = services.poll_create(
            event=event,
            title=extra.pop("title", f"Voto {kind}"),
            kind=kind,
            options=services.options_from_themes(themes),
            by=lead,
            **extra,
        )
        if open_it:
            poll = services.poll_open(poll=poll, by=lead)
        return poll

    return make


@pytest.fixture
def option_ids() -> Callable[[Poll], list[int]]:
    def ids(poll: Poll) -> list[int]:
        return list(poll.options.order_by("order").values_list("pk", flat=True))

    return ids


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def lead_client(lead) -> Client:
    return client_for(lead)


@pytest.fixture
def closed_event(event) -> LiveEvent:
    event.status = LiveEventStatus.CLOSED
    event.save(update_fields=["status"])
    return event


__all__ = ["client_for", "regia_member_set"]
