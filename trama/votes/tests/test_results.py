"""Results: totals per option and venue, paper tallies counted and shown apart, turnout, demographics."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trama.actors.models import ActorCategory
from trama.territory.models import ZonaOmogenea
from trama.votes import selectors, services
from trama.votes.models import PollKind, VenueCoordinator


@pytest.fixture
def dots_poll(make_poll):
    return make_poll(PollKind.DOTS, dots=5, max_per_option=3)


def test_totals_sum_the_dots_per_option_and_per_venue(dots_poll, tokens, option_ids):
    a, b, c, _d = option_ids(dots_poll)
    services.ballot_submit(token=tokens["A"][0], poll=dots_poll, choices={a: 3, b: 2})
    services.ballot_submit(token=tokens["A"][1], poll=dots_poll, choices={a: 1, c: 3})
    services.ballot_submit(token=tokens["B"][0], poll=dots_poll, choices={b: 3})
    results = selectors.poll_results(dots_poll)
    totals = {r.option.pk: r.total for r in results.options}
    assert totals[a] == 4 and totals[b] == 5 and totals[c] == 3
    assert results.options[0].option.pk == b
    by_b = next(r for r in results.options if r.option.pk == b).by_venue
    assert by_b == {"A": 2, "B": 3}


def test_turnout_is_ballots_over_badges_issued_per_venue_and_overall(dots_poll, tokens, option_ids):
    a = option_ids(dots_poll)[0]
    services.ballot_submit(token=tokens["A"][0], poll=dots_poll, choices={a: 1})
    services.ballot_submit(token=tokens["B"][0], poll=dots_poll, choices={a: 1})
    services.ballot_submit(token=tokens["B"][0], poll=dots_poll, choices={a: 2})  # a change is not a new voter
    results = selectors.poll_results(dots_poll)
    venues = {v.letter: (v.ballots, v.tokens, v.percent) for v in results.venues}
    assert venues == {"A": (1, 4, 25.0), "B": (1, 2, 50.0)}
    assert (results.ballots, results.tokens, results.percent) == (2, 6, 33.3)


def test_paper_tallies_are_counted_in_results_and_shown_apart(dots_poll, tokens, option_ids, event, lead):
    a, b, *_ = option_ids(dots_poll)
    services.ballot_submit(token=tokens["A"][0], poll=dots_poll, choices={a: 2})
    table = event.tables.get(venue__letter="B", number=1)
    services.paper_tally_set(poll=dots_poll, table=table, ballots=4, values={a: 6, b: 10}, by=lead)
    results = selectors.poll_results(dots_poll)
    row_a = next(r for r in results.options if r.option.pk == a)
    assert (row_a.electronic, row_a.paper, row_a.total) == (2, 6, 8)
    assert row_a.by_venue == {"A": 2, "B": 6}
    assert results.paper_ballots == 4
    assert results.has_paper


def test_entering_a_table_again_replaces_its_paper_tally(dots_poll, option_ids, event, lead):
    a, *_ = option_ids(dots_poll)
    table = event.tables.get(venue__letter="A", number=1)
    services.paper_tally_set(poll=dots_poll, table=table, ballots=2, values={a: 5}, by=lead)
    services.paper_tally_set(poll=dots_poll, table=table, ballots=3, values={a: 4}, by=lead)
    results = selectors.poll_results(dots_poll)
    assert next(r for r in results.options if r.option.pk == a).paper == 4
    assert results.paper_ballots == 3


def test_a_paper_tally_cannot_exceed_what_its_ballots_allow(dots_poll, option_ids, event, lead):
    a, *_ = option_ids(dots_poll)
    table = event.tables.get(venue__letter="A", number=1)
    with pytest.raises(ValidationError) as exc:
        services.paper_tally_set(poll=dots_poll, table=table, ballots=2, values={a: 7}, by=lead)
    assert "Con 2 schede un'opzione riceve al massimo 6" in exc.value.message_dict[services.option_field(a)][0]


def test_only_that_venue_s_coordinator_enters_its_tables(dots_poll, option_ids, event, make_user, member):
    a, *_ = option_ids(dots_poll)
    coordinator = make_user("facilitator", username="coordinatrice-a")
    VenueCoordinator.objects.create(venue=event.venues.get(letter="A"), user=coordinator)
    own = event.tables.get(venue__letter="A", number=1)
    other = event.tables.get(venue__letter="B", number=1)
    services.paper_tally_set(poll=dots_poll, table=own, ballots=1, values={a: 1}, by=coordinator)
    for user, table in ((coordinator, other), (member, own)):
        with pytest.raises(PermissionDenied):
            services.paper_tally_set(poll=dots_poll, table=table, ballots=1, values={a: 1}, by=user)


def test_demographics_count_ballots_by_actor_category_and_zone(dots_poll, tokens, option_ids, db):
    zona = ZonaOmogenea.objects.create(number=5, name="Pinerolese")
    a = option_ids(dots_poll)[0]
    services.token_profile_set(token=tokens["A"][0], zona=zona, category=ActorCategory.CITIZEN)
    services.token_profile_set(token=tokens["A"][1], zona=None, category=ActorCategory.INSTITUTION)
    for token in (tokens["A"][0], tokens["A"][1], tokens["A"][2]):
        services.ballot_submit(token=token, poll=dots_poll, choices={a: 1})
    results = selectors.poll_results(dots_poll)
    categories = {b.label: b.ballots for b in results.by_category}
    assert categories == {"Cittadinanza": 1, "Istituzione": 1, "Non indicata": 1}
    zones = {b.label: b.ballots for b in results.by_zona}
    assert zones == {"5 – Pinerolese": 1, "Non indicata": 2}


def test_results_take_a_fixed_number_of_queries_whatever_the_ballots(
    dots_poll, tokens, option_ids, django_assert_max_num_queries
):
    a, b, *_ = option_ids(dots_poll)
    for token in tokens["A"] + tokens["B"]:
        services.ballot_submit(token=token, poll=dots_poll, choices={a: 2, b: 1})
    with django_assert_max_num_queries(10):
        results = selectors.poll_results(dots_poll)
    assert results.ballots == 6


def test_the_screen_state_shows_the_open_poll_with_turnout_and_published_themes(
    dots_poll, tokens, option_ids, event, themes
):
    services.ballot_submit(token=tokens["A"][0], poll=dots_poll, choices={option_ids(dots_poll)[0]: 1})
    state = selectors.screen_state(event)
    assert state["poll"]["id"] == dots_poll.pk
    assert state["poll"]["turnout"] == {"tokens": 6, "ballots": 1, "percent": 16.7, "paper_ballots": 0}
    assert [t["label"] for t in state["themes"]] == [t.label for t in themes]
