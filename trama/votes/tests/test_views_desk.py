"""The votes desk of the regia: polls, badges, paper tallies, closing the day; and the big screen pages."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from trama.live.models import LiveEventStatus
from trama.votes import services
from trama.votes.models import ParticipantToken, Poll, PollKind, PollStatus


def test_the_lead_prepares_a_dots_poll_over_the_published_themes(lead_client, event, themes):
    response = lead_client.post(
        reverse("votes:poll_create", kwargs={"slug": event.slug}),
        {
            "title": "Priorità",
            "kind": PollKind.DOTS,
            "source": "themes",
            "dots": 5,
            "max_per_option": 2,
            "top_k": 5,
            "max_choices": 0,
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get(event=event)
    assert (poll.kind, poll.dots, poll.max_per_option, poll.options.count()) == (PollKind.DOTS, 5, 2, 4)


def test_a_poll_over_strategies_needs_strategies_chosen(lead_client, event):
    response = lead_client.post(
        reverse("votes:poll_create", kwargs={"slug": event.slug}),
        {
            "title": "Strategie",
            "kind": PollKind.APPROVAL,
            "source": "strategies",
            "dots": 5,
            "max_per_option": 3,
            "top_k": 5,
            "max_choices": 0,
        },
    )
    assert response.status_code == 400
    assert "Scegli le strategie su cui votare." in response.content.decode()


def test_a_poll_with_too_few_themes_explains_why(lead_client, event, themes):
    for theme in themes[1:]:
        theme.is_published = False
        theme.save()
    response = lead_client.post(
        reverse("votes:poll_create", kwargs={"slug": event.slug}),
        {
            "title": "Poche",
            "kind": PollKind.APPROVAL,
            "source": "themes",
            "dots": 5,
            "max_per_option": 3,
            "top_k": 5,
            "max_choices": 0,
        },
    )
    assert response.status_code == 400
    assert "da 2 a 20 opzioni" in response.content.decode()


def test_the_lead_opens_and_closes_a_poll_from_the_desk(lead_client, event, make_poll):
    poll = make_poll(open_it=False)
    lead_client.post(reverse("votes:poll_switch", kwargs={"slug": event.slug, "poll_id": poll.pk, "action": "apri"}))
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN
    lead_client.post(reverse("votes:poll_switch", kwargs={"slug": event.slug, "poll_id": poll.pk, "action": "chiudi"}))
    poll.refresh_from_db()
    assert poll.status == PollStatus.CLOSED


def test_the_desk_lists_polls_in_few_queries(lead_client, event, make_poll, django_assert_max_num_queries):
    make_poll(title="Prima")
    for n in range(5):
        make_poll(title=f"Bozza {n}", open_it=False)
    with django_assert_max_num_queries(25):
        response = lead_client.get(reverse("votes:desk", kwargs={"slug": event.slug}))
    html = response.content.decode()
    assert "Bozza 4" in html and "Prima" in html


def test_issuing_badges_prints_one_qr_code_each(lead_client, event, venue_a):
    response = lead_client.post(
        reverse("votes:badges", kwargs={"slug": event.slug}), {"venue": venue_a.pk, "count": 3}, follow=True
    )
    html = response.content.decode()
    assert ParticipantToken.objects.filter(venue=venue_a).count() == 3
    assert html.count("<svg") >= 3
    for token in ParticipantToken.objects.filter(venue=venue_a):
        assert token.label in html


def test_badge_numbers_continue_from_the_last_one(event, venue_a, lead):
    services.tokens_issue(venue=venue_a, count=2, by=lead)
    more = services.tokens_issue(venue=venue_a, count=2, by=lead)
    assert [t.label for t in more] == ["A-003", "A-004"]


def test_paper_tally_form_records_a_table(lead_client, event, make_poll, option_ids):
    poll = make_poll(PollKind.APPROVAL)
    a, b, *_ = option_ids(poll)
    table = event.tables.get(venue__letter="A", number=2)
    url = reverse("votes:paper_tally", kwargs={"slug": event.slug, "poll_id": poll.pk})
    response = lead_client.post(url, {"table": table.pk, "ballots": 3, f"opt_{a}": 3, f"opt_{b}": 1}, follow=True)
    assert "Spoglio cartaceo del tavolo A2 registrato." in response.content.decode()
    assert poll.paper_tallies.get().lines.count() == 2


def test_paper_tally_errors_stay_on_the_form(lead_client, event, make_poll, option_ids):
    poll = make_poll(PollKind.APPROVAL)
    a, *_ = option_ids(poll)
    table = event.tables.get(venue__letter="A", number=2)
    url = reverse("votes:paper_tally", kwargs={"slug": event.slug, "poll_id": poll.pk})
    response = lead_client.post(url, {"table": table.pk, "ballots": 2, f"opt_{a}": 5})
    assert response.status_code == 400
    assert "Con 2 schede un&#x27;opzione riceve al massimo 2." in response.content.decode()


def test_closing_the_day_closes_polls_and_the_event_and_builds_the_report(
    lead_client, event, make_poll, django_capture_on_commit_callbacks
):
    poll = make_poll()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("votes:day_close", kwargs={"slug": event.slug}))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:live_day", kwargs={"slug": event.slug})
    event.refresh_from_db()
    poll.refresh_from_db()
    assert event.status == LiveEventStatus.CLOSED
    assert poll.status == PollStatus.CLOSED
    page = lead_client.get(response["Location"]).content.decode()
    assert "Leggi il report" in page


def test_the_screen_shows_turnout_and_results(event, make_poll, tokens, option_ids):
    poll = make_poll(PollKind.APPROVAL)
    services.ballot_submit(token=tokens["A"][0], poll=poll, choices={option_ids(poll)[0]: 1})
    html = Client().get(reverse("votes:screen", kwargs={"slug": event.slug})).content.decode()
    assert poll.title in html
    assert "16,7%" in html  # Italian decimals
    assert "Trasporti nelle valli" in html
    assert f'data-ws="/ws/voti/schermo/{event.slug}/"' in html


def test_the_screen_fragment_and_state_serve_the_polling_fallback(event, make_poll):
    poll = make_poll()
    fragment = Client().get(reverse("votes:screen", kwargs={"slug": event.slug}) + "?frammento=1").content.decode()
    assert "<html" not in fragment and poll.title in fragment
    state = Client().get(reverse("votes:screen_state", kwargs={"slug": event.slug})).json()
    assert state["poll"]["id"] == poll.pk and state["type"] == "state"


def test_a_draft_event_has_no_screen(event):
    event.status = LiveEventStatus.DRAFT
    event.save()
    assert Client().get(reverse("votes:screen", kwargs={"slug": event.slug})).status_code == 404
    assert Client().get(reverse("votes:screen_state", kwargs={"slug": event.slug})).status_code == 404


def test_the_results_page_shows_totals_turnout_and_demographics(lead_client, event, make_poll, tokens, option_ids):
    from trama.actors.models import ActorCategory

    poll = make_poll(PollKind.APPROVAL)
    services.token_profile_set(token=tokens["A"][0], zona=None, category=ActorCategory.CITIZEN)
    services.ballot_submit(token=tokens["A"][0], poll=poll, choices={option_ids(poll)[0]: 1})
    html = lead_client.get(reverse("votes:poll", kwargs={"slug": event.slug, "poll_id": poll.pk})).content.decode()
    assert "Affluenza: 1 schede su 6 badge" in html
    assert "Cittadinanza" in html
    assert "Torino e area metropolitana" in html


def test_a_venue_coordinator_sees_only_the_tables_of_their_venue(event, make_poll, make_user):
    from trama.votes.models import VenueCoordinator

    from .conftest import client_for

    coordinator = make_user("facilitator", username="coord-b")
    VenueCoordinator.objects.create(venue=event.venues.get(letter="B"), user=coordinator)
    poll = make_poll()
    html = (
        client_for(coordinator)
        .get(reverse("votes:paper_tally", kwargs={"slug": event.slug, "poll_id": poll.pk}))
        .content.decode()
    )
    assert ">B1" in html and ">B2" in html
    assert ">A1" not in html
