from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.live.models import LiveRound, RoundStatus


@pytest.mark.parametrize(("role", "status"), [(Role.CITIZEN, 403), (Role.REGIA, 403), (Role.PLAN_OFFICE, 200)])
@pytest.mark.parametrize("name", ["live:setup", "live:badges"])
def test_only_the_plan_office_sets_up_and_prints_badges(event, make_user, role, status, name):
    client = Client()
    client.force_login(make_user(role, username=f"s-{role}"))
    assert client.get(reverse(name, kwargs={"slug": event.slug})).status_code == status


def test_badges_carry_a_qr_code_per_table_with_its_url(event, plan_office_client):
    page = plan_office_client.get(reverse("live:badges", kwargs={"slug": event.slug})).content.decode()
    assert page.count("<svg") >= 4
    table = event.tables.get(venue__letter="B", number=2)
    assert f"/live/t/{table.token}/" in page


def test_adding_a_round_with_no_question_shows_the_error_at_the_field(event, plan_office_client):
    url = reverse("live:round_add", kwargs={"slug": event.slug})
    response = plan_office_client.post(url, {"question": "", "duration_minutes": "dieci"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Scrivi la domanda" in page and "Scrivi un numero di minuti" in page
    assert 'aria-describedby="id_question_error"' in page


def test_the_plan_office_adds_and_starts_a_round(event, plan_office_client):
    plan_office_client.post(
        reverse("live:round_add", kwargs={"slug": event.slug}), {"question": "Terza domanda", "duration_minutes": 15}
    )
    third = LiveRound.objects.get(question="Terza domanda")
    plan_office_client.post(
        reverse("live:round_switch", kwargs={"slug": event.slug, "round_id": third.pk, "action": "avvia"})
    )
    assert LiveRound.objects.get(event=event, status=RoundStatus.OPEN) == third


def test_the_events_list_shows_only_the_events_a_regia_member_works_in(event, member, make_user):
    client = Client()
    client.force_login(member)
    assert event.title in client.get(reverse("live:events")).content.decode()
    outsider = Client()
    outsider.force_login(make_user(Role.CITIZEN, username="fuori"))
    assert outsider.get(reverse("live:events")).status_code == 403
