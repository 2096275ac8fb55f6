"""Casting and changing ballots: each poll kind's rules, one ballot per badge, closed polls refuse."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from trama.live.services import live_event_setup
from trama.votes import services
from trama.votes.models import Ballot, BallotChoice, PollKind


def _messages(exc: ValidationError) -> str:
    return " ".join(m for ms in exc.message_dict.values() for m in ms)


def test_an_approval_ballot_counts_one_for_each_chosen_option(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.APPROVAL)
    a, b, *_ = option_ids(poll)
    ballot = services.ballot_submit(token=tokens["A"][0], poll=poll, choices={a: 1, b: 1})
    assert sorted(ballot.choices.values_list("value", flat=True)) == [1, 1]


def test_an_empty_approval_ballot_is_refused_in_italian(make_poll, tokens):
    poll = make_poll(PollKind.APPROVAL)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=tokens["A"][0], poll=poll, choices={})
    assert "Scegli almeno un'opzione" in _messages(exc.value)


def test_approval_respects_the_maximum_number_of_choices(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.APPROVAL, max_choices=2)
    ids = option_ids(poll)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=tokens["A"][0], poll=poll, choices=dict.fromkeys(ids[:3], 1))
    assert "al massimo 2 opzioni" in _messages(exc.value)


def test_dots_cannot_exceed_the_dots_each_person_has(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.DOTS, dots=5, max_per_option=3)
    a, b, c, _d = option_ids(poll)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=tokens["A"][0], poll=poll, choices={a: 3, b: 2, c: 1})
    assert "Hai usato 6 bollini: ne hai a disposizione 5" in _messages(exc.value)


def test_dots_on_one_option_are_capped_and_the_error_names_that_option(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.DOTS, dots=5, max_per_option=2)
    a, *_ = option_ids(poll)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=tokens["A"][0], poll=poll, choices={a: 3})
    assert exc.value.message_dict[services.option_field(a)] == ["Al massimo 2 bollini sulla stessa opzione."]


def test_a_valid_dots_ballot_stores_the_dots(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.DOTS, dots=5, max_per_option=3)
    a, b, *_ = option_ids(poll)
    ballot = services.ballot_submit(token=tokens["A"][0], poll=poll, choices={a: 3, b: 2})
    assert dict(ballot.choices.values_list("option_id", "value")) == {a: 3, b: 2}


def test_points_must_sum_to_one_hundred(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.POINTS)
    a, b, *_ = option_ids(poll)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=tokens["A"][0], poll=poll, choices={a: 60, b: 30})
    assert "I punti devono sommare a 100: ora sono 90." in _messages(exc.value)


def test_points_are_never_negative(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.POINTS)
    a, b, *_ = option_ids(poll)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=tokens["A"][0], poll=poll, choices={a: 110, b: -10})
    assert exc.value.message_dict[services.option_field(b)] == ["Il valore non può essere negativo."]


def test_a_ranking_needs_exactly_the_top_k_positions_once_each(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.RANKING, top_k=3)
    a, b, c, d = option_ids(poll)
    token = tokens["A"][0]
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=token, poll=poll, choices={a: 1, b: 2})
    assert "Ordina esattamente 3 opzioni" in _messages(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=token, poll=poll, choices={a: 1, b: 1, c: 2})
    assert "Ogni posizione va data a una sola opzione" in _messages(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=token, poll=poll, choices={a: 1, b: 2, c: 4})
    assert "Le posizioni vanno da 1 a 3" in _messages(exc.value)
    ballot = services.ballot_submit(token=token, poll=poll, choices={a: 2, b: 1, d: 3})
    # Borda: first of 3 scores 3, last scores 1.
    assert dict(ballot.choices.values_list("option_id", "value")) == {b: 3, a: 2, d: 1}


def test_an_option_of_another_poll_is_refused(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.APPROVAL)
    with pytest.raises(ValidationError) as exc:
        services.ballot_submit(token=tokens["A"][0], poll=poll, choices={999999: 1})
    assert "non appartiene a questa votazione" in _messages(exc.value)


def test_changing_a_ballot_updates_the_same_row_and_its_changed_at(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.APPROVAL)
    a, b, *_ = option_ids(poll)
    token = tokens["A"][0]
    first = services.ballot_submit(token=token, poll=poll, choices={a: 1})
    second = services.ballot_submit(token=token, poll=poll, choices={b: 1})
    assert first.pk == second.pk
    assert second.changed_at >= first.changed_at
    assert second.changes == 1
    assert Ballot.objects.filter(poll=poll, token=token).count() == 1
    assert list(BallotChoice.objects.filter(ballot=second).values_list("option_id", flat=True)) == [b]


def test_a_closed_poll_refuses_new_and_changed_ballots(make_poll, tokens, option_ids, lead):
    poll = make_poll(PollKind.APPROVAL)
    a, b, *_ = option_ids(poll)
    services.ballot_submit(token=tokens["A"][0], poll=poll, choices={a: 1})
    services.poll_close(poll=poll, by=lead)
    for token in (tokens["A"][0], tokens["A"][1]):
        with pytest.raises(ValidationError) as exc:
            services.ballot_submit(token=token, poll=poll, choices={b: 1})
        assert "La votazione è chiusa" in " ".join(exc.value.messages)
    assert BallotChoice.objects.get(ballot__token=tokens["A"][0]).option_id == a


def test_a_poll_in_preparation_refuses_ballots(make_poll, tokens, option_ids):
    poll = make_poll(PollKind.APPROVAL, open_it=False)
    with pytest.raises(ValidationError):
        services.ballot_submit(token=tokens["A"][0], poll=poll, choices={option_ids(poll)[0]: 1})


def test_a_badge_of_another_event_cannot_vote(make_poll, make_user, option_ids):
    poll = make_poll(PollKind.APPROVAL)
    lead = make_user("regia", username="altra-regia")
    other = live_event_setup(title="Altra giornata", slug="altra", letters="A", tables_per_venue=1, leads=[lead])
    stranger = services.tokens_issue(venue=other.venues.get(), count=1, by=lead)[0]
    with pytest.raises(PermissionDenied):
        services.ballot_submit(token=stranger, poll=poll, choices={option_ids(poll)[0]: 1})
    assert not Ballot.objects.filter(poll=poll).exists()


def test_the_database_keeps_one_ballot_per_badge_and_poll(make_poll, tokens):
    poll = make_poll(PollKind.APPROVAL)
    from django.utils import timezone

    Ballot.objects.create(poll=poll, token=tokens["A"][0], changed_at=timezone.now())
    with pytest.raises(IntegrityError):
        Ballot.objects.create(poll=poll, token=tokens["A"][0], changed_at=timezone.now())
