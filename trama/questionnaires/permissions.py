"""Who builds questionnaires, when a questionnaire accepts answers, who sees its results."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from trama.accounts.permissions import can_manage_plan
from trama.process.permissions import can_answer_questionnaires
from trama.questionnaires.models import Questionnaire, QuestionnaireState


def can_manage_questionnaires(user: Any) -> bool:
    """Build questionnaires, open and close them, read every answer and export: the Ufficio di Piano."""
    return can_manage_plan(user)


def questionnaire_accepts_answers(questionnaire: Questionnaire, now: datetime.datetime | None = None) -> bool:
    """Open (published, between its dates) and the process's running phase allows questionnaires."""
    moment = now or timezone.now()
    if questionnaire.state(moment) != QuestionnaireState.OPEN:
        return False
    return can_answer_questionnaires(questionnaire.process, on=timezone.localdate(moment))


def can_view_questionnaire(user: Any, questionnaire: Questionnaire) -> bool:
    """A draft is seen only by the plan office (as a preview); published ones by anybody with the link."""
    return questionnaire.state() != QuestionnaireState.DRAFT or can_manage_questionnaires(user)


def can_view_results(user: Any, questionnaire: Questionnaire) -> bool:
    if can_manage_questionnaires(user):
        return True
    return questionnaire.results_public and questionnaire.state() != QuestionnaireState.DRAFT
