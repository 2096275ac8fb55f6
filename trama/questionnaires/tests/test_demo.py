"""The demo questionnaire: seed 003's title, sample questions, open today on the sample process, idempotent."""

from __future__ import annotations

from django.urls import reverse

from trama.core.services import psm_data_load
from trama.process.demo import demo_load as process_demo_load
from trama.questionnaires.demo import SAMPLE_RESPONSES, TITLE, demo_load
from trama.questionnaires.models import Questionnaire, Response
from trama.questionnaires.permissions import questionnaire_accepts_answers


def test_the_demo_questionnaire_is_open_marked_and_loaded_once(db, client, settings):
    settings.ANALYSIS_BACKEND = "tfidf"
    psm_data_load()
    process_demo_load()
    demo_load()
    demo_load()
    questionnaire = Questionnaire.objects.get()
    assert questionnaire.title == "Questionario rivolto a sindaci, amministratori, associazioni e cittadini" == TITLE
    assert questionnaire.is_sample and questionnaire_accepts_answers(questionnaire)
    assert all(q.help_text == "Domanda di esempio." for q in questionnaire.questions.all())
    assert Response.objects.filter(is_sample=True).count() == SAMPLE_RESPONSES
    page = client.get(reverse("questionnaires:results", args=[questionnaire.pk])).content.decode()
    assert f"{SAMPLE_RESPONSES} risposte" in page
