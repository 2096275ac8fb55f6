"""Live co-planning in two browsers: a facilitator on a phone sends ideas, the regia sees them arrive,
also an idea typed while the phone was offline, exactly once.

pytest-django's live_server speaks only WSGI, so this file runs the real ASGI application (HTTP and
WebSockets) with uvicorn in a thread of the test process, on the same test database. All Django work of
that server runs in asgiref's single thread-sensitive executor thread, so SQLite sees one writer."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from trama.accounts.models import Role, User
from trama.core.services import psm_data_load
from trama.live import services
from trama.live.models import Idea, LiveEvent

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "it-IT"}


@pytest.fixture(autouse=True)
def _no_background_analysis(settings: Any) -> None:
    """The analysis engine's background thread would outlive the test database (tested in trama/live)."""
    settings.LIVE_ANALYSIS = False


@pytest.fixture
def live_event(asgi_server: str) -> LiveEvent:
    psm_data_load()
    return services.live_event_setup(
        title="Dalle strategie alle azioni (prova)",
        slug="prova-e2e",
        letters="ABCDEF",
        tables_per_venue=2,
        rounds=[("Quali azioni sono prioritarie per il vostro territorio?", 30)],
    )


@pytest.fixture
def regia_page(browser: Any, asgi_server: str, live_event: LiveEvent) -> Iterator[Any]:
    user = User.objects.create_user(username="regia-e2e", password="pw-e2e-only", role=Role.REGIA)
    services.regia_member_set(event=live_event, user=user, is_lead=True)
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": asgi_server}])
    page = context.new_page()
    page.goto(f"{asgi_server}/live/e/{live_event.slug}/regia/")
    page.get_by_text("Collegato: le idee arrivano in tempo reale.").wait_for(timeout=15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(**PHONE)
    yield context
    context.close()


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – " + "; ".join(n["html"][:120] for n in v.get("nodes", [])[:5])
        for v in violations
    )


def test_ideas_reach_the_regia_also_when_typed_offline_and_exactly_once(
    asgi_server, live_event, regia_page, phone, axe_check, screenshot
):
    table = live_event.tables.select_related("venue").get(venue__letter="C", number=1)
    page = phone.new_page()
    page.goto(f"{asgi_server}/live/t/{table.token}/")
    page.get_by_text("Collegato alla regia").wait_for(timeout=15_000)
    assert "Quali azioni sono prioritarie" in page.locator("#round-question").inner_text()

    page.get_by_label("Idea emersa al tavolo").fill("Una pista ciclabile lungo la Dora fino a Susa")
    page.get_by_role("button", name="Invia alla regia").click()
    page.locator("#my-ideas li[data-state=received]").first.wait_for(timeout=10_000)
    feed = regia_page.locator("#feed")
    feed.get_by_text("Una pista ciclabile lungo la Dora fino a Susa").wait_for(timeout=10_000)
    assert "C1" in feed.locator("li").first.inner_text()

    # The venue Wi-Fi drops: the idea waits on the phone, marked as not sent yet.
    phone.set_offline(True)
    page.get_by_text("Senza rete").wait_for(timeout=10_000)
    page.get_by_label("Idea emersa al tavolo").fill("Navette a chiamata per le frazioni alte della valle")
    page.get_by_text("Posizione di minoranza o dissenso").click()  # Bootstrap Italia draws the box on the label
    page.get_by_role("button", name="Invia alla regia").click()
    offline_item = page.locator("#my-ideas li").first
    assert offline_item.get_attribute("data-state") in ("pending", "sent")
    assert "in attesa di invio" in offline_item.inner_text() or "inviata" in offline_item.inner_text()
    stored = page.evaluate(f"window.localStorage.getItem('trama.live.ideas.{table.token}')")
    assert "Navette a chiamata" in stored  # kept on the device before any attempt to send
    page.wait_for_timeout(1500)  # a few retries fail while offline
    assert feed.get_by_text("Navette a chiamata").count() == 0

    phone.set_offline(False)
    page.locator("#my-ideas li[data-state=received]").nth(1).wait_for(timeout=20_000)
    feed.get_by_text("Navette a chiamata per le frazioni alte della valle").wait_for(timeout=10_000)
    regia_page.wait_for_timeout(1000)  # let any duplicate push arrive, if there were one
    assert feed.get_by_text("Navette a chiamata per le frazioni alte della valle").count() == 1
    assert Idea.objects.filter(text__startswith="Navette a chiamata").count() == 1
    assert Idea.objects.get(text__startswith="Navette a chiamata").is_dissent
    assert regia_page.locator('[data-venue-count="C"]').inner_text() == "2"

    screenshot(page, "live-facilitator-phone")
    screenshot(regia_page, "live-regia")
    violations = axe_check(page)
    assert not violations, _describe(violations)
    violations = axe_check(regia_page)
    assert not violations, _describe(violations)


def test_the_regia_moves_an_idea_with_a_form_opened_in_the_board_which_new_ideas_do_not_close(
    asgi_server, live_event, regia_page, axe_check, screenshot, settings
):
    settings.LIVE_BOARD_FRESH_SECONDS = 0
    lead = User.objects.get(username="regia-e2e")
    buses = services.theme_create(event=live_event, label="Autobus serali", by=lead)
    bikes = services.theme_create(event=live_event, label="Ciclabili", by=lead)
    table = live_event.tables.select_related("event", "venue", "axis").get(venue__letter="A", number=1)
    idea = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Una corsa in più dopo le 22").idea
    services.idea_theme_add(idea=idea, theme=buses, by=lead)
    regia_page.reload()
    regia_page.get_by_text("Collegato: le idee arrivano in tempo reale.").wait_for(timeout=15_000)
    board = regia_page.locator("#temi")
    board.get_by_text("Una corsa in più dopo le 22").wait_for(timeout=10_000)

    card = board.locator(f"#tema-{buses.pk} li[data-idea='{idea.pk}']")
    card.get_by_role("link", name="Sposta o copia…").click()
    choice = card.get_by_label("Altro tema")
    choice.wait_for(timeout=10_000)
    regia_page.wait_for_function("document.activeElement && document.activeElement.name === 'theme'")
    assert "Autobus serali" not in choice.inner_text() and "Ciclabili" in choice.inner_text()
    card.scroll_into_view_if_needed()
    screenshot(regia_page, "live-regia-move")
    violations = axe_check(regia_page)
    assert not violations, _describe(violations)

    # Ideas keep arriving while the form is open: the feed shows them, the board waits.
    sent = regia_page.context.request.post(
        f"{asgi_server}/live/t/{table.token}/ideas/",
        data={"uuid": str(uuid.uuid4()), "text": "Bus a chiamata nelle frazioni"},
    )
    assert sent.status == 200
    regia_page.locator("#feed").get_by_text("Bus a chiamata nelle frazioni").wait_for(timeout=10_000)
    regia_page.wait_for_timeout(1500)
    assert choice.is_visible()

    choice.select_option(label="Ciclabili")
    card.get_by_role("button", name="Sposta").click()
    board.locator(f"#tema-{bikes.pk}").get_by_text("Una corsa in più dopo le 22").wait_for(timeout=10_000)
    assert board.locator(f"#tema-{buses.pk}").get_by_text("Una corsa in più dopo le 22").count() == 0
    assert list(idea.theme_links.values_list("theme__label", flat=True)) == ["Ciclabili"]
