"""The participant's page: the optional first question, the open poll, errors in Italian on the fields."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trama.actors.models import ActorCategory
from trama.votes import services
from trama.votes.models import Ballot, PollKind


@pytest.fixture
def badge(tokens):
    return tokens["A"][0]


def _vote_url(token) -> str:
    return reverse("votes:vote", kwargs={"token": token.token})


def test_an_unknown_badge_gets_a_404(db):
    assert Client().get("/voti/" + "x" * 22 + "/").status_code == 404


def test_the_first_visit_asks_the_optional_question(badge):
    html = Client().get(_vote_url(badge)).content.decode()
    assert "una domanda facoltativa" in html
    assert "Salta la domanda" in html


def test_answering_the_question_stores_category_and_then_shows_the_poll(badge, make_poll):
    poll = make_poll(PollKind.APPROVAL)
    client = Client()
    response = client.post(
        reverse("votes:profile", kwargs={"token": badge.token}), {"zona": "", "category": ActorCategory.STAKEHOLDER}
    )
    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.category == ActorCategory.STAKEHOLDER and badge.profile_answered_at is not None
    html = client.get(_vote_url(badge)).content.decode()
    assert poll.title in html
    assert "Trasporti nelle valli" in html


def test_skipping_the_question_leaves_no_answer(badge):
    Client().post(reverse("votes:profile", kwargs={"token": badge.token}), {"skip": "1"})
    badge.refresh_from_db()
    assert badge.profile_answered_at is not None and badge.category == "" and badge.zona is None


def test_a_bad_category_gets_an_italian_error_linked_to_its_field(badge):
    response = Client().post(reverse("votes:profile", kwargs={"token": badge.token}), {"category": "robot"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Scegli una categoria dall&#x27;elenco." in html
    assert 'aria-describedby="id_category_errors"' in html


@pytest.fixture
def answered(badge):
    services.token_profile_set(token=badge, zona=None, category="")
    return badge


def test_without_an_open_poll_the_page_waits_and_refreshes_itself(answered):
    html = Client().get(_vote_url(answered)).content.decode()
    assert "Nessuna votazione aperta" in html
    assert 'hx-trigger="every 10s"' in html


def test_voting_stores_the_ballot_and_confirms_it(answered, make_poll, option_ids):
    poll = make_poll(PollKind.APPROVAL)
    a, b, *_ = option_ids(poll)
    client = Client()
    response = client.post(
        reverse("votes:ballot", kwargs={"token": answered.token, "poll_id": poll.pk}),
        {f"opt_{a}": "on", f"opt_{b}": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert "Voto registrato" in html
    assert "Hai già votato" in html
    assert Ballot.objects.get(poll=poll, token=answered).choices.count() == 2


def test_points_that_do_not_sum_to_100_are_refused_with_the_sum(answered, make_poll, option_ids):
    poll = make_poll(PollKind.POINTS)
    a, b, *_ = option_ids(poll)
    response = Client().post(
        reverse("votes:ballot", kwargs={"token": answered.token, "poll_id": poll.pk}),
        {f"opt_{a}": "50", f"opt_{b}": "20"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "I punti devono sommare a 100: ora sono 70." in html
    assert 'value="50"' in html  # what the person typed stays
    assert not Ballot.objects.filter(poll=poll).exists()


def test_too_many_dots_on_one_option_mark_that_field(answered, make_poll, option_ids):
    poll = make_poll(PollKind.DOTS, dots=5, max_per_option=2)
    a, *_ = option_ids(poll)
    html = (
        Client()
        .post(reverse("votes:ballot", kwargs={"token": answered.token, "poll_id": poll.pk}), {f"opt_{a}": "3"})
        .content.decode()
    )
    assert "Il valore massimo è 2." in html
    assert f'aria-describedby="id_opt_{a}_errors"' in html


def test_text_instead_of_a_number_is_an_error_not_a_crash(answered, make_poll, option_ids):
    poll = make_poll(PollKind.POINTS)
    a, *_ = option_ids(poll)
    response = Client().post(
        reverse("votes:ballot", kwargs={"token": answered.token, "poll_id": poll.pk}), {f"opt_{a}": "cento"}
    )
    assert response.status_code == 400
    assert "Scrivi un numero intero." in response.content.decode()


def test_a_ranking_ballot_shows_the_positions_again_to_change_them(answered, make_poll, option_ids):
    poll = make_poll(PollKind.RANKING, top_k=2)
    a, b, *_ = option_ids(poll)
    client = Client()
    url = reverse("votes:ballot", kwargs={"token": answered.token, "poll_id": poll.pk})
    client.post(url, {f"opt_{a}": "2", f"opt_{b}": "1"})
    html = client.get(_vote_url(answered)).content.decode()
    assert '<option value="2" selected>2°</option>' in html
    assert "Cambia il voto" in html


def test_a_closed_poll_refuses_the_ballot_with_a_message(answered, make_poll, option_ids, lead):
    poll = make_poll(PollKind.APPROVAL)
    services.poll_close(poll=poll, by=lead)
    response = Client().post(
        reverse("votes:ballot", kwargs={"token": answered.token, "poll_id": poll.pk}),
        {f"opt_{option_ids(poll)[0]}": "on"},
        follow=True,
    )
    assert "La votazione è chiusa" in response.content.decode()
    assert not Ballot.objects.filter(poll=poll).exists()


def test_a_badge_cannot_vote_in_another_event_s_poll(answered, make_user, option_ids):
    from trama.live.services import live_event_setup

    other_lead = make_user("regia", username="altra-lead")
    other = live_event_setup(title="Altra", slug="altra", letters="A", tables_per_venue=1, leads=[other_lead])
    options = [services.OptionSpec(label="Uno"), services.OptionSpec(label="Due")]
    poll = services.poll_create(event=other, title="Altrui", kind=PollKind.APPROVAL, options=options, by=other_lead)
    services.poll_open(poll=poll, by=other_lead)
    response = Client().post(
        reverse("votes:ballot", kwargs={"token": answered.token, "poll_id": poll.pk}),
        {f"opt_{option_ids(poll)[0]}": "on"},
    )
    assert response.status_code == 404
    assert not Ballot.objects.filter(poll=poll).exists()


def test_the_closed_day_thanks_and_links_the_report(answered, closed_event):
    html = Client().get(_vote_url(answered)).content.decode()
    assert "La giornata è chiusa" in html
    assert reverse("reports:live_day", kwargs={"slug": closed_event.slug}) in html


def test_the_vote_page_speaks_english_under_en(answered, make_poll):
    make_poll(PollKind.POINTS)
    html = Client().get("/en" + _vote_url(answered)).content.decode()
    assert "Spread 100 points over the options: the total must be 100." in html
    assert "Points given" in html


def test_the_ballot_page_is_light_for_phones_on_venue_wifi(badge):
    html = Client().get(_vote_url(badge)).content.decode()
    assert "bootstrap-italia.bundle" not in html  # 295 KB gzip a phone does not download
    assert 'id="nav-main"' not in html and 'id="header-search"' not in html
    assert "bootstrap-italia.min" in html and '"Titillium Web"' in html  # the same look, its fonts declared
