"""The cronoprogramma, the network page, the privacy notice and «I miei dati» in a real browser, axe-clean."""

from __future__ import annotations

import re
from typing import Any

import pytest

from trama.actors.models import Person
from trama.process.demo import REAL_SLUG, SAMPLE_SLUG, demo_load

pytestmark = pytest.mark.e2e


def _describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}" for v in violations)


@pytest.fixture
def process_site(site: str) -> str:
    demo_load()
    return site


def test_the_cronoprogramma_shows_the_real_process_as_over_and_the_sample_with_its_current_phase(
    process_site, page, axe_check, screenshot
):
    page.goto(process_site + "/processo/")
    assert page.get_by_role("heading", name=re.compile("Verso il nuovo PSM 2024-2026")).is_visible()
    assert not axe_check(page), _describe(axe_check(page))

    page.goto(process_site + f"/processo/{REAL_SLUG}/")
    assert page.locator("#process-state").inner_text() == "processo concluso"
    assert page.locator('[aria-current="step"]').count() == 0
    assert page.get_by_text("Periodo annunciato: luglio – novembre 2023").is_visible()
    assert page.get_by_text("priorità di intervento").is_visible()
    violations = axe_check(page)
    assert not violations, _describe(violations)

    page.goto(process_site + f"/processo/{SAMPLE_SLUG}/")
    current = page.locator('[aria-current="step"]')
    assert current.count() == 1
    page.evaluate("document.getElementById('fasi').scrollIntoView({behavior: 'instant'})")
    screenshot(page, "process-timeline")
    assert "Fase di ascolto" in current.text_content()
    assert "fase in corso" in current.text_content()
    violations = axe_check(page)
    assert not violations, _describe(violations)


def test_the_network_page_and_the_privacy_pages_are_accessible(process_site, page, axe_check):
    Person.objects.create(name="Persona di prova", email="prova@example.it", category="institution")
    for path in ("/attori/rete/", "/privacy/", "/attori/miei-dati/"):
        page.goto(process_site + path)
        violations = axe_check(page)
        assert not violations, f"{path}: {_describe(violations)}"
    page.goto(process_site + "/attori/rete/")
    assert page.locator('svg[role="img"]').count() == 2
    assert page.get_by_text("Persona di prova").count() == 0


def test_a_person_asks_for_their_data_with_a_wrong_then_a_right_address(process_site, page, axe_check):
    page.goto(process_site + "/attori/miei-dati/")
    field = page.get_by_label("Il tuo indirizzo e-mail")
    field.fill("non-valido")
    page.get_by_role("button", name="Inviami il collegamento").click()
    assert page.get_by_text("Indica un indirizzo e-mail valido").is_visible()
    assert page.get_by_label("Il tuo indirizzo e-mail").get_attribute("aria-invalid") == "true"
    violations = axe_check(page)
    assert not violations, _describe(violations)

    page.get_by_label("Il tuo indirizzo e-mail").fill("prova@example.it")
    page.get_by_role("button", name="Inviami il collegamento").click()
    assert page.locator("#my-data-sent").is_visible()
