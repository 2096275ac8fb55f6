"""What questionnaire responses hold about people, for the actors registry. Only per-person responses carry an
e-mail (or a user); anonymous ones are counted as participation without anybody attached."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.utils import timezone

from trama.actors.registry import ParticipationRecord
from trama.questionnaires.models import Response
from trama.questionnaires.selectors import answer_cell, questionnaire_questions


def participations() -> Iterator[ParticipationRecord]:
    responses = Response.objects.select_related("questionnaire", "user").order_by("submitted_at", "id")
    for response in responses.iterator(chunk_size=1000):
        email = response.email or (response.user.email if response.user else "")
        yield ParticipationRecord(
            kind="questionnaire",
            label=response.questionnaire.title,
            on=timezone.localdate(response.submitted_at),
            email=email.lower(),
            name=response.user.get_full_name() if response.user else "",
        )


def _mine(email: str) -> Any:
    return Response.objects.filter(Q(email__iexact=email) | Q(user__email__iexact=email))


def export(email: str) -> list[dict[str, Any]]:
    address = email.strip()
    if not address:
        return []
    out = []
    for response in (
        _mine(address)
        .select_related("questionnaire")
        .prefetch_related("answers__choices", "answers__strategies", "answers__comune")
    ):
        questions = questionnaire_questions(response.questionnaire)
        by_question = {a.question_id: a for a in response.answers.all()}
        out.append(
            {
                "tipo": "risposta a un questionario",
                "questionario": response.questionnaire.title,
                "inviata_il": response.submitted_at.isoformat(),
                "email": response.email,
                "risposte": {q.text: answer_cell(q, by_question.get(q.pk)) for q in questions},
            }
        )
    return out


def erase(email: str) -> int:
    from trama.questionnaires.services import responses_erase

    return responses_erase(email=email)
