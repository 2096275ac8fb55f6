"""Who may do what with a questionnaire: role × state (draft/open/closed) × phase matrices."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trama.accounts.models import Role
from trama.questionnaires.models import QuestionnaireMode, QuestionnaireStatus
from trama.questionnaires.permissions import can_manage_questionnaires, can_view_results, questionnaire_accepts_answers

ROLES = [None, *Role.values]
STATES = ["draft", "open", "closed"]
PHASE_ALLOWS = [True, False]


def _set_state(questionnaire, state: str, phase_allows: bool = True) -> None:
    questionnaire.status = {
        "draft": QuestionnaireStatus.DRAFT,
        "open": QuestionnaireStatus.PUBLISHED,
        "closed": QuestionnaireStatus.CLOSED,
    }[state]
    questionnaire.save()
    phase = questionnaire.process.phases.get(kind="ascolto")
    phase.allows = ["questionnaires"] if phase_allows else []
    phase.save()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("phase_allows", PHASE_ALLOWS)
def test_answers_are_accepted_only_when_open_and_the_phase_allows(questionnaire, state, phase_allows):
    _set_state(questionnaire, state, phase_allows)
    assert questionnaire_accepts_answers(questionnaire) is (state == "open" and phase_allows)


def test_answers_stop_at_the_closing_time(questionnaire):
    after = questionnaire.closes_at + datetime.timedelta(seconds=1)
    assert questionnaire_accepts_answers(questionnaire, questionnaire.closes_at - datetime.timedelta(seconds=1))
    assert not questionnaire_accepts_answers(questionnaire, after)


@pytest.mark.parametrize("role", Role.values)
def test_only_the_plan_office_builds_questionnaires(make_user, role):
    assert can_manage_questionnaires(make_user(role)) is (role == Role.PLAN_OFFICE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("results_public", [True, False])
def test_results_are_for_the_plan_office_or_everybody_once_public_and_not_a_draft(
    client_as, questionnaire, role, state, results_public
):
    _set_state(questionnaire, state)
    questionnaire.results_public = results_public
    questionnaire.save()
    response = client_as(role).get(reverse("questionnaires:results", args=[questionnaire.pk]))
    allowed = role == Role.PLAN_OFFICE or (results_public and state != "draft")
    if allowed:
        assert response.status_code == 200
    elif role is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    from django.contrib.auth.models import AnonymousUser

    if role is None:
        assert can_view_results(AnonymousUser(), questionnaire) is allowed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("phase_allows", PHASE_ALLOWS)
def test_the_answering_page_takes_answers_only_when_open_in_an_allowing_phase(
    client_as, make_questionnaire, role, state, phase_allows
):
    questionnaire = make_questionnaire(mode=QuestionnaireMode.ANONYMOUS)
    _set_state(questionnaire, state, phase_allows)
    client = client_as(role)
    url = reverse("questionnaires:answer_anonymous", args=[questionnaire.token])
    response = client.post(url, {"idempotency_key": "6f1e1f3e-0000-4000-8000-000000000001"})
    page = response.content.decode()
    if state == "draft" and role != Role.PLAN_OFFICE:
        assert response.status_code == 404
    elif state == "open" and phase_allows:
        assert response.status_code == 302
        assert questionnaire.responses.count() == 1
    else:
        assert response.status_code == 403
        assert questionnaire.responses.count() == 0
        expected = {
            "draft": "Anteprima di una bozza",
            "closed": "Il questionario è chiuso: non accetta più risposte.",
            "open": "In questa fase del processo il questionario non accetta risposte.",
        }[state]
        assert expected in page


MANAGE_GET = ["questionnaires:manage", "questionnaires:create"]
MANAGE_OBJECT_GET = ["questionnaires:builder", "questionnaires:export_csv", "questionnaires:export_xlsx"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", MANAGE_GET + MANAGE_OBJECT_GET)
def test_the_builder_pages_are_for_the_plan_office_only(client_as, questionnaire, role, name):
    args = [questionnaire.pk] if name in MANAGE_OBJECT_GET else []
    response = client_as(role).get(reverse(name, args=args))
    if role == Role.PLAN_OFFICE:
        assert response.status_code == 200
    elif role is None:
        assert response.status_code == 302 and "/accedi/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PLAN_OFFICE])
def test_nobody_else_can_change_the_questions(client_as, questionnaire, role):
    client = client_as(role)
    first = questionnaire.questions.first()
    before = list(questionnaire.questions.values_list("pk", "order"))
    assert (
        client.post(
            reverse("questionnaires:question_add", args=[questionnaire.pk]), {"nuova-kind": "scale", "nuova-text": "X"}
        ).status_code
        == 403
    )
    assert client.post(reverse("questionnaires:question_delete", args=[questionnaire.pk, first.pk])).status_code == 403
    assert client.post(reverse("questionnaires:question_move", args=[questionnaire.pk, first.pk])).status_code == 403
    assert list(questionnaire.questions.values_list("pk", "order")) == before


def test_a_scheduled_questionnaire_says_when_it_opens(client_as, make_questionnaire):
    now = timezone.now()
    questionnaire = make_questionnaire(
        opens_at=now + datetime.timedelta(days=2), closes_at=now + datetime.timedelta(days=5)
    )
    page = client_as(Role.CITIZEN).get(reverse("questionnaires:answer", args=[questionnaire.pk])).content.decode()
    assert "Il questionario non è ancora aperto: apre il" in page
