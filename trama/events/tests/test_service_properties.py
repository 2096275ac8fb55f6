"""Property-based tests: whatever people type (unicode, control characters, huge inputs), the registration and
question services either store exactly one row or refuse with a ValidationError, never crash or write half."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trama.events import services
from trama.events.models import Question, Registration
from trama.events.tests.factories import make_event

pytestmark = pytest.mark.django_db

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
texts = st.one_of(st.text(max_size=300), st.text(min_size=1000, max_size=20_000), st.just("\x00<script>x</script>"))


@pytest.fixture
def event():
    return make_event(questions_open=True, capacity=5)


@SETTINGS
@given(name=texts, email=st.one_of(st.emails(), texts), organisation=texts)
def test_registration_stores_one_row_or_refuses_cleanly(event, name, email, organisation):
    before = Registration.objects.count()
    try:
        result = services.registration_submit(
            event=event, name=name, email=email, organisation=organisation, privacy_consent=True
        )
    except ValidationError:
        assert Registration.objects.count() == before
    else:
        assert Registration.objects.count() == before + 1
        stored = Registration.objects.get(pk=result.registration.pk)
        assert "\x00" not in stored.name
        assert stored.email == stored.email.lower()


@SETTINGS
@given(text=texts, author=texts, voter=st.text(alphabet="0123456789abcdef", min_size=32, max_size=32))
def test_a_question_is_stored_once_or_refused_cleanly(event, text, author, voter):
    before = Question.objects.count()
    try:
        question = services.question_ask(event=event, text=text, author_name=author, voter_id=voter)
    except ValidationError:
        assert Question.objects.count() == before
    else:
        assert Question.objects.count() == before + 1
        assert 0 < len(question.text) <= services.QUESTION_MAX_LENGTH
