from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.analysis.models import TextKind, TextUnit
from trama.core.services import psm_data_load
from trama.events import services
from trama.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def test_a_question_goes_to_the_thematic_analysis_and_the_moderator_sees_its_strategies(
    settings, make_user, django_capture_on_commit_callbacks
):
    settings.ANALYSIS_BACKEND = "tfidf"
    settings.EVENT_QUESTIONS_ANALYSIS = True
    psm_data_load()
    event = make_event(questions_open=True)
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(
            event=event,
            text="Servono più treni la sera tra Pinerolo e Torino e un biglietto unico per bus e treni",
            voter_id="a" * 32,
        )
    text = TextUnit.objects.get(source_ref=f"question:{question.pk}")
    assert text.kind == TextKind.QUESTION
    assert text.corpus == services.qa_corpus(event.pk)
    client = Client()
    client.force_login(make_user(Role.REGIA))
    html = client.get(reverse("events:questions_moderate", args=[event.pk])).content.decode()
    assert "Strategie suggerite:" in html
    assert reverse("analysis:board", args=[services.qa_corpus(event.pk)]) in html


def test_a_failing_analysis_never_loses_the_question(settings, monkeypatch):
    settings.EVENT_QUESTIONS_ANALYSIS = True
    import trama.analysis.services as analysis_services

    def broken(**kwargs):
        raise RuntimeError("analysis down")

    monkeypatch.setattr(analysis_services, "text_submit", broken)
    event = make_event(questions_open=True)
    question = services.question_ask(event=event, text="Domanda", voter_id="a" * 32)
    assert question.pk is not None
    assert not TextUnit.objects.exists()
