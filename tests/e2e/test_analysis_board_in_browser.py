"""The plan office adds texts to a corpus, sees similar ones while typing, confirms a strategy in place."""

from __future__ import annotations

import pytest

from trama.accounts.models import Role, User

pytestmark = pytest.mark.e2e


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in violations)


@pytest.fixture
def logged_in(site, page):
    User.objects.create_user(username="ufficio", password="pw-e2e-only", role=Role.PLAN_OFFICE, is_staff=True)
    page.goto(site + "/accedi/?next=/analisi/")
    page.get_by_label("Nome utente").fill("ufficio")
    page.get_by_label("Password").fill("pw-e2e-only")
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url("**/analisi/")
    return page


def test_a_text_is_analysed_and_its_strategy_confirmed_without_reloading(site, logged_in, axe_check, screenshot):
    page = logged_in
    page.goto(site + "/analisi/ascolto-valli/")
    page.get_by_role("textbox", name="Testo").fill(
        "Servono più corse del treno tra Pinerolo e Torino la sera, l'ultimo parte alle 20"
    )
    page.get_by_role("button", name="Aggiungi il testo").click()
    page.wait_for_load_state()
    row = page.locator(".text-row").first
    assert "Pinerolo" in row.inner_text()

    # Typing a near-identical text shows it among the similar ones, flagged as a likely duplicate.
    page.get_by_role("textbox", name="Testo").fill("servono piu corse del treno tra Pinerolo e Torino la sera!!")
    similar = page.locator("#simili")
    similar.get_by_text("probabile duplicato").wait_for(timeout=10_000)
    assert "Pinerolo" in similar.inner_text()

    row.get_by_role("button", name="Conferma").first.click()
    row = page.locator(".text-row").first
    row.get_by_text("Confermato").first.wait_for(timeout=10_000)
    screenshot(page, "analysis-board")
    violations = axe_check(page)
    assert not violations, _describe(violations)
