"""A citizen sends a contribution with a PDF, gets the receipt; the plan office approves it; it is public."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from trama.accounts.models import Role, User
from trama.participation.models import Contribution
from trama.participation.tests.files import pdf_bytes
from trama.plans.models import PlanVersion
from trama.process.models import Allowance, Process

pytestmark = pytest.mark.e2e


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


@pytest.fixture
def open_process(site, settings, tmp_path):
    settings.ANALYSIS_BACKEND = "tfidf"
    settings.CONTRIBUTION_UPLOAD_ROOT = tmp_path / "uploads"
    # The analysis of the text is queued but not run: training the strategy linker takes seconds, and a
    # background thread writing to the shared in-memory test database would lock the browser's requests.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    today = timezone.localdate()
    return Process.objects.create(
        slug="psm-esempio",
        title="Revisione del PSM – esempio",
        plan=PlanVersion.objects.get(code="psm-2024-2026"),
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=60),
        always_allows=[Allowance.SUBMIT_CONTRIBUTIONS.value],
    )


def test_a_citizen_contribution_with_a_pdf_is_approved_and_published(
    site, open_process, page, browser, mailoutbox, tmp_path, axe_check, screenshot
):
    pdf = tmp_path / "proposta-trasporti.pdf"
    pdf.write_bytes(pdf_bytes("Proposta sui trasporti"))

    # An empty submission: the errors are listed on top and on each field, and the page stays accessible.
    page.goto(site + "/contributi/invia/")
    page.get_by_role("button", name="Invia il contributo").click()
    page.locator("#riepilogo-errori").wait_for()
    assert "Scrivi un titolo" in page.locator("#id_title_error").inner_text()
    violations = axe_check(page)
    assert not violations, _describe(violations)

    page.locator("#id_title").fill("Più corse serali tra Pinerolo e Torino")
    page.locator("#id_text").fill(
        "L'ultima corsa parte alle 19: chi lavora a Torino non può tornare in valle con il bus."
    )
    page.locator("#id_strategy").select_option("1.1")
    page.locator("#id_actor_category").select_option("cittadino")
    page.locator("#id_comune").select_option("001191")
    page.locator("#id_name").fill("Giulia Bianchi")
    page.locator("#id_email").fill("giulia.bianchi@example.org")
    page.locator("#id_files").set_input_files(str(pdf))
    page.locator("label[for=id_privacy_consent]").click()  # Bootstrap Italia draws the box on the label
    page.locator("label[for=id_publish_consent]").click()
    screenshot(page, "contribution-form")
    page.get_by_role("button", name="Invia il contributo").click()

    code = page.locator("#codice-ricevuta").inner_text()
    contribution = Contribution.objects.get()
    assert code == contribution.receipt_code and contribution.attachments.get().mime == "application/pdf"
    assert any(code in message.body for message in mailoutbox)
    screenshot(page, "contribution-receipt")

    # The plan office approves it in the moderation queue, in place.
    office = browser.new_context(locale="it-IT").new_page()
    User.objects.create_user(username="ufficio", password="pw-e2e-only", role=Role.PLAN_OFFICE, is_staff=True)
    office.goto(site + "/accedi/?next=/contributi/moderazione/")
    office.get_by_label("Nome utente").fill("ufficio")
    office.get_by_label("Password").fill("pw-e2e-only")
    office.get_by_role("button", name="Accedi").click()
    office.wait_for_url("**/contributi/moderazione/")
    row = office.locator(f"#c{contribution.pk}")
    assert "giulia.bianchi@example.org" in row.inner_text()
    row.get_by_role("button", name="Approva").click()
    office.locator(f"#c{contribution.pk}").get_by_text("Approvato e pubblicato").wait_for(timeout=10_000)
    screenshot(office, "contribution-moderation")

    # Anyone now reads it in the public list and its page, without name or e-mail.
    page.goto(site + "/contributi/")
    page.get_by_role("link", name="Più corse serali tra Pinerolo e Torino").wait_for()
    assert "Giulia" not in page.content() and "example.org" not in page.content()
    violations = axe_check(page)
    assert not violations, _describe(violations)
    screenshot(page, "contribution-list")
    page.get_by_role("link", name="Più corse serali tra Pinerolo e Torino").click()
    page.get_by_role("heading", level=1, name="Più corse serali tra Pinerolo e Torino").wait_for()
    assert "chi lavora a Torino" in page.content() and "Giulia" not in page.content()
    violations = axe_check(page)
    assert not violations, _describe(violations)

    # The receipt page shows the new status.
    page.goto(site + f"/contributi/ricevuta/?codice={code}")
    page.locator("#id_email").fill("giulia.bianchi@example.org")
    page.get_by_role("button", name="Cerca il contributo").click()
    assert page.locator("#stato-contributo").inner_text() == "Approvato"
    violations = axe_check(page)
    assert not violations, _describe(violations)
