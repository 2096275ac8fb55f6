"""The board's forms that list themes open on demand: inside the board with htmx, as a page without it."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.live import services
from trama.live.models import IdeaTheme, Theme
from trama.plans.models import Action, Strategy


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def themes(event, member) -> list[Theme]:
    return [services.theme_create(event=event, label=label, by=member) for label in ("Mobilità", "Scuola", "Lavoro")]


@pytest.fixture
def action(event) -> Action:
    strategy = Strategy.objects.filter(axis__plan_id=event.plan_id).order_by("code")[0]
    return Action.objects.create(strategy=strategy, code="1.1.1", title="Corse serali dei bus", is_sample=True)


@pytest.fixture
def idea(table):
    return services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Bus <b>serali</b> in valle").idea


def actions_url(event, idea, origin=None) -> str:
    url = reverse("live:idea_actions", kwargs={"slug": event.slug, "idea_id": idea.pk})
    return f"{url}?da={origin.pk}" if origin is not None else url


def test_moving_an_idea_offers_the_other_themes_and_both_buttons(event, idea, themes, member):
    services.idea_theme_add(idea=idea, theme=themes[0], by=member)
    response = client_for(member).get(actions_url(event, idea, themes[0]), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment for the board
    assert ">Scuola<" in html and ">Lavoro<" in html and ">Mobilità<" not in html
    assert f'name="from" value="{themes[0].pk}"' in html and "Anche lì" in html
    assert "Bus &lt;b&gt;serali&lt;/b&gt;" in html


def test_the_move_form_works_without_javascript(event, idea, themes, member):
    services.idea_theme_add(idea=idea, theme=themes[0], by=member)
    client = client_for(member)
    page = client.get(actions_url(event, idea, themes[0])).content.decode()
    assert "<html" in page and "csrfmiddlewaretoken" in page and "Sposta o copia l&#x27;idea" in page
    response = client.post(
        reverse("live:idea_theme_add", kwargs={"slug": event.slug}),
        {"idea": idea.pk, "theme": themes[1].pk, "from": themes[0].pk},
    )
    assert response.status_code == 302
    assert list(IdeaTheme.objects.filter(idea=idea).values_list("theme__label", flat=True)) == ["Scuola"]


def test_an_unthemed_idea_is_offered_every_theme(event, idea, themes, member):
    html = client_for(member).get(actions_url(event, idea), headers={"HX-Request": "true"}).content.decode()
    assert all(f">{t.label}<" in html for t in themes)
    assert 'name="from"' not in html and "Aggiungi" in html


def test_an_idea_of_another_event_is_not_found(event, idea, member):
    from trama.live.tests.factories import make_live_event
    from trama.plans.models import PlanVersion

    other = make_live_event(slug="altro", plan=PlanVersion.objects.get())
    services.regia_member_set(event=other, user=member)
    url = reverse("live:idea_actions", kwargs={"slug": other.slug, "idea_id": idea.pk})
    assert client_for(member).get(url).status_code == 404


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.FACILITATOR, Role.REGIA])
def test_people_outside_the_regia_cannot_open_the_forms(event, idea, themes, make_user, role):
    outsider = client_for(make_user(role, username=f"fuori-{role}"))
    theme_url = reverse("live:theme_edit", kwargs={"slug": event.slug, "theme_id": themes[0].pk})
    for url in (actions_url(event, idea), theme_url):
        response = outsider.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 403
        assert "Mobilità" not in response.content.decode()


def test_editing_a_theme_offers_merge_split_and_links_but_never_the_dissent_lane(event, table, themes, member, action):
    for n in range(2):
        new = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Corse {n} della sera").idea
        services.idea_theme_add(idea=new, theme=themes[0], by=member)
    strategy = action.strategy
    services.theme_links_set(theme=themes[0], strategies=[strategy], actions=[action], by=member)
    url = reverse("live:theme_edit", kwargs={"slug": event.slug, "theme_id": themes[0].pk})
    html = client_for(member).get(url, headers={"HX-Request": "true"}).content.decode()
    lane = Theme.objects.get(event=event, is_dissent=True)
    assert f'name="others" value="{themes[1].pk}"' in html and f'name="others" value="{lane.pk}"' not in html
    assert f'name="others" value="{themes[0].pk}"' not in html
    assert html.count('name="ideas"') == 2 and "Corse 1 della sera" in html
    assert f'<option value="{strategy.pk}" selected>' in html and f'<option value="{action.pk}" selected>' in html


def test_linking_from_the_edit_form_keeps_the_actions_chosen(event, themes, member, action):
    strategy = action.strategy
    url = reverse("live:theme_links", kwargs={"slug": event.slug, "theme_id": themes[0].pk})
    response = client_for(member).post(
        url, {"strategies": [strategy.pk], "actions": [action.pk]}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert list(themes[0].actions.all()) == [action] and list(themes[0].strategies.all()) == [strategy]
