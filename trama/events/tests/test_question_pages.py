from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.events import services
from trama.events.models import Question, QuestionStatus
from trama.events.services import ModerationAction
from trama.events.tests.factories import make_event
from trama.events.views import VOTER_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return make_event(questions_open=True)


def ask(client: Client, event, text: str = "Come si partecipa online?", **extra):
    return client.post(reverse("events:questions", args=[event.pk]), {"text": text, **extra})


def test_a_participant_asks_a_question_and_sees_it_listed(client, event):
    response = ask(client, event, author_name="Anna")
    assert response.status_code == 302
    assert VOTER_COOKIE in response.cookies
    html = client.get(reverse("events:questions", args=[event.pk])).content.decode()
    assert "Come si partecipa online?" in html and "Anna" in html
    assert Question.objects.get().voter_id


def test_an_empty_question_gets_an_italian_error_on_its_field(client, event):
    response = ask(client, event, text="")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Scrivi la domanda." in html
    assert 'aria-describedby="id_text_errors"' in html


def test_the_rate_limit_answers_with_a_message_on_the_field(client, event):
    for n in range(services.QUESTION_RATE_LIMIT):
        ask(client, event, text=f"Domanda {n}")
    response = ask(client, event, text="Troppo")
    assert response.status_code == 422
    assert "riprova tra un minuto" in response.content.decode()
    assert Question.objects.count() == services.QUESTION_RATE_LIMIT


def test_a_browser_votes_once_and_another_browser_can_vote_too(event):
    question = services.question_ask(event=event, text="Domanda", voter_id="a" * 32)
    first, second = Client(), Client()
    url = reverse("events:question_vote", args=[event.pk, question.pk])
    first.get(reverse("events:questions", args=[event.pk]))
    first.post(url)
    first.post(url)
    response = second.post(url, HTTP_HX_REQUEST="true")
    question.refresh_from_db()
    assert question.vote_count == 2
    assert "Hai votato questa domanda" in response.content.decode()


def test_a_forged_voter_cookie_gets_a_fresh_id(client, event):
    client.cookies[VOTER_COOKIE] = "forged"
    response = client.get(reverse("events:questions", args=[event.pk]))
    assert response.cookies[VOTER_COOKIE].value != "forged"


def test_hidden_questions_never_appear_on_public_pages_nor_the_json_state(client, event, make_user):
    question = services.question_ask(event=event, text="Testo da nascondere", voter_id="a" * 32)
    services.question_moderate(question=question, action=ModerationAction.HIDE, by=make_user(Role.REGIA))
    for name in ("events:questions", "events:questions_screen", "events:questions_state"):
        assert "Testo da nascondere" not in client.get(reverse(name, args=[event.pk])).content.decode()
    assert client.post(reverse("events:question_vote", args=[event.pk, question.pk])).status_code == 404


def test_question_text_is_escaped_everywhere(client, event, make_user):
    question = services.question_ask(event=event, text="<img src=x onerror=alert(1)>", voter_id="a" * 32)
    services.question_moderate(question=question, action=ModerationAction.SCREEN, by=make_user(Role.REGIA))
    for name in ("events:questions", "events:questions_screen"):
        html = client.get(reverse(name, args=[event.pk])).content.decode()
        assert "<img src=x" not in html
        assert "&lt;img src=x" in html


def test_the_screen_shows_the_question_on_screen_and_a_qr_code(client, event, make_user):
    question = services.question_ask(event=event, text="Quale futuro per le valli?", voter_id="a" * 32)
    services.question_moderate(question=question, action=ModerationAction.SCREEN, by=make_user(Role.REGIA))
    html = client.get(reverse("events:questions_screen", args=[event.pk])).content.decode()
    assert "Quale futuro per le valli?" in html
    assert reverse("events:questions_qr", args=[event.pk]) in html
    qr = client.get(reverse("events:questions_qr", args=[event.pk]))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")
    state = client.get(reverse("events:questions_state", args=[event.pk])).json()
    assert state["on_screen"]["text"] == "Quale futuro per le valli?"


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.CITIZEN, 403), (Role.FACILITATOR, 403), (Role.REGIA, 200), (Role.PLAN_OFFICE, 200)],
)
def test_who_may_open_the_moderation_page_and_moderate(make_user, event, role, expected):
    question = services.question_ask(event=event, text="Domanda", voter_id="a" * 32)
    client = Client()
    if role is not None:
        client.force_login(make_user(role))
    assert client.get(reverse("events:questions_moderate", args=[event.pk])).status_code == expected
    response = client.post(
        reverse("events:question_moderate", args=[event.pk, question.pk]), {"action": ModerationAction.HIDE}
    )
    question.refresh_from_db()
    assert (question.status == QuestionStatus.HIDDEN) is (expected == 200)
    assert response.status_code == (302 if expected == 200 else expected)


def test_the_moderator_shortlists_and_puts_on_screen_with_htmx(make_user, event):
    question = services.question_ask(event=event, text="Domanda", voter_id="a" * 32)
    client = Client()
    client.force_login(make_user(Role.REGIA))
    url = reverse("events:question_moderate", args=[event.pk, question.pk])
    response = client.post(url, {"action": ModerationAction.SCREEN}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "sullo schermo" in response.content.decode()
    assert 'id="moderation-list"' in response.content.decode()
    event.refresh_from_db()
    assert event.question_on_screen_id == question.pk
    assert client.post(url, {"action": "boh"}).status_code == 302


def test_the_moderator_opens_and_closes_the_questions(make_user, client):
    event = make_event(questions_open=False)
    moderator = Client()
    moderator.force_login(make_user(Role.PLAN_OFFICE))
    assert "non sono aperte" in client.get(reverse("events:questions", args=[event.pk])).content.decode()
    moderator.post(reverse("events:questions_toggle", args=[event.pk]), {"open": "1"})
    assert 'name="text"' in client.get(reverse("events:questions", args=[event.pk])).content.decode()


def test_the_participant_list_is_served_as_a_fragment_to_htmx_in_few_queries(
    client, event, django_assert_max_num_queries
):
    for n in range(30):
        services.question_ask(event=event, text=f"Domanda {n}", voter_id=f"{n:032d}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:questions", args=[event.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="question-list"')
    assert "Domanda 29" in html


def test_the_questions_page_opened_from_the_qr_code_is_light_for_phones(client, event):
    html = client.get(reverse("events:questions", args=[event.pk])).content.decode()
    assert "bootstrap-italia.bundle" not in html and 'id="nav-main"' not in html
    assert '"Titillium Web"' in html
