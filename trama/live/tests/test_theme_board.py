from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trama.live import services
from trama.live.models import IdeaTheme, Theme, ThemeLinkState
from trama.live.selectors import published_themes, theme_board


@pytest.fixture
def idea(table):
    return services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Piste ciclabili per il lavoro").idea


@pytest.fixture
def three_themes(event, member):
    return [services.theme_create(event=event, label=label, by=member) for label in ("Mobilità", "Lavoro", "Ambiente")]


def test_an_idea_belongs_to_at_most_two_themes(idea, three_themes, member):
    first, second, third = three_themes
    services.idea_theme_add(idea=idea, theme=first, by=member)
    services.idea_theme_add(idea=idea, theme=second, by=member)
    with pytest.raises(ValidationError, match="al massimo in 2 temi"):
        services.idea_theme_add(idea=idea, theme=third, by=member)
    assert IdeaTheme.objects.filter(idea=idea).count() == 2


def test_accepting_a_suggestion_keeps_one_link(idea, three_themes, member):
    services.idea_theme_add(idea=idea, theme=three_themes[0], by=member, state=ThemeLinkState.SUGGESTED)
    link = services.idea_theme_add(idea=idea, theme=three_themes[0], by=member)
    assert link.state == ThemeLinkState.ACCEPTED
    assert IdeaTheme.objects.filter(idea=idea).count() == 1


def test_moving_an_idea_takes_it_out_of_the_old_theme(idea, three_themes, member):
    first, second, _ = three_themes
    services.idea_theme_add(idea=idea, theme=first, by=member)
    services.idea_move(idea=idea, from_theme=first, to_theme=second, by=member)
    assert list(IdeaTheme.objects.filter(idea=idea).values_list("theme__label", flat=True)) == ["Lavoro"]


def test_merging_moves_ideas_and_strategies_and_keeps_each_idea_once(event, table, three_themes, member):
    first, second, _ = three_themes
    shared = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="In entrambi").idea
    services.idea_theme_add(idea=shared, theme=first, by=member)
    services.idea_theme_add(idea=shared, theme=second, by=member)
    strategy = event.plan.axes.get(number=1).strategies.get()
    services.theme_links_set(theme=second, strategies=[strategy], actions=[], by=member)
    services.themes_merge(target=first, others=[second], by=member)
    second.refresh_from_db()
    assert second.merged_into == first
    assert list(first.idea_links.values_list("idea__text", flat=True)) == ["In entrambi"]
    assert list(first.strategies.all()) == [strategy]
    assert [b.theme.label for b in theme_board(event)] == ["Voci di minoranza e dissenso", "Ambiente", "Mobilità"]


def test_the_dissent_lane_is_never_merged_away(event, three_themes, member):
    lane = Theme.objects.get(event=event, is_dissent=True)
    with pytest.raises(ValidationError):
        services.themes_merge(target=three_themes[0], others=[lane], by=member)
    with pytest.raises(ValidationError):
        services.themes_merge(target=lane, others=[three_themes[0]], by=member)
    lane.refresh_from_db()
    assert lane.merged_into is None


def test_splitting_moves_the_chosen_ideas_to_a_new_theme(table, three_themes, member):
    ideas = [services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Idea {n}").idea for n in range(3)]
    for i in ideas:
        services.idea_theme_add(idea=i, theme=three_themes[0], by=member)
    new = services.theme_split(theme=three_themes[0], ideas=ideas[:1], label="Ciclabili", by=member)
    assert list(new.idea_links.values_list("idea__text", flat=True)) == ["Idea 0"]
    assert three_themes[0].idea_links.count() == 2


def test_renaming_needs_a_label(three_themes, member):
    with pytest.raises(ValidationError):
        services.theme_rename(theme=three_themes[0], label="   ", by=member)
    assert services.theme_rename(theme=three_themes[0], label="Trasporti", by=member).label == "Trasporti"


def test_an_idea_in_a_theme_links_back_to_its_table(idea, three_themes, member):
    services.idea_theme_add(idea=idea, theme=three_themes[0], by=member)
    board = {b.theme.label: b for b in theme_board(idea.event)}
    assert board["Mobilità"].links[0].idea.table.code == "A1"


def test_a_theme_member_cannot_publish(three_themes, member):
    with pytest.raises(PermissionDenied):
        services.theme_publish(theme=three_themes[0], by=member)
    assert not Theme.objects.get(pk=three_themes[0].pk).is_published


def test_the_lead_publishes_and_the_theme_is_offered_to_the_big_screen(event, three_themes, lead):
    services.theme_publish(theme=three_themes[1], by=lead)
    assert [t.label for t in published_themes(event)] == ["Lavoro"]
    services.theme_publish(theme=three_themes[1], by=lead, published=False)
    assert list(published_themes(event)) == []


def test_flagging_an_idea_as_dissent_puts_it_in_the_dissent_lane(idea, member):
    services.idea_dissent_set(idea=idea, is_dissent=True, by=member)
    lane = Theme.objects.get(event=idea.event, is_dissent=True)
    assert lane.idea_links.filter(idea=idea).exists()
    services.idea_dissent_set(idea=idea, is_dissent=False, by=member)
    assert not lane.idea_links.filter(idea=idea).exists()


def test_theme_links_must_come_from_the_event_plan(event, three_themes, member):
    from trama.live.tests.factories import make_plan

    other_plan = make_plan(code="altro-piano", is_current=False)
    foreign = other_plan.axes.get(number=1).strategies.get()
    with pytest.raises(ValidationError):
        services.theme_links_set(theme=three_themes[0], strategies=[foreign], actions=[], by=member)


def test_the_board_shows_the_newest_ideas_of_a_big_theme_and_counts_them_all(table, three_themes, member):
    from trama.live.selectors import BOARD_IDEAS_PER_THEME

    for n in range(BOARD_IDEAS_PER_THEME + 5):
        idea = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Idea {n}").idea
        services.idea_theme_add(idea=idea, theme=three_themes[0], by=member)
    item = next(b for b in theme_board(table.event) if b.theme == three_themes[0])
    assert item.total == BOARD_IDEAS_PER_THEME + 5
    assert len(item.links) == BOARD_IDEAS_PER_THEME
    assert item.links[0].idea.text == f"Idea {BOARD_IDEAS_PER_THEME + 4}"
