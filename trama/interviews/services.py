"""Writes of the interviews app: an interview with its coded judgements, in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trama.analysis.models import TextKind, TextUnit
from trama.analysis.services import text_revise, text_submit, text_withdraw
from trama.interviews.models import Interview, InterviewJudgement
from trama.plans.models import Action, Strategy
from trama.process.models import Process

INTERVIEW_FIELDS = (
    "interviewee_name",
    "interviewee_email",
    "interviewee_role",
    "organisation_name",
    "organisation",
    "zona",
    "is_cabina_member",
    "held_on",
    "interviewer_name",
    "notes",
    "proposals",
)
# TextUnit.corpus holds at most 60 characters.
CORPUS_MAX = 60


@dataclass(frozen=True)
class JudgementData:
    strategy: Strategy
    action: Action | None
    judgement: str
    note: str = ""


def interview_corpus(process: Process) -> str:
    return f"interviste-{process.slug}"[:CORPUS_MAX]


def _notes_to_analysis(interview: Interview) -> None:
    """The notes join the thematic analysis like any other text; the key makes a retried save store one text.
    Edited notes revise that same text (analysed again); emptied notes withdraw it."""
    body = interview.notes.strip()
    stored = TextUnit.objects.filter(pk=interview.notes_text_id).first() if interview.notes_text_id else None
    if stored is not None:
        if body:
            text_revise(text=stored, body=body)
        else:
            text_withdraw(text=stored)
            interview.notes_text_id = None
            Interview.objects.filter(pk=interview.pk).update(notes_text_id=None)
        return
    if not body:
        return
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"trama:interview:{interview.pk}:{body}")
    text = text_submit(
        corpus=interview_corpus(interview.process),
        body=body,
        kind=TextKind.INTERVIEW,
        author_label=interview.interviewee_role or interview.organisation_label,
        source_ref=f"interview:{interview.pk}",
        client_key=key,
    )
    if interview.notes_text_id != text.pk:
        interview.notes_text_id = text.pk
        Interview.objects.filter(pk=interview.pk).update(notes_text_id=text.pk)


def _judgements_replace(interview: Interview, judgements: list[JudgementData]) -> None:
    interview.judgements.all().delete()
    for data in judgements:
        judgement = InterviewJudgement(
            interview=interview,
            strategy=data.strategy,
            action=data.action,
            judgement=data.judgement,
            note=data.note.strip(),
        )
        judgement.full_clean()
        judgement.save()


@transaction.atomic
def interview_create(
    *,
    process: Process,
    fields: dict[str, Any],
    judgements: list[JudgementData],
    by: Any,
    client_key: uuid.UUID | None = None,
    is_sample: bool = False,
) -> Interview:
    """Record an interview and its judgements; its notes go to the analysis corpus «interviste-<processo>».

    A retried submission with the same ``client_key`` returns the interview stored the first time."""
    if client_key is not None:
        existing = Interview.objects.filter(client_key=client_key).first()
        if existing is not None:
            return existing
    interview = Interview(process=process, client_key=client_key, is_sample=is_sample)
    for name in INTERVIEW_FIELDS:
        if name in fields:
            setattr(interview, name, fields[name])
    if by is not None and getattr(by, "is_authenticated", False):
        interview.interviewer = by
    interview.full_clean()
    interview.save()
    _judgements_replace(interview, judgements)
    _notes_to_analysis(interview)
    return interview


@transaction.atomic
def interview_update(
    *, interview: Interview, fields: dict[str, Any], judgements: list[JudgementData], by: Any
) -> Interview:
    """Change an interview; its judgements are replaced by the given ones. Changed notes are analysed again."""
    for name in INTERVIEW_FIELDS:
        if name in fields:
            setattr(interview, name, fields[name])
    interview.full_clean()
    interview.save()
    _judgements_replace(interview, judgements)
    _notes_to_analysis(interview)
    return interview


@transaction.atomic
def interviewee_erase(*, email: str) -> int:
    """GDPR erasure: interviews keep their coded judgements and notes, not who gave them."""
    address = email.strip().lower()
    if not address:
        return 0
    return Interview.objects.filter(interviewee_email__iexact=address).update(
        interviewee_name="(dati cancellati)", interviewee_email=""
    )
