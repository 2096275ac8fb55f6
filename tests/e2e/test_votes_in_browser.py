"""Priority votes in two browsers: a participant votes from a phone with the token on their badge, and the
big screen, open in another browser, shows turnout and results change without a reload.

pytest-django's live_server speaks only WSGI, so this file runs the real ASGI application (HTTP and
WebSockets) with uvicorn in a thread of the test process, on the same test database (as the live e2e test)."""

from __future__ import annotations

from typing import Any

import pytest

from trama.accounts.models import Role, User
from trama.core.services import psm_data_load
from trama.live import services as live
from trama.live.models import LiveEvent, Theme
from trama.votes import services
from trama.votes.models import ParticipantToken, Poll, PollKind

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "it-IT"}
THEMES = ["Trasporto pubblico nelle valli", "Scuole nei piccoli comuni", "Comunità energetiche", "Case di comunità"]


@pytest.fixture
def asgi_site(asgi_server: str, settings: Any) -> str:
    settings.ANALYSIS_BACKEND = "tfidf"
    return asgi_server


@pytest.fixture
def vote_day(asgi_site: str) -> tuple[LiveEvent, Poll, ParticipantToken]:
    psm_data_load()
    lead = User.objects.create_user(username="lead-voti-e2e", password="pw-e2e-only", role=Role.REGIA)
    event = live.live_event_setup(
        title="Giornata dei voti (prova)", slug="voti-e2e", letters="AB", tables_per_venue=1, leads=[lead]
    )
    themes = [Theme.objects.create(event=event, label=label, is_published=True) for label in THEMES]
    badges = services.tokens_issue(venue=event.venues.get(letter="A"), count=4, by=lead)
    poll = services.poll_create(
        event=event,
        title="Quali temi sono prioritari?",
        kind=PollKind.APPROVAL,
        options=services.options_from_themes(themes),
        by=lead,
    )
    services.poll_open(poll=poll, by=lead)
    return event, poll, badges[0]


def test_a_vote_from_a_phone_shows_on_the_big_screen_without_reload(
    browser: Any, asgi_site: str, vote_day: tuple[LiveEvent, Poll, ParticipantToken], axe_check: Any, screenshot: Any
) -> None:
    event, poll, badge = vote_day
    screen_context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="it-IT")
    screen = screen_context.new_page()
    screen.goto(f"{asgi_site}/voti/schermo/{event.slug}/")
    screen.get_by_text("Aggiornamento in diretta").wait_for(timeout=15_000)
    assert screen.locator("[data-turnout-ballots]").inner_text() == "0"
    assert axe_check(screen) == []

    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.goto(f"{asgi_site}/voti/{badge.token}/")
    phone.get_by_role("heading", name="Prima di votare: una domanda facoltativa").wait_for()
    assert axe_check(phone) == []
    phone.get_by_label("Partecipi come…").select_option("citizen")
    phone.get_by_role("button", name="Continua").click()
    phone.get_by_role("heading", name=poll.title).wait_for()
    assert axe_check(phone) == []
    screenshot(phone, "votes-phone")
    phone.get_by_label("Scuole nei piccoli comuni").check()
    phone.get_by_label("Comunità energetiche").check()
    phone.get_by_role("button", name="Vota").click()
    phone.get_by_text("Voto registrato.").wait_for()

    # The screen was never reloaded: the push (or, failing it, the polling fallback) updates it.
    screen.wait_for_function(
        "document.querySelector('[data-turnout-ballots]').textContent.trim() === '1'", timeout=15_000
    )
    assert screen.locator("[data-turnout-percent]").inner_text() == "25%"
    first = screen.locator("[data-options] li").first
    assert "Scuole nei piccoli comuni" in first.inner_text() or "Comunità energetiche" in first.inner_text()
    assert first.locator("[data-total]").inner_text() == "1"
    screenshot(screen, "votes-screen")

    # Changing the vote replaces it: turnout stays at one ballot.
    phone.get_by_label("Scuole nei piccoli comuni").uncheck()
    phone.get_by_role("button", name="Cambia il voto").click()
    phone.get_by_text("Voto registrato.").wait_for()
    screen.wait_for_function(
        "[...document.querySelectorAll('[data-options] li')].filter(li => li.querySelector('[data-total]')"
        ".textContent.trim() === '1').length === 1",
        timeout=15_000,
    )
    assert screen.locator("[data-turnout-ballots]").inner_text() == "1"
    phone_context.close()
    screen_context.close()
