from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trama.accounts.models import Role
from trama.events import selectors, services
from trama.events.models import Question, QuestionStatus, QuestionVote
from trama.events.services import ModerationAction
from trama.events.tests.factories import make_event

pytestmark = pytest.mark.django_db

VOTER = "a" * 32


@pytest.fixture
def event():
    return make_event(questions_open=True)


@pytest.fixture
def moderator(make_user):
    return make_user(Role.REGIA, username="regia")


def ask(event, text: str = "Come saranno coinvolti i piccoli comuni?", voter: str = VOTER, **extra) -> Question:
    return services.question_ask(event=event, text=text, voter_id=voter, **extra)


def test_a_question_is_stored_trimmed_and_shown_to_everyone(event):
    question = ask(event, "  Quando i risultati?  ", author_name=" Anna ")
    assert question.text == "Quando i risultati?"
    assert question.author_name == "Anna"
    state = selectors.questions_state(event.pk)
    assert state is not None
    assert [q["text"] for q in state["questions"]] == ["Quando i risultati?"]


def test_questions_are_refused_when_the_moderator_has_not_opened_them():
    closed = make_event(questions_open=False)
    with pytest.raises(ValidationError, match="non sono aperte"):
        ask(closed)
    assert not Question.objects.exists()


def test_empty_and_overlong_questions_are_refused_on_the_text_field(event):
    with pytest.raises(ValidationError) as empty:
        ask(event, "   ")
    assert "text" in empty.value.message_dict
    with pytest.raises(ValidationError) as long:
        ask(event, "x" * 501)
    assert "500" in long.value.message_dict["text"][0]


def test_one_browser_can_ask_only_a_few_questions_a_minute(event):
    now = timezone.now()
    for n in range(services.QUESTION_RATE_LIMIT):
        ask(event, f"Domanda {n}", now=now)
    with pytest.raises(ValidationError) as error:
        ask(event, "Ancora una", now=now)
    assert "riprova tra un minuto" in error.value.message_dict["text"][0]
    ask(event, "Un'altra persona", voter="b" * 32, now=now)
    ask(event, "Più tardi", now=now + datetime.timedelta(minutes=2))
    assert Question.objects.count() == services.QUESTION_RATE_LIMIT + 2


def test_resending_the_same_question_form_stores_it_once(event):
    key = uuid.uuid4()
    first = ask(event, client_key=key)
    second = ask(event, client_key=key)
    assert first.pk == second.pk
    assert Question.objects.count() == 1


def test_each_browser_votes_a_question_once(event):
    question = ask(event)
    assert services.question_vote(question=question, voter_id="b" * 32) is True
    assert services.question_vote(question=question, voter_id="b" * 32) is False
    assert services.question_vote(question=question, voter_id="c" * 32) is True
    question.refresh_from_db()
    assert question.vote_count == 2 == QuestionVote.objects.filter(question=question).count()


def test_the_most_voted_questions_come_first(event):
    quiet = ask(event, "Prima", voter="1" * 32)
    popular = ask(event, "Seconda", voter="2" * 32)
    services.question_vote(question=popular, voter_id="3" * 32)
    assert [q.pk for q in selectors.questions_public(event)] == [popular.pk, quiet.pk]


def test_hidden_questions_never_reach_the_public_state_nor_the_screen(event, moderator):
    question = ask(event, "Spam")
    services.question_moderate(question=question, action=ModerationAction.SCREEN, by=moderator)
    before = selectors.questions_state(event.pk)
    assert before is not None
    assert before["on_screen"]["id"] == question.pk
    services.question_moderate(question=question, action=ModerationAction.HIDE, by=moderator)
    state = selectors.questions_state(event.pk)
    assert state is not None
    assert state["on_screen"] is None
    assert state["questions"] == []
    assert selectors.questions_public(event) == []
    with pytest.raises(ValidationError):
        services.question_vote(question=Question.objects.get(), voter_id="z" * 32)
    with pytest.raises(ValidationError):
        services.question_moderate(question=question, action=ModerationAction.SCREEN, by=moderator)


def test_only_one_question_is_on_the_screen_at_a_time(event, moderator):
    first = ask(event, "Prima", voter="1" * 32)
    second = ask(event, "Seconda", voter="2" * 32)
    services.question_moderate(question=first, action=ModerationAction.SCREEN, by=moderator)
    services.question_moderate(question=second, action=ModerationAction.SCREEN, by=moderator)
    event.refresh_from_db()
    assert event.question_on_screen_id == second.pk
    first.refresh_from_db()
    assert first.status == QuestionStatus.SHORTLISTED


def test_shortlist_answer_restore_and_take_off_the_screen(event, moderator):
    question = ask(event)
    services.question_moderate(question=question, action=ModerationAction.SHORTLIST, by=moderator)
    assert Question.objects.get().status == QuestionStatus.SHORTLISTED
    services.question_moderate(question=question, action=ModerationAction.SCREEN, by=moderator)
    services.question_moderate(question=question, action=ModerationAction.ANSWER, by=moderator)
    answered = Question.objects.get()
    assert answered.status == QuestionStatus.ANSWERED and answered.answered_at is not None
    services.question_moderate(question=question, action=ModerationAction.UNSCREEN, by=moderator)
    event.refresh_from_db()
    assert event.question_on_screen is None
    services.question_moderate(question=question, action=ModerationAction.RESTORE, by=moderator)
    assert Question.objects.get().status == QuestionStatus.NEW


def test_people_without_the_moderator_permission_cannot_moderate(event, make_user):
    question = ask(event)
    with pytest.raises(PermissionDenied):
        services.question_moderate(
            question=question, action=ModerationAction.HIDE, by=make_user(Role.FACILITATOR, username="f")
        )
    assert Question.objects.get().status == QuestionStatus.NEW


def _pushes(callbacks) -> int:
    return sum(1 for callback in callbacks if "qa_broadcast" in callback.__qualname__)


def test_every_change_pushes_a_hint_after_commit(event, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        question = ask(event)
    assert _pushes(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        services.question_vote(question=question, voter_id="b" * 32)
        services.question_moderate(question=question, action=ModerationAction.SCREEN, by=moderator)
        services.questions_toggle(event=event, is_open=False, by=moderator)
    assert _pushes(callbacks) == 3
