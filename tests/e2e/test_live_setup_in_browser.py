"""The plan office prepares a co-planning day in the browser: creates the event, names a facilitator,
invites a regia member by e-mail; the invited person sets a password from the link and opens the regia."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from trama.accounts.models import Role, User
from trama.core.services import psm_data_load
from trama.live.models import LiveEvent

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _no_background_analysis(settings: Any) -> None:
    settings.LIVE_ANALYSIS = False


def _logged_in(browser: Any, server: str, user: User) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server}])
    return context


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in violations)


def test_the_plan_office_prepares_a_day_and_invites_the_regia(asgi_server, browser, axe_check, screenshot):
    psm_data_load()
    office = User.objects.create_user(username="ufficio-e2e", password="pw-e2e-only", role=Role.PLAN_OFFICE)
    context = _logged_in(browser, asgi_server, office)
    page = context.new_page()

    page.goto(f"{asgi_server}/live/")
    page.get_by_role("link", name="Nuovo evento").click()
    page.get_by_label("Titolo").fill("Co-pianificazione nel Pinerolese")
    for index in (0, 2, 3, 4, 5):  # only venue B stays checked (Bootstrap Italia: the label takes the click)
        page.locator(f"label[for=id_letters_{index}]").click()
    assert page.locator("input[name=letters]:checked").evaluate_all("boxes => boxes.map(b => b.value)") == ["B"]
    page.get_by_label("Tavoli per sede").fill("3")
    violations = axe_check(page)
    assert not violations, _describe(violations)
    page.get_by_role("button", name="Crea l'evento").click()
    page.get_by_text("Evento creato con 3 tavoli").wait_for()
    event = LiveEvent.objects.get(title="Co-pianificazione nel Pinerolese")
    assert [t.code for t in event.tables.select_related("venue")] == ["B1", "B2", "B3"]

    page.get_by_role("link", name="Modifica B2").click()
    page.get_by_label("Facilitatore/facilitatrice").fill("Marta Gili")
    page.get_by_role("button", name="Salva").click()
    page.get_by_text("Tavolo B2 aggiornato.").wait_for()
    assert page.get_by_role("row", name=re.compile("B2")).get_by_text("Marta Gili").is_visible()

    invite = page.locator("form[action$='nuovo-account/']")
    invite.locator("#id_invite_first_name").fill("Paolo")
    invite.get_by_label("Cognome").fill("Bertola")
    invite.get_by_label("E-mail").fill("paolo.bertola@example.org")
    invite.locator("label[for=id_invite_is_lead]").click()
    invite.get_by_role("button", name="Crea e invita").click()
    page.get_by_text("Account creato per Paolo Bertola").wait_for()
    assert page.get_by_text("Paolo Bertola – responsabile").is_visible()
    screenshot(page, "live-setup")
    violations = axe_check(page)
    assert not violations, _describe(violations)
    context.close()

    [message] = mail.outbox
    link = re.search(r"http://\S+/password/\S+", message.body)
    assert link is not None
    invited = browser.new_context(viewport={"width": 390, "height": 844}, locale="it-IT")
    phone = invited.new_page()
    phone.goto(link.group(0))
    phone.locator("#id_new_password1").fill("regia-pinerolo-2027")
    phone.locator("#id_new_password2").fill("regia-pinerolo-2027")
    screenshot(phone, "password-set-phone")
    violations = axe_check(phone)
    assert not violations, _describe(violations)
    phone.get_by_role("button", name="Imposta la password").click()
    phone.get_by_text("Password impostata").first.wait_for()
    phone.goto(f"{asgi_server}/live/e/{event.slug}/regia/")
    assert phone.get_by_role("heading", level=1).first.is_visible()
    assert "/accedi/" not in phone.url
    invited.close()
