"""Events in a real browser: the public list and detail (agenda by axis, tables), a registration with an
Italian field error first, the confirmation with its cancel link, the waiting list; axe-core clean."""

from __future__ import annotations

import re

import pytest

from trama.events import demo
from trama.events.models import Event, Registration, RegistrationStatus
from trama.process.demo import demo_load as process_demo_load

pytestmark = pytest.mark.e2e


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}" for v in violations)


@pytest.fixture
def demo_site(site: str) -> str:
    process_demo_load()
    demo.demo_load()
    return site


def test_the_public_event_pages_show_the_real_launch_meeting_and_are_accessible(demo_site, page, axe_check, screenshot):
    page.goto(demo_site + "/incontri/")
    assert page.get_by_role("heading", name="Prossimi incontri").is_visible()
    assert page.get_by_role("link", name=demo.SAMPLE_TITLE).is_visible()
    violations = axe_check(page)
    assert not violations, _describe(violations)
    screenshot(page, "events-list")

    page.get_by_role("link", name=demo.LAUNCH_TITLE).click()
    page.wait_for_load_state()
    screenshot(page, "events-launch")
    table = page.get_by_role("table", name="Interventi sugli assi strategici del piano")
    assert "Laura Morgagni" in table.inner_text()
    assert "Agenzia della Mobilità Piemontese" in table.inner_text()
    assert "240 persone" in page.locator("#esiti ~ p").first.inner_text()
    violations = axe_check(page)
    assert not violations, _describe(violations)


def test_a_person_registers_chooses_tables_and_can_cancel_from_the_email(
    demo_site, page, axe_check, mailoutbox, screenshot
):
    event = Event.objects.get(title=demo.SAMPLE_TITLE)
    page.goto(f"{demo_site}/incontri/{event.pk}/")
    screenshot(page, "events-detail")
    violations = axe_check(page)
    assert not violations, _describe(violations)

    page.get_by_label("Nome e cognome").fill("Maria Rossi")
    page.get_by_label("E-mail").fill("maria.rossi@example.org")
    # Bootstrap Italia draws radios and checkboxes on their labels: people click the label.
    page.locator("label[for='id_attendance_mode_1']").click()
    page.locator("label", has_text="Tavolo Asse 3").click()
    page.get_by_role("button", name="Iscriviti", exact=True).last.click()
    # The privacy consent was forgotten: an Italian error on that field, nothing stored.
    error = page.locator("#id_privacy_consent_errors")
    error.wait_for()
    assert "informativa sulla privacy" in error.inner_text()
    described_by = page.get_by_label(re.compile("Ho letto l'informativa")).get_attribute("aria-describedby")
    # The error and the link to the notice are both read with the checkbox.
    assert described_by.split() == ["id_privacy_consent_errors", "id_privacy_consent_helptext"]
    assert not Registration.objects.exists()
    violations = axe_check(page)
    assert not violations, _describe(violations)

    page.locator("label[for='id_privacy_consent']").click()
    page.get_by_role("button", name="Iscriviti", exact=True).last.click()
    page.get_by_role("heading", name="Iscrizione confermata").wait_for()
    screenshot(page, "events-registration-done")
    violations = axe_check(page)
    assert not violations, _describe(violations)
    registration = Registration.objects.get()
    assert registration.attendance_mode == "online"
    assert [t.axis.number for t in registration.tables.all() if t.axis] == [3]

    # The e-mail's cancel link works in the browser.
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/annulla/", mailoutbox[0].body)
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="Sì, annulla l'iscrizione").click()
    page.get_by_role("heading", name="Iscrizione annullata").wait_for()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
