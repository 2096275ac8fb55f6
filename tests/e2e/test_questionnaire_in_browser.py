"""A person answers a questionnaire through the e-mail link (a validation error, then the fix) and the plan office
sees the counts on the results page; axe-core finds nothing serious on the answering page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from trama.accounts.models import Role, User
from trama.plans.models import PlanVersion
from trama.process.models import Allowance, PhaseKind
from trama.process.tests.factories import make_phase, make_process
from trama.questionnaires import services
from trama.questionnaires.models import QuestionKind, QuestionnaireMode, QuestionnaireStatus, Response

pytestmark = pytest.mark.e2e


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}" for v in violations)


@pytest.fixture
def questionnaire(site):
    today = timezone.localdate()
    process = make_process(
        "revisione-e2e",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=30),
        plan=PlanVersion.objects.get(code="psm-2024-2026"),
    )
    make_phase(
        process,
        PhaseKind.ASCOLTO,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=30),
        allows=[Allowance.ANSWER_QUESTIONNAIRES],
    )
    now = timezone.now()
    questionnaire = services.questionnaire_create(
        process=process,
        fields={
            "title": "Questionario rivolto a sindaci, amministratori, associazioni e cittadini",
            "intro": "Domande di esempio.",
            "opens_at": now - datetime.timedelta(days=1),
            "closes_at": now + datetime.timedelta(days=20),
            "mode": QuestionnaireMode.PER_PERSON,
            "status": QuestionnaireStatus.PUBLISHED,
        },
    )
    add = services.question_add
    add(
        questionnaire=questionnaire,
        kind=QuestionKind.SINGLE,
        text="In quale veste rispondi?",
        required=True,
        choices=["Sindaco/a", "Associazione", "Cittadino/a"],
    )
    add(questionnaire=questionnaire, kind=QuestionKind.COMUNE, text="Il tuo comune", required=True)
    add(questionnaire=questionnaire, kind=QuestionKind.SCALE, text="Quanto conosci il piano?")
    add(questionnaire=questionnaire, kind=QuestionKind.STRATEGIES, text="Strategie prioritarie")
    add(questionnaire=questionnaire, kind=QuestionKind.LONG_TEXT, text="Proposte")
    return questionnaire


def test_a_person_answers_after_fixing_an_error_and_the_plan_office_sees_the_count(
    site, page, questionnaire, mailoutbox, axe_check, screenshot
):
    page.goto(site + "/questionari/")
    page.get_by_role("link", name=questionnaire.title).click()
    page.get_by_label("Il tuo indirizzo e-mail").fill("sindaca@esempio.it")
    page.get_by_text(re.compile("Ho letto l'informativa")).click()  # Bootstrap Italia draws the box on the label
    page.get_by_role("button", name="Mandami il link").click()
    page.get_by_text("Ti abbiamo mandato un link a sindaca@esempio.it").wait_for()

    assert len(mailoutbox) == 1
    link = re.search(r"(http://\S+firma=\S+)", mailoutbox[0].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Invia le risposte").wait_for()
    violations = axe_check(page)
    assert not violations, _describe(violations)

    # The required «comune» is left empty: the page says so next to the question and in a summary.
    page.get_by_role("group", name=re.compile("In quale veste rispondi")).get_by_text("Sindaco/a").click()
    page.get_by_role("group", name=re.compile("Quanto conosci il piano")).get_by_text("4", exact=True).click()
    page.get_by_label(re.compile("Proposte")).fill("Più treni <b>la sera</b>")
    page.get_by_role("button", name="Invia le risposte").click()
    summary = page.locator("#riepilogo-errori")
    summary.wait_for()
    assert "1 errore" in summary.inner_text()
    comune = page.get_by_label(re.compile("Il tuo comune"))
    assert comune.get_attribute("aria-invalid") == "true"
    assert "Questa domanda richiede una risposta." in page.locator(f"#{comune.get_attribute('id')}_error").inner_text()
    assert Response.objects.count() == 0
    violations = axe_check(page)
    assert not violations, _describe(violations)
    screenshot(page, "questionnaire-error")

    comune.select_option(label="Pinerolo")
    assert page.get_by_role("group", name=re.compile("In quale veste rispondi")).get_by_label("Sindaco/a").is_checked()
    page.get_by_role("button", name="Invia le risposte").click()
    page.get_by_role("heading", name="Grazie per le tue risposte").wait_for()
    assert Response.objects.get().email == "sindaca@esempio.it"

    User.objects.create_user(username="ufficio", password="pw-e2e-only", role=Role.PLAN_OFFICE, is_staff=True)
    results = f"/questionari/{questionnaire.pk}/risultati/"
    page.goto(site + "/accedi/?next=" + results)
    page.get_by_label("Nome utente").fill("ufficio")
    page.get_by_label("Password").fill("pw-e2e-only")
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url("**" + results)
    assert "1 risposta" in page.locator("#totale-risposte").inner_text()
    chart = page.locator("svg.bar-chart title").first.text_content()
    assert "Sindaco/a: 1 (100,0%)" in chart
    assert "Più treni <b>la sera</b>" in page.locator(".answer-text").first.inner_text()
    screenshot(page, "questionnaire-results")
