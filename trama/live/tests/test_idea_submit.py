from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trama.live import services
from trama.live.models import Idea, LiveEventStatus, RoundStatus, Theme


def test_an_idea_is_stored_with_its_table_and_the_open_round(table):
    receipt = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="  Più autobus serali  ")
    idea = Idea.objects.get()
    assert receipt.duplicate is False
    assert idea.text == "Più autobus serali"
    assert idea.table == table
    assert idea.round is not None and idea.round.status == RoundStatus.OPEN


def test_the_same_uuid_twice_stores_one_idea_and_replays_the_first_answer(table):
    key = uuid.uuid4()
    first = services.idea_submit(table=table, client_uuid=key, text="Prima versione")
    again = services.idea_submit(table=table, client_uuid=str(key), text="Testo diverso al secondo invio")
    assert Idea.objects.count() == 1
    assert again.duplicate is True
    assert again.idea.pk == first.idea.pk
    assert again.idea.created_at == first.idea.created_at
    assert Idea.objects.get().text == "Prima versione"


def test_a_uuid_used_by_another_table_is_refused(table, other_table):
    key = uuid.uuid4()
    services.idea_submit(table=table, client_uuid=key, text="Idea del tavolo A1")
    with pytest.raises(ValidationError) as err:
        services.idea_submit(table=other_table, client_uuid=key, text="Stessa chiave")
    assert "uuid" in err.value.message_dict
    assert Idea.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"client_uuid": "non-un-uuid"}, "uuid"),
        ({"axis_id": 999999}, "axis"),
        ({"axis_id": "abc"}, "axis"),
        ({"strategy_id": 999999}, "strategy"),
        ({"round_id": 999999}, "round"),
    ],
)
def test_bad_input_gives_a_field_error_in_italian_and_stores_nothing(table, fields, error_field):
    data = {"client_uuid": uuid.uuid4(), "text": "Un'idea"} | fields
    with pytest.raises(ValidationError) as err:
        services.idea_submit(table=table, **data)
    assert error_field in err.value.message_dict
    assert Idea.objects.count() == 0


def test_a_strategy_of_the_plan_also_sets_its_axis(table):
    strategy = table.event.plan.axes.get(number=2).strategies.get()
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Scuole", strategy_id=strategy.pk)
    assert Idea.objects.get().axis == strategy.axis


def test_a_closed_event_refuses_new_ideas_but_still_replays_stored_ones(table):
    key = uuid.uuid4()
    services.idea_submit(table=table, client_uuid=key, text="Arrivata in tempo")
    services.live_event_close(event=table.event)
    table.event.refresh_from_db()
    assert table.event.status == LiveEventStatus.CLOSED
    assert services.idea_submit(table=table, client_uuid=key, text="Arrivata in tempo").duplicate is True
    with pytest.raises(PermissionDenied):
        services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Troppo tardi")
    assert Idea.objects.count() == 1


def test_a_dissent_idea_is_suggested_into_the_dissent_lane(table):
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Non siamo d'accordo", is_dissent=True)
    lane = Theme.objects.get(event=table.event, is_dissent=True)
    assert list(lane.idea_links.values_list("idea__text", flat=True)) == ["Non siamo d'accordo"]


def test_an_idea_is_suggested_into_the_theme_whose_words_it_shares(table, lead):
    buses = services.theme_create(event=table.event, label="Autobus e trasporto pubblico", by=lead)
    services.theme_create(event=table.event, label="Scuole e asili", by=lead)
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Più autobus nel trasporto serale")
    assert Idea.objects.get().theme_links.get().theme == buses


def test_the_heartbeat_records_last_seen_and_queued_count(table):
    services.table_heartbeat(table=table, queued="3")
    table.refresh_from_db()
    assert table.queued_count == 3
    assert table.last_seen_at is not None
    services.table_heartbeat(table=table, queued="molti")
    table.refresh_from_db()
    assert table.queued_count == 0


def test_an_idea_keeps_its_word_stems_for_the_theme_suggestion(table):
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Più autobus serali nelle valli")
    assert set(Idea.objects.get().terms.split()) >= {"autobus", "seral", "vall"}


def test_with_a_full_board_only_the_new_idea_is_stemmed_in_few_queries(
    table, lead, monkeypatch, django_assert_max_num_queries
):
    """600 ideas a minute with 12-20 themes: a submission must not stem the themes' recent ideas again."""
    from trama.live import themes

    for n in range(12):
        services.theme_create(event=table.event, label=f"Tema {n} trasporto pubblico", by=lead)
    for n in range(60):
        services.idea_submit(table=table, client_uuid=uuid.uuid4(), text=f"Trasporto pubblico migliore {n}")
    stemmed: list[str] = []
    real_stems = themes.stems

    def counting_stems(text: str) -> list[str]:
        stemmed.append(text)
        return real_stems(text)

    monkeypatch.setattr(themes, "stems", counting_stems)
    themes._stem_set.cache_clear()
    with django_assert_max_num_queries(8):
        receipt = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Trasporto pubblico la sera")
    old_texts = set(Idea.objects.exclude(pk=receipt.idea.pk).values_list("text", flat=True))
    assert "Trasporto pubblico la sera" in stemmed
    assert not old_texts & set(stemmed)
    assert receipt.idea.theme_links.get().theme.label.startswith("Tema")


def test_a_burst_of_ideas_reads_the_themes_vocabularies_once(table, lead, django_assert_max_num_queries):
    """At 10 ideas a second the board's vocabularies are reused for a moment, not read for every idea."""
    for n in range(12):
        services.theme_create(event=table.event, label=f"Tema {n} trasporto pubblico", by=lead)
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Trasporto pubblico migliore")
    with django_assert_max_num_queries(7):  # two fewer than the first idea: no themes, no vocabularies
        receipt = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Trasporto pubblico la sera")
    assert receipt.idea.theme_links.get().theme.label.startswith("Tema")


def test_a_theme_the_regia_has_just_created_is_suggested_at_once(table, lead):
    services.theme_create(event=table.event, label="Scuole dei piccoli comuni", by=lead)
    services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Una scuola aperta il pomeriggio")
    bikes = services.theme_create(event=table.event, label="Piste ciclabili", by=lead)
    receipt = services.idea_submit(table=table, client_uuid=uuid.uuid4(), text="Piste ciclabili tra i paesi")
    assert receipt.idea.theme_links.get().theme == bikes
