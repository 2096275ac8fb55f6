"""The «Area di lavoro»: each role is offered the tools it may use, and nobody else gets in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role

TOOLS = {
    "participation:moderation": {Role.PLAN_OFFICE},
    "interviews:list": {Role.PLAN_OFFICE, Role.FACILITATOR},
    "questionnaires:manage": {Role.PLAN_OFFICE},
    "live:events": {Role.PLAN_OFFICE, Role.REGIA, Role.FACILITATOR},
    "analysis:index": {Role.PLAN_OFFICE, Role.REGIA},
    "admin:index": {Role.PLAN_OFFICE},
}


@pytest.mark.parametrize("role", [Role.PLAN_OFFICE, Role.REGIA, Role.FACILITATOR])
def test_staff_roles_see_exactly_the_tools_of_their_role_in_the_workspace(make_user, role):
    client = Client()
    client.force_login(make_user(role, is_staff=role == Role.PLAN_OFFICE))
    page = client.get(reverse("core:workspace"))
    assert page.status_code == 200
    html = page.content.decode()
    for name, roles in TOOLS.items():
        assert (f'href="{reverse(name)}"' in html) == (role in roles), name


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.STAKEHOLDER, Role.PORTAVOCE])
def test_participants_have_no_workspace_and_no_menu_item(make_user, role):
    client = Client()
    client.force_login(make_user(role))
    assert client.get(reverse("core:workspace")).status_code == 403
    assert reverse("core:workspace") not in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page():
    response = Client().get(reverse("core:workspace"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_public_menu_leads_to_the_process_contributions_events_and_questionnaires(db):
    html = Client().get("/").content.decode()
    for name in ("process:list", "participation:list", "events:list", "questionnaires:list"):
        assert f'href="{reverse(name)}"' in html
