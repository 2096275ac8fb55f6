"""Recording an interview: judgements validated against the PSM 2021-2023, notes sent to the analysis."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trama.analysis.models import TextKind, TextUnit
from trama.interviews.models import Interview, InterviewJudgement
from trama.interviews.services import JudgementData, interview_create, interview_update, interviewee_erase
from trama.plans.models import Strategy

from .conftest import ALIGNED, MISALIGNED, PARTLY, days


def test_an_interview_is_stored_with_its_coded_judgements(process, strategy, action):
    interview = interview_create(
        process=process,
        fields={"interviewee_name": "Persona A", "held_on": days(-2), "notes": "", "is_cabina_member": True},
        judgements=[
            JudgementData(strategy=strategy("2.1"), action=action("2.1.1"), judgement=ALIGNED),
            JudgementData(strategy=strategy("2.1"), action=None, judgement=PARTLY, note="in parte"),
        ],
        by=None,
    )
    stored = {(j.strategy.code, j.action.code if j.action else None, j.judgement) for j in interview.judgements.all()}
    assert stored == {("2.1", "2.1.1", ALIGNED), ("2.1", None, PARTLY)}


def test_an_action_of_another_strategy_is_refused_and_nothing_is_stored(process, strategy, action):
    with pytest.raises(ValidationError) as error:
        interview_create(
            process=process,
            fields={"interviewee_name": "Persona A", "held_on": days(-2)},
            judgements=[JudgementData(strategy=strategy("1.1"), action=action("2.1.1"), judgement=ALIGNED)],
            by=None,
        )
    assert "non appartiene alla strategia" in str(error.value)
    assert not Interview.objects.exists()


def test_a_strategy_of_the_new_plan_cannot_be_judged(process):
    newer = Strategy.objects.get(axis__plan__code="psm-2024-2026", code="1.1")
    with pytest.raises(ValidationError) as error:
        interview_create(
            process=process,
            fields={"interviewee_name": "Persona A", "held_on": days(-2)},
            judgements=[JudgementData(strategy=newer, action=None, judgement=ALIGNED)],
            by=None,
        )
    assert "PSM 2021-2023" in str(error.value)


def test_the_database_refuses_two_judgements_on_the_same_strategy(make_interview, strategy):
    interview = make_interview([("3.1", ALIGNED)])
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewJudgement.objects.create(interview=interview, strategy=strategy("3.1"), judgement=MISALIGNED)


def test_the_notes_join_the_analysis_corpus_of_the_process(make_interview):
    interview = make_interview(
        notes="Servono più autobus serali tra le valli e Torino.", interviewee_role="Portavoce ZO 5"
    )
    text = TextUnit.objects.get(source_ref=f"interview:{interview.pk}")
    assert text.corpus == "interviste-verso-psm"
    assert text.kind == TextKind.INTERVIEW
    assert text.author_label == "Portavoce ZO 5"
    assert "Persona di prova" not in text.author_label


def test_a_retried_submission_stores_one_interview(process):
    key = uuid.uuid4()
    fields = {"interviewee_name": "Persona A", "held_on": days(-2), "notes": "Note di prova sulle valli."}
    first = interview_create(process=process, fields=fields, judgements=[], by=None, client_key=key)
    again = interview_create(process=process, fields=fields, judgements=[], by=None, client_key=key)
    assert first.pk == again.pk
    assert Interview.objects.count() == 1
    assert TextUnit.objects.filter(source_ref=f"interview:{first.pk}").count() == 1


def test_an_update_replaces_the_judgements(make_interview, strategy):
    interview = make_interview([("3.1", ALIGNED), ("4.1", PARTLY)])
    interview_update(
        interview=interview,
        fields={"proposals": "Nuova proposta"},
        judgements=[JudgementData(strategy=strategy("4.1"), action=None, judgement=MISALIGNED)],
        by=None,
    )
    interview.refresh_from_db()
    assert interview.proposals == "Nuova proposta"
    assert [(j.strategy.code, j.judgement) for j in interview.judgements.all()] == [("4.1", MISALIGNED)]


def test_erasure_removes_who_was_interviewed_but_keeps_the_judgements(make_interview):
    interview = make_interview([("3.1", ALIGNED)], interviewee_email="Persona@Esempio.it")
    assert interviewee_erase(email="persona@esempio.it") == 1
    interview.refresh_from_db()
    assert interview.interviewee_name == "(dati cancellati)"
    assert interview.interviewee_email == ""
    assert interview.judgements.count() == 1
