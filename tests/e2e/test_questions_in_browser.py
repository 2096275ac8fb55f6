"""Hybrid Q&A in a real browser, served by the ASGI app (uvicorn in a thread) so the WebSocket is real:
a question asked from a phone, upvoted from a second phone, shortlisted and put on the big screen by the
moderator; the big screen, already open, shows it without reloading."""

from __future__ import annotations

from typing import Any

import pytest

from trama.accounts.models import Role, User
from trama.core.services import psm_data_load
from trama.events.models import Event, EventMode
from trama.events.tests.factories import make_event

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "it-IT"}
QUESTION = "Come arriveranno in sala le persone delle valli senza treno la sera?"


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}" for v in violations)


@pytest.fixture
def asgi_site(asgi_server: str, settings: Any) -> str:
    # Tests run background tasks inside the request: keep the analysis of questions out of this one.
    settings.EVENT_QUESTIONS_ANALYSIS = False
    psm_data_load()
    return asgi_server


@pytest.fixture
def event(asgi_site: str) -> Event:
    return make_event(title="Restituzione ibrida dei risultati", mode=EventMode.IBRIDO, questions_open=True)


def _login(context: Any, site: str, next_url: str) -> Any:
    User.objects.create_user(username="regia", password="pw-e2e-only", role=Role.REGIA)
    page = context.new_page()
    page.goto(f"{site}/accedi/?next={next_url}")
    page.get_by_label("Nome utente").fill("regia")
    page.get_by_label("Password").fill("pw-e2e-only")
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url(f"**{next_url}")
    return page


def test_a_question_from_a_phone_reaches_the_big_screen_live(asgi_site, event, browser, axe_check, screenshot):
    base = f"{asgi_site}/incontri/{event.pk}/domande/"
    contexts = []

    def context(**options: Any) -> Any:
        ctx = browser.new_context(**options)
        contexts.append(ctx)
        return ctx

    try:
        # The big screen is open in the room before anything happens.
        screen = context(viewport={"width": 1280, "height": 720}, locale="it-IT").new_page()
        screen.goto(base + "schermo/")
        screen.wait_for_selector("main[data-qa-transport='websocket']", timeout=10_000)
        screen.wait_for_function("document.querySelector(\"img[alt^='Codice QR']\").naturalWidth > 0")

        # Someone in the room scans the QR code and asks from the phone.
        phone = context(**PHONE).new_page()
        phone.goto(base)
        phone.get_by_label("La tua domanda").fill(QUESTION)
        phone.get_by_label("Il tuo nome (facoltativo)").fill("Giulia")
        phone.get_by_role("button", name="Invia la domanda").click()
        phone.get_by_text("Domanda inviata").wait_for()
        assert QUESTION in phone.locator("#question-list").inner_text()
        violations = axe_check(phone)
        assert not violations, _describe(violations)

        # Someone following online upvotes it; one vote per browser.
        other = context(**PHONE).new_page()
        other.goto(base)
        item = other.locator(".question-item", has_text=QUESTION)
        item.get_by_role("button", name="Vota").click()
        other.get_by_text("Hai votato questa domanda").wait_for()
        assert other.locator(".question-item", has_text=QUESTION).locator(".vote-count").inner_text() == "1"

        # The asker's phone sees the vote arrive without reloading.
        phone.locator(".question-item", has_text=QUESTION).locator(".vote-count", has_text="1").wait_for(timeout=10_000)

        # The moderator shortlists it and puts it on the big screen.
        moderator = _login(
            context(viewport={"width": 1280, "height": 900}, locale="it-IT"), asgi_site, base + "moderazione/"
        )
        row = moderator.locator(".question-item", has_text=QUESTION)
        row.get_by_role("button", name="Seleziona").click()
        moderator.locator(".question-item", has_text=QUESTION).get_by_text("selezionata").wait_for()
        moderator.locator(".question-item", has_text=QUESTION).get_by_role("button", name="Metti sullo schermo").click()

        screenshot(moderator, "questions-moderation")

        # The screen, never reloaded, shows the question with its vote.
        screen.locator("#on-screen-text", has_text=QUESTION).wait_for(timeout=10_000)
        assert screen.locator("#on-screen-votes").inner_text() == "1"
        assert screen.locator("#on-screen-author").inner_text() == "Giulia"
        assert screen.evaluate("performance.getEntriesByType('navigation').length") == 1
        screenshot(screen, "questions-screen")

        # And the participants' phones mark it as being on screen.
        other.locator(".question-item", has_text=QUESTION).get_by_text("sullo schermo").wait_for(timeout=10_000)
        screenshot(other, "questions-phone")
    finally:
        for ctx in contexts:
            ctx.close()


def test_the_screen_falls_back_to_polling_when_the_socket_cannot_open(asgi_site, event, browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, locale="it-IT")
    try:
        # Make every WebSocket fail, as behind a proxy that does not pass them.
        ctx.add_init_script("window.WebSocket = function () { throw new Error('blocked'); };")
        screen = ctx.new_page()
        screen.goto(f"{asgi_site}/incontri/{event.pk}/domande/schermo/")
        screen.wait_for_selector("main[data-qa-transport='polling']", timeout=10_000)
        from trama.events import services
        from trama.events.services import ModerationAction

        question = services.question_ask(event=event, text="Domanda arrivata col polling", voter_id="p" * 32)
        regia = User.objects.create_user(username="regia2", password="x", role=Role.REGIA)
        services.question_moderate(question=question, action=ModerationAction.SCREEN, by=regia)
        screen.locator("#on-screen-text", has_text="Domanda arrivata col polling").wait_for(timeout=10_000)
    finally:
        ctx.close()
