"""Property: whatever arrives as answers (random unicode, huge texts, wrong types), response_submit either stores
one whole response or refuses with a ValidationError and writes nothing."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trama.questionnaires import services
from trama.questionnaires.models import TEXT_KINDS, Answer, QuestionnaireMode, Response

anything = st.one_of(
    st.none(),
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.builds(lambda char, n: char * n, st.characters(), st.integers(0, 30000)),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.booleans(),
    st.lists(st.one_of(st.integers(-5, 10**6), st.text(max_size=5)), max_size=5),
)


@pytest.fixture
def anonymous_questionnaire(make_questionnaire):
    return make_questionnaire(mode=QuestionnaireMode.ANONYMOUS)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(values=st.lists(anything, min_size=7, max_size=7), extra_key=st.integers())
def test_random_answers_never_crash_and_never_half_write(anonymous_questionnaire, values, extra_key):
    questions = list(anonymous_questionnaire.questions.order_by("order"))
    answers: dict[int, object] = {q.pk: value for q, value in zip(questions, values, strict=True)}
    answers[extra_key] = "domanda che non esiste"
    responses_before, answers_before = Response.objects.count(), Answer.objects.count()
    try:
        response = services.response_submit(
            questionnaire=anonymous_questionnaire,
            answers=answers,
            respondent=services.ANONYMOUS,
            idempotency_key=uuid.uuid4(),
        )
    except ValidationError as error:
        assert error.message_dict  # every refusal names the question it is about
        assert Response.objects.count() == responses_before
        assert Answer.objects.count() == answers_before
        return
    assert Response.objects.count() == responses_before + 1
    for answer in response.answers.select_related("question"):
        if answer.question.kind in TEXT_KINDS:
            assert answer.text == str(answers[answer.question.pk]).strip()
