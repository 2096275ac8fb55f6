"""Who may open the analysis pages and act on them: a role × view matrix."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.analysis.models import LinkState, StrategyLink, TextUnit

PAGES = [
    ("analysis:index", {}),
    ("analysis:board", {"corpus": "valli"}),
    ("analysis:similar", {"corpus": "valli"}),
    ("analysis:text", {"corpus": "valli", "text_id": 0}),
]
ACTIONS = [
    ("analysis:link_confirm", {"corpus": "valli", "text_id": 0, "link_id": 0}),
    ("analysis:link_reject", {"corpus": "valli", "text_id": 0, "link_id": 0}),
    ("analysis:link_choose", {"corpus": "valli", "text_id": 0}),
    ("analysis:text_no_strategy", {"corpus": "valli", "text_id": 0}),
    ("analysis:duplicate_merge", {"corpus": "valli", "text_id": 0}),
    ("analysis:themes_recluster", {"corpus": "valli"}),
    ("analysis:themes_merge", {"corpus": "valli"}),
    ("analysis:theme_rename", {"corpus": "valli", "theme_id": 0}),
    ("analysis:theme_split", {"corpus": "valli", "theme_id": 0}),
]
REVIEWERS = [Role.REGIA, Role.PLAN_OFFICE]
OTHERS = [Role.CITIZEN, Role.STAKEHOLDER, Role.MUNICIPAL, Role.PORTAVOCE, Role.CABINA_DI_REGIA, Role.FACILITATOR]


@pytest.fixture
def suggested_text(analysed_text) -> TextUnit:
    text = analysed_text("Servono più autobus serali tra le valli e Torino.")
    assert text.links.exists()
    return text


def _url(name: str, kwargs: dict, text: TextUnit) -> str:
    kwargs = dict(kwargs)
    if "text_id" in kwargs:
        kwargs["text_id"] = text.pk
    if "link_id" in kwargs:
        kwargs["link_id"] = text.links.first().pk
    return reverse(name, kwargs=kwargs)


def _client_for(make_user, role: str | None) -> Client:
    client = Client()
    if role is not None:
        client.force_login(make_user(role, username=f"u-{role}"))
    return client


@pytest.mark.parametrize(("name", "kwargs"), PAGES + ACTIONS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(suggested_text, name, kwargs):
    url = _url(name, kwargs, suggested_text)
    client = Client()
    response = client.post(url) if (name, kwargs) in ACTIONS else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize(("name", "kwargs"), PAGES + ACTIONS)
def test_a_person_without_the_review_permission_gets_a_403(suggested_text, make_user, role, name, kwargs):
    client = _client_for(make_user, role)
    url = _url(name, kwargs, suggested_text)
    response = client.post(url) if (name, kwargs) in ACTIONS else client.get(url)
    assert response.status_code == 403


@pytest.mark.parametrize("role", REVIEWERS)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_the_regia_and_the_plan_office_open_every_page(suggested_text, make_user, role, name, kwargs):
    response = _client_for(make_user, role).get(_url(name, kwargs, suggested_text))
    assert response.status_code == 200


@pytest.mark.parametrize("role", REVIEWERS)
def test_the_regia_and_the_plan_office_can_confirm_a_suggestion(suggested_text, make_user, role):
    link = suggested_text.links.first()
    url = reverse("analysis:link_confirm", args=["valli", suggested_text.pk, link.pk])
    response = _client_for(make_user, role).post(url)
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == "confirmed"


def test_a_refused_action_changes_nothing(suggested_text, citizen_client):
    url = reverse("analysis:text_no_strategy", args=["valli", suggested_text.pk])
    assert citizen_client.post(url).status_code == 403
    suggested_text.refresh_from_db()
    assert suggested_text.link_state != LinkState.NONE
    assert not StrategyLink.objects.filter(status="rejected").exists()


def test_actions_refuse_a_get(suggested_text, plan_office_client):
    url = reverse("analysis:text_no_strategy", args=["valli", suggested_text.pk])
    assert plan_office_client.get(url).status_code == 405


def test_an_inactive_plan_office_account_is_refused(make_user):
    client = _client_for(make_user, None)
    client.force_login(make_user(Role.PLAN_OFFICE, username="ex-ufficio", is_active=False))
    response = client.get(reverse("analysis:index"))
    assert response.status_code in (302, 403)


def test_the_analysis_tool_is_offered_in_the_workspace_to_the_plan_office_only(
    analysis_plan, plan_office_client, citizen_client
):
    url = reverse("analysis:index")
    workspace = reverse("core:workspace")
    assert f'href="{url}"' in plan_office_client.get(workspace).content.decode()
    assert citizen_client.get(workspace).status_code == 403
    assert f'href="{workspace}"' not in Client().get("/").content.decode()
