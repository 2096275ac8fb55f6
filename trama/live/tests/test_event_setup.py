from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from trama.live import services
from trama.live.models import LiveEvent, LiveRound, LiveTable, RoundStatus, Theme
from trama.live.tests.factories import make_live_event, make_plan


def test_setup_creates_the_six_venues_of_seed_000_with_tables_on_the_axes(db):
    event = services.live_event_setup(
        title="Co-pianificazione", slug="co-pian", tables_per_venue=3, rounds=[("Domanda", 25)], plan=make_plan()
    )
    assert list(event.venues.values_list("letter", flat=True)) == list("ABCDEF")
    assert event.venues.get(letter="B").name == "Pinerolese"
    assert LiveTable.objects.filter(event=event).count() == 18
    assert [t.axis.number for t in event.tables.filter(venue__letter="A")] == [1, 2, 1]
    assert LiveRound.objects.get(event=event).status == RoundStatus.OPEN
    assert Theme.objects.filter(event=event, is_dissent=True).count() == 1


def test_every_table_has_its_own_secret_token(event):
    tokens = list(event.tables.values_list("token", flat=True))
    assert len(set(tokens)) == len(tokens) == 4
    assert all(len(t) >= 20 for t in tokens)


def test_rotating_a_token_makes_the_old_badge_stop_working(table):
    from trama.live.selectors import table_for_token

    old = table.token
    services.table_token_rotate(table=table)
    assert table_for_token(old) is None
    assert table_for_token(table.token) == table


def test_opening_a_round_closes_the_one_in_progress(event):
    first, second = event.rounds.order_by("number")
    services.round_open(live_round=second)
    first.refresh_from_db()
    assert first.status == RoundStatus.CLOSED
    assert event.rounds.get(status=RoundStatus.OPEN) == second


def test_a_venue_letter_appears_once_per_event(event):
    with pytest.raises(ValidationError):
        services.live_venue_add(event=event, letter="A")


def test_live_demo_command_prints_tokens_as_json(db, capsys):
    make_plan()
    call_command("live_demo", "--slug", "bench", "--tables", "2", "--regia-sessions", "2")
    data = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert data["event"] == "bench"
    assert len(data["tables"]) == 12
    assert data["tables"][0]["ws"] == f"/ws/live/t/{data['tables'][0]['token']}/"
    assert len(data["regia_sessions"]) == 2
    call_command("live_demo", "--slug", "bench", "--tables", "2")
    assert LiveEvent.objects.filter(slug="bench").count() == 1


def test_demo_load_is_idempotent_and_marked_as_sample(db):
    from trama.live.demo import demo_load

    demo_load()
    demo_load()
    event = LiveEvent.objects.get(is_sample=True)
    assert "esempio" in event.title
    assert event.tables.count() == 48


def test_factory_event_is_live(db):
    assert make_live_event(slug="x").accepts_ideas
