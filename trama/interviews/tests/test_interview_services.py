"""Recording an interview: judgements validated against the PSM 2021-2023, notes sent to the analysis."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trama.analysis.models import LinkState, LinkStatus, TextKind, TextUnit, Theme
from trama.analysis.services import link_confirm
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


def _edit_notes(interview: Interview, notes: str) -> Interview:
    interview_update(interview=interview, fields={"notes": notes}, judgements=[], by=None)
    interview.refresh_from_db()
    return interview


def test_edited_notes_revise_their_one_text_which_is_analysed_again(make_interview, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        interview = make_interview(notes="Servono più autobus serali tra le valli e Torino.")
    first = TextUnit.objects.get(source_ref=f"interview:{interview.pk}")
    assert first.vector is not None
    with django_capture_on_commit_callbacks(execute=True):
        interview = _edit_notes(interview, "Mancano medici di base e farmacie nei paesi di montagna.")
    texts = TextUnit.objects.filter(source_ref=f"interview:{interview.pk}")
    assert [t.pk for t in texts] == [first.pk] == [interview.notes_text_id]
    text = texts.get()
    assert text.body == "Mancano medici di base e farmacie nei paesi di montagna."
    assert text.vector is not None and bytes(text.vector) != bytes(first.vector)
    assert text.links.filter(status=LinkStatus.SUGGESTED).exists()


def test_a_link_confirmed_by_the_plan_office_survives_an_edit_of_the_notes(
    make_interview, make_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = make_interview(notes="Servono più autobus serali tra le valli e Torino.")
    text = TextUnit.objects.get(pk=interview.notes_text_id)
    strategy = Strategy.objects.get(axis__plan__code="psm-2024-2026", code="6.1")
    link_confirm(text=text, strategy=strategy, by=make_user(username="ufficio-note"))
    with django_capture_on_commit_callbacks(execute=True):
        _edit_notes(interview, "Servono autobus serali e treni più frequenti verso Torino.")
    text.refresh_from_db()
    assert text.link_state == LinkState.CONFIRMED
    assert text.links.get(strategy=strategy).status == LinkStatus.CONFIRMED


def test_a_theme_stops_quoting_notes_as_its_example_once_they_are_edited(make_interview):
    interview = make_interview(notes="Servono più autobus serali tra le valli e Torino.")
    text = TextUnit.objects.get(pk=interview.notes_text_id)
    theme = Theme.objects.create(corpus=text.corpus, label="Trasporti", example=text, model_id="m", centroid=b"")
    _edit_notes(interview, "Mancano medici di base nei paesi di montagna.")
    theme.refresh_from_db()
    assert theme.example is None


def test_emptied_notes_take_their_text_out_of_the_analysis_and_its_duplicates_stand_alone(make_interview):
    interview = make_interview(notes="Servono più autobus serali tra le valli e Torino.")
    text = TextUnit.objects.get(pk=interview.notes_text_id)
    copy = TextUnit.objects.create(corpus=text.corpus, body="Più autobus serali tra valli e Torino", duplicate_of=text)
    interview = _edit_notes(interview, "")
    assert interview.notes_text_id is None
    assert not TextUnit.objects.filter(source_ref=f"interview:{interview.pk}").exists()
    copy.refresh_from_db()
    assert copy.duplicate_of is None


def test_saving_the_interview_again_with_the_same_notes_changes_nothing_in_the_analysis(
    make_interview, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = make_interview(notes="Servono più autobus serali tra le valli e Torino.")
    before = TextUnit.objects.get(pk=interview.notes_text_id)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _edit_notes(interview, "Servono più autobus serali tra le valli e Torino.")
    after = TextUnit.objects.get(pk=interview.notes_text_id)
    assert after.vector is not None and before.vector is not None
    assert (after.embedded_at, bytes(after.vector)) == (before.embedded_at, bytes(before.vector))
    assert not callbacks
