"""The questionnaires' entry in the personal-data registry: only per-person responses carry an e-mail."""

from __future__ import annotations

from trama.actors.registry import sources
from trama.questionnaires import services
from trama.questionnaires.models import QuestionKind, QuestionnaireMode

from .conftest import question, submit


def _source():
    return next(s for s in sources() if s.key == "questionnaire")


def test_responses_are_participations_with_an_email_only_when_not_anonymous(questionnaire, make_questionnaire):
    submit(questionnaire, {}, respondent=services.respondent_for_email("Chi@Esempio.it"))
    submit(make_questionnaire(mode=QuestionnaireMode.ANONYMOUS), {})
    emails = sorted(r.email for r in _source().participations())
    assert emails == ["", "chi@esempio.it"]


def test_a_person_downloads_their_answers_and_erases_who_gave_them(questionnaire):
    scale = question(questionnaire, QuestionKind.SCALE)
    submit(questionnaire, {scale.pk: 4}, respondent=services.respondent_for_email("chi@esempio.it"))
    exported = _source().export("chi@esempio.it")
    assert exported[0]["risposte"]["Quanto conosci il piano?"] == 4
    assert _source().erase("chi@esempio.it") == 1
    assert _source().export("chi@esempio.it") == []
