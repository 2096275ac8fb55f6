"""Storing a response: every kind of answer, validation, one per person, idempotency, closed questionnaires."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from trama.plans.models import Strategy
from trama.questionnaires import services
from trama.questionnaires.models import Answer, QuestionKind, QuestionnaireMode, QuestionnaireStatus, Response
from trama.territory.models import Comune

from .conftest import choice, question, submit


def test_a_response_stores_an_answer_of_every_kind(questionnaire):
    q = questionnaire
    torino = Comune.objects.get(istat_code="001272")
    strategies = list(Strategy.objects.filter(axis__plan__code="psm-2024-2026", code__in=["1.1", "3.1"]))
    response = submit(
        q,
        {
            question(q, QuestionKind.SINGLE).pk: choice(q, QuestionKind.SINGLE, "Sindaco/a"),
            question(q, QuestionKind.MULTIPLE).pk: [
                choice(q, QuestionKind.MULTIPLE, "Mobilità"),
                choice(q, QuestionKind.MULTIPLE, "Lavoro"),
            ],
            question(q, QuestionKind.SCALE).pk: "4",
            question(q, QuestionKind.SHORT_TEXT).pk: "  Montagna  ",
            question(q, QuestionKind.LONG_TEXT).pk: "Più treni.",
            question(q, QuestionKind.COMUNE).pk: torino,
            question(q, QuestionKind.STRATEGIES).pk: strategies,
        },
    )
    answers = {a.question.kind: a for a in response.answers.all()}
    assert [c.label for c in answers[QuestionKind.SINGLE].choices.all()] == ["Sindaco/a"]
    assert sorted(c.label for c in answers[QuestionKind.MULTIPLE].choices.all()) == ["Lavoro", "Mobilità"]
    assert answers[QuestionKind.SCALE].number == 4
    assert answers[QuestionKind.SHORT_TEXT].text == "Montagna"
    assert answers[QuestionKind.COMUNE].comune == torino
    assert sorted(s.code for s in answers[QuestionKind.STRATEGIES].strategies.all()) == ["1.1", "3.1"]


def test_unanswered_optional_questions_store_no_answer(questionnaire):
    response = submit(questionnaire, {})
    assert response.answers.count() == 0


def test_required_questions_must_be_answered_and_nothing_is_stored(make_questionnaire):
    q = make_questionnaire(required=True)
    with pytest.raises(ValidationError) as error:
        submit(q, {question(q, QuestionKind.SCALE).pk: "3"})
    assert error.value.message_dict[f"q{question(q, QuestionKind.SINGLE).pk}"] == [
        "Questa domanda richiede una risposta."
    ]
    assert f"q{question(q, QuestionKind.SCALE).pk}" not in error.value.message_dict
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (QuestionKind.SCALE, "6", "Scegli un valore da 1 a 5."),
        (QuestionKind.SCALE, "tre", "Scegli un valore da 1 a 5."),
        (QuestionKind.SINGLE, "999999", "Scegli una delle opzioni proposte."),
        (QuestionKind.MULTIPLE, ["1", "x"], "Scegli tra le opzioni proposte."),
        (QuestionKind.COMUNE, "0", "Scegli un comune dall'elenco."),
        (QuestionKind.SHORT_TEXT, "x" * 301, "Al massimo 300 caratteri (ora 301)."),
        (QuestionKind.LONG_TEXT, "a\x00b", "Il testo contiene caratteri non ammessi."),
    ],
)
def test_bad_answers_are_refused_with_an_italian_message(questionnaire, kind, value, message):
    target = question(questionnaire, kind)
    with pytest.raises(ValidationError) as error:
        submit(questionnaire, {target.pk: value})
    assert error.value.message_dict[f"q{target.pk}"] == [message]
    assert not Answer.objects.exists()


def test_a_choice_of_another_question_is_refused(questionnaire):
    other = choice(questionnaire, QuestionKind.MULTIPLE, "Mobilità")
    with pytest.raises(ValidationError):
        submit(questionnaire, {question(questionnaire, QuestionKind.SINGLE).pk: other})


def test_a_strategy_of_another_plan_is_refused(questionnaire):
    old = Strategy.objects.get(axis__plan__code="psm-2021-2023", code="1.1")
    with pytest.raises(ValidationError) as error:
        submit(questionnaire, {question(questionnaire, QuestionKind.STRATEGIES).pk: [old.pk]})
    assert "Scegli tra le strategie del piano." in str(error.value)


def test_a_retry_with_the_same_key_stores_one_response(questionnaire):
    key = uuid.uuid4()
    who = services.respondent_for_email("a@esempio.it")
    first = submit(questionnaire, {question(questionnaire, QuestionKind.SCALE).pk: 2}, respondent=who, key=key)
    again = submit(questionnaire, {question(questionnaire, QuestionKind.SCALE).pk: 5}, respondent=who, key=key)
    assert first.pk == again.pk
    assert Response.objects.count() == 1
    assert Answer.objects.get().number == 2


def test_one_person_answers_once(questionnaire):
    who = services.respondent_for_email("Persona@Esempio.it")
    submit(questionnaire, {}, respondent=who)
    with pytest.raises(services.AlreadyAnsweredError):
        submit(questionnaire, {}, respondent=services.respondent_for_email("persona@esempio.it"))
    assert Response.objects.count() == 1


def test_the_database_refuses_a_second_response_of_the_same_person(questionnaire):
    submit(questionnaire, {}, respondent=services.respondent_for_email("p@esempio.it"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            questionnaire=questionnaire, respondent_key="email:p@esempio.it", idempotency_key=uuid.uuid4()
        )


def test_anonymous_questionnaires_store_nobody_and_accept_many_answers(make_questionnaire, make_user):
    q = make_questionnaire(mode=QuestionnaireMode.ANONYMOUS)
    user = make_user(email="u@esempio.it")
    submit(q, {}, respondent=services.respondent_for_user(user))
    submit(q, {}, respondent=services.respondent_for_user(user))
    assert list(Response.objects.values_list("respondent_key", "email", "user")) == [("", "", None), ("", "", None)]


def test_per_person_questionnaires_refuse_an_unidentified_answer(questionnaire):
    with pytest.raises(ValidationError):
        submit(questionnaire, {}, respondent=services.ANONYMOUS)


@pytest.mark.parametrize(
    "change",
    [
        {"status": QuestionnaireStatus.CLOSED},
        {"status": QuestionnaireStatus.DRAFT},
        {
            "closes_at": timezone.now() - datetime.timedelta(minutes=1),
            "opens_at": timezone.now() - datetime.timedelta(days=2),
        },
        {
            "opens_at": timezone.now() + datetime.timedelta(days=1),
            "closes_at": timezone.now() + datetime.timedelta(days=2),
        },
    ],
)
def test_a_questionnaire_that_is_not_open_refuses_answers(questionnaire, change):
    services.questionnaire_update(questionnaire=questionnaire, fields=change)
    with pytest.raises(services.QuestionnaireClosedError):
        submit(questionnaire, {})
    assert not Response.objects.exists()


def test_a_phase_that_does_not_allow_questionnaires_refuses_answers(questionnaire):
    phase = questionnaire.process.phases.get(kind="ascolto")
    phase.allows = []
    phase.save()
    with pytest.raises(services.QuestionnaireClosedError):
        submit(questionnaire, {})


def test_questions_cannot_change_once_there_are_answers_but_can_move(questionnaire):
    submit(questionnaire, {})
    first = questionnaire.questions.order_by("order").first()
    with pytest.raises(ValidationError, match="già delle risposte"):
        services.question_add(questionnaire=questionnaire, kind=QuestionKind.SCALE, text="Altra?")
    with pytest.raises(ValidationError):
        services.question_delete(question=first)
    services.question_move(question=first, offset=1)
    assert questionnaire.questions.order_by("order")[1].pk == first.pk


def test_the_answering_mode_cannot_change_once_there_are_answers(questionnaire):
    submit(questionnaire, {})
    with pytest.raises(ValidationError) as error:
        services.questionnaire_update(questionnaire=questionnaire, fields={"mode": QuestionnaireMode.ANONYMOUS})
    assert "mode" in error.value.message_dict


def test_a_choice_question_needs_two_options(questionnaire):
    with pytest.raises(ValidationError):
        services.question_add(questionnaire=questionnaire, kind=QuestionKind.SINGLE, text="Sì o no?", choices=["Sì"])


def test_erasure_keeps_the_answers_but_not_who_gave_them(questionnaire):
    submit(
        questionnaire,
        {question(questionnaire, QuestionKind.SCALE).pk: 3},
        respondent=services.respondent_for_email("e@esempio.it"),
    )
    assert services.responses_erase(email="E@esempio.it") == 1
    response = Response.objects.get()
    assert response.email == "" and response.respondent_key.startswith("erased:")
    assert response.answers.get().number == 3


def test_the_signed_link_proves_the_address_for_that_questionnaire_only(questionnaire, make_questionnaire):
    token = services.answer_link_token(questionnaire=questionnaire, email="P@Esempio.it")
    assert services.answer_link_email(questionnaire=questionnaire, token=token) == "p@esempio.it"
    other = make_questionnaire(title="Altro")
    assert services.answer_link_email(questionnaire=other, token=token) is None
    assert services.answer_link_email(questionnaire=questionnaire, token=token[:-2] + "xx") is None
