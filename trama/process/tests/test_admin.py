import datetime

import pytest

from trama.process.tests.factories import make_phase, make_process

pytestmark = pytest.mark.django_db


def test_the_plan_office_edits_a_process_with_its_phases_and_allowances_as_checkboxes(plan_office_client):
    process = make_process("psm")
    phase = make_phase(
        process, "ascolto", starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 5, 31), outputs=("esito",)
    )

    process_page = plan_office_client.get(f"/admin/process/process/{process.pk}/change/")
    phase_page = plan_office_client.get(f"/admin/process/phase/{phase.pk}/change/")

    assert process_page.status_code == 200
    assert 'type="checkbox" name="always_allows"' in process_page.content.decode()
    assert 'name="phases-0-allows"' in process_page.content.decode()
    assert phase_page.status_code == 200
    assert 'value="esito"' in phase_page.content.decode()
    assert plan_office_client.get("/admin/process/process/").status_code == 200
    assert plan_office_client.get("/admin/process/process/add/").status_code == 200
