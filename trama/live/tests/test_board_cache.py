"""The theme board fragment is shared by the regia screens: cached per board version and role. A change by
the regia is never served stale; new ideas reach a cached board within LIVE_BOARD_FRESH_SECONDS."""

from __future__ import annotations

import time
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.live import services, views
from trama.live.models import IdeaTheme, Theme


def client_for(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def board_url(event) -> str:
    return reverse("live:board", kwargs={"slug": event.slug})


def board_of(client: Client, event) -> str:
    response = client.get(board_url(event), headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def second_member(event, make_user):
    user = make_user(Role.REGIA, username="regia-seconda")
    services.regia_member_set(event=event, user=user, is_lead=False)
    return user


@pytest.fixture
def theme(event, lead) -> Theme:
    return services.theme_create(event=event, label="Trasporti tra le valli", by=lead)


def test_two_regia_members_get_the_same_board_without_a_csrf_token(event, table, theme, member, second_member):
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Più corse serali in valle")
    first, second = board_of(client_for(member), event), board_of(client_for(second_member), event)
    assert first == second
    assert "Trasporti tra le valli" in first and "Più corse serali in valle" in first
    assert "csrfmiddlewaretoken" not in first


def test_the_lead_sees_the_publish_button_and_a_member_does_not(event, theme, lead, member):
    assert "Pubblica" in board_of(client_for(lead), event)
    assert "Pubblica" not in board_of(client_for(member), event)


def test_the_regia_page_gives_htmx_the_csrf_token_outside_the_board(event, theme, member):
    page = client_for(member).get(reverse("live:regia", kwargs={"slug": event.slug})).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert page.index("hx-headers") < page.index('id="temi"')


def test_a_theme_rename_shows_on_the_next_fetch(event, theme, member):
    client = client_for(member)
    assert "Trasporti tra le valli" in board_of(client, event)
    services.theme_rename(theme=theme, label="Autobus della sera", by=member)
    board = board_of(client, event)
    assert "Autobus della sera" in board and "Trasporti tra le valli" not in board


def test_a_new_idea_shows_on_the_next_fetch_when_the_board_is_not_held(event, table, theme, member, settings):
    settings.LIVE_BOARD_FRESH_SECONDS = 0
    client = client_for(member)
    assert "Sentieri segnati per le scuole" not in board_of(client, event)
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Sentieri segnati per le scuole")
    assert "Sentieri segnati per le scuole" in board_of(client, event)


def test_new_ideas_reach_a_cached_board_once_its_freshness_window_has_passed(
    event, table, theme, member, settings, monkeypatch
):
    settings.LIVE_BOARD_FRESH_SECONDS = 30
    client = client_for(member)
    board_of(client, event)
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Sentieri segnati per le scuole")
    assert "Sentieri segnati per le scuole" not in board_of(client, event)  # the screens share the render
    later = time.time() + 31
    monkeypatch.setattr(views.time, "time", lambda: later)
    assert "Sentieri segnati per le scuole" in board_of(client, event)


def test_a_change_by_the_regia_is_shown_at_once_even_within_the_window(event, table, theme, member, settings):
    settings.LIVE_BOARD_FRESH_SECONDS = 300
    client = client_for(member)
    idea = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Sentieri segnati per le scuole").idea
    board_of(client, event)
    other = services.theme_create(event=event, label="Scuole e sentieri", by=member)
    services.idea_theme_add(idea=idea, theme=other, by=member)
    board = board_of(client, event)
    assert "Scuole e sentieri" in board
    assert board.index("Sentieri segnati per le scuole") > board.index("Scuole e sentieri")


def test_the_board_stays_light_however_many_themes(event, table, member):
    """Forms that list every theme (move, merge, link) open on demand: the shared board carries none."""
    themes = [services.theme_create(event=event, label=f"Tema numero {n}", by=member) for n in range(15)]
    for n, t in enumerate(themes):
        idea = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Idea {n}").idea
        services.idea_theme_add(idea=idea, theme=t, by=member)
    board = board_of(client_for(member), event)
    assert "<select" not in board and 'name="others"' not in board
    assert board.count("Sposta o copia") == IdeaTheme.objects.filter(theme__event=event).count()  # one per idea shown
    assert board.count("Modifica il tema") == 16  # and the dissent lane


def test_a_publication_shows_on_the_next_fetch(event, theme, lead):
    client = client_for(lead)
    assert "Ritira" not in board_of(client, event)
    services.theme_publish(theme=theme, by=lead)
    assert "Ritira" in board_of(client, event)


def test_a_theme_created_by_htmx_post_comes_back_in_the_answer(event, theme, member):
    client = client_for(member)
    board_of(client, event)
    token = client.get(reverse("live:regia", kwargs={"slug": event.slug})).cookies["csrftoken"].value
    response = client.post(
        reverse("live:theme_create", kwargs={"slug": event.slug}),
        {"label": "Scuole aperte il pomeriggio"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert "Scuole aperte il pomeriggio" in response.content.decode()
    assert "Scuole aperte il pomeriggio" in board_of(client, event)


@pytest.mark.parametrize("role", [Role.REGIA, Role.CITIZEN, Role.FACILITATOR, Role.STAKEHOLDER])
def test_people_outside_the_regia_get_403_even_when_the_board_is_cached(event, theme, member, make_user, role):
    board_of(client_for(member), event)
    outsider = make_user(role, username=f"fuori-{role}")
    response = client_for(outsider).get(board_url(event), headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert "Trasporti tra le valli" not in response.content.decode()


def test_a_cached_board_is_served_in_a_few_queries(event, table, theme, member, django_assert_max_num_queries):
    for n in range(30):
        services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Idea numero {n} sui trasporti")
    client = client_for(member)
    board_of(client, event)
    with django_assert_max_num_queries(8):
        board = board_of(client, event)
    assert "Idea numero 29 sui trasporti" in board
