"""The public answering page: the e-mail link, a logged-in person, validation, retries, anonymous links."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from trama.accounts.models import Role
from trama.questionnaires.models import QuestionKind, QuestionnaireMode, Response

from .conftest import choice, question


def _link_from(mail) -> str:
    match = re.search(r"http://testserver(/\S+)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_a_visitor_gets_a_signed_link_by_email_and_answers_with_it(
    client, questionnaire, mailoutbox, django_capture_on_commit_callbacks
):
    page = client.get(reverse("questionnaires:answer", args=[questionnaire.pk])).content.decode()
    assert "Mandami il link" in page and "Invia le risposte" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("questionnaires:link_request", args=[questionnaire.pk]),
            {"email": "Persona@Esempio.it", "privacy": "on"},
        )
    assert "Ti abbiamo mandato un link a persona@esempio.it" in response.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["persona@esempio.it"]
    link = _link_from(mailoutbox[0])
    form_page = client.get(link).content.decode()
    assert "Invia le risposte" in form_page
    token = link.split("firma=")[1]
    scale = question(questionnaire, QuestionKind.SCALE)
    response = client.post(link, {"firma": token, f"q{scale.pk}": "5", "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.email == "persona@esempio.it" and stored.answers.get().number == 5
    again = client.post(link, {"firma": token, f"q{scale.pk}": "1", "idempotency_key": str(uuid.uuid4())})
    assert again.status_code == 409
    assert "Hai già risposto a questo questionario" in again.content.decode()
    assert Response.objects.count() == 1


def test_the_link_request_needs_a_valid_email_and_consent(client, questionnaire, mailoutbox):
    response = client.post(reverse("questionnaires:link_request", args=[questionnaire.pk]), {"email": "non-una-email"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Scrivi un indirizzo e-mail valido, es. nome@esempio.it." in page
    assert "Per ricevere il link serve il consenso al trattamento dei dati." in page
    assert mailoutbox == []


def test_too_many_link_requests_for_one_address_are_refused(
    client, questionnaire, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("questionnaires:link_request", args=[questionnaire.pk])
    statuses = []
    for _ in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(client.post(url, {"email": "spam@esempio.it", "privacy": "on"}).status_code)
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    assert len(mailoutbox) == 5


def test_a_forged_link_is_refused_with_a_clear_message(client, questionnaire):
    page = client.get(
        reverse("questionnaires:answer", args=[questionnaire.pk]), {"firma": "falso:123"}
    ).content.decode()
    assert "Il link non è valido o è scaduto" in page
    response = client.post(reverse("questionnaires:answer", args=[questionnaire.pk]), {"firma": "falso:123"})
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_a_logged_in_person_answers_once(client_as, questionnaire):
    client = client_as(Role.MUNICIPAL)
    url = reverse("questionnaires:answer", args=[questionnaire.pk])
    single = question(questionnaire, QuestionKind.SINGLE)
    data = {
        f"q{single.pk}": str(choice(questionnaire, QuestionKind.SINGLE, "Sindaco/a")),
        "idempotency_key": str(uuid.uuid4()),
    }
    assert client.post(url, data).status_code == 302
    assert Response.objects.get().user.username == "u-municipal"
    page = client.get(url).content.decode()
    assert "Hai già risposto" in page and "Invia le risposte" not in page


def test_a_double_submit_stores_one_response(client_as, make_questionnaire):
    questionnaire = make_questionnaire(mode=QuestionnaireMode.ANONYMOUS)
    client = client_as(None)
    url = reverse("questionnaires:answer_anonymous", args=[questionnaire.token])
    data = {"idempotency_key": str(uuid.uuid4())}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Response.objects.count() == 1


def test_errors_are_in_italian_next_to_each_question_and_linked_to_it(client_as, make_questionnaire):
    questionnaire = make_questionnaire(required=True, mode=QuestionnaireMode.ANONYMOUS)
    url = reverse("questionnaires:answer_anonymous", args=[questionnaire.token])
    short = question(questionnaire, QuestionKind.SHORT_TEXT)
    single = question(questionnaire, QuestionKind.SINGLE)
    response = client_as(None).post(url, {f"q{short.pk}": "x" * 301, f"q{single.pk}": "999"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Il questionario ha 7 errori" in page
    assert "Al massimo 300 caratteri (ora 301)." in page
    assert "Scegli una delle opzioni proposte." in page
    assert page.count("Questa domanda richiede una risposta.") >= 2 * 5  # summary and field, for the empty ones
    assert f'aria-describedby="id_q{short.pk}_error"' in page
    assert f'<fieldset class="q-fieldset" id="id_q{single.pk}" aria-describedby="id_q{single.pk}_error">' in page
    assert f'href="#id_q{single.pk}_0"' in page
    assert not Response.objects.exists()


def test_the_choice_groups_are_fieldsets_with_a_legend(client_as, make_questionnaire):
    questionnaire = make_questionnaire(mode=QuestionnaireMode.ANONYMOUS)
    page = client_as(None).get(reverse("questionnaires:answer_anonymous", args=[questionnaire.token])).content.decode()
    assert page.count('<fieldset class="q-fieldset"') == 4  # single, multiple, scale, strategies
    assert "<legend>1. Chi sei?" in page
    assert "Torino</option>" in page


def test_an_anonymous_questionnaire_is_not_reachable_by_its_number(client, make_questionnaire):
    questionnaire = make_questionnaire(mode=QuestionnaireMode.ANONYMOUS)
    assert client.get(reverse("questionnaires:answer", args=[questionnaire.pk])).status_code == 404
    assert client.get(f"/questionari/a/{'x' * 20}/").status_code == 404


def test_a_draft_is_a_404_for_the_public(client, make_questionnaire):
    questionnaire = make_questionnaire(status="draft")
    assert client.get(reverse("questionnaires:answer", args=[questionnaire.pk])).status_code == 404


def test_the_public_list_shows_open_per_person_questionnaires_only(client, make_questionnaire):
    make_questionnaire(title="Aperto per persona")
    make_questionnaire(title="Link segreto", mode=QuestionnaireMode.ANONYMOUS)
    make_questionnaire(title="In bozza", status="draft")
    page = client.get(reverse("questionnaires:list")).content.decode()
    assert "Aperto per persona" in page
    assert "Link segreto" not in page and "In bozza" not in page


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "<b>grassetto</b>"])
def test_html_in_answers_is_escaped_on_the_results_page(client_as, make_questionnaire, plan_office_client, value):
    questionnaire = make_questionnaire(mode=QuestionnaireMode.ANONYMOUS)
    long = question(questionnaire, QuestionKind.LONG_TEXT)
    url = reverse("questionnaires:answer_anonymous", args=[questionnaire.token])
    client_as(None).post(url, {f"q{long.pk}": value, "idempotency_key": str(uuid.uuid4())})
    page = plan_office_client.get(reverse("questionnaires:results", args=[questionnaire.pk])).content.decode()
    assert value not in page
    assert value.replace("<", "&lt;").replace(">", "&gt;") in page


def test_a_closed_questionnaire_shows_its_message_and_no_form(client_as, questionnaire):
    questionnaire.status = "closed"
    questionnaire.save()
    page = client_as(Role.CITIZEN).get(reverse("questionnaires:answer", args=[questionnaire.pk])).content.decode()
    assert "Il questionario è chiuso: non accetta più risposte." in page
    assert '<form method="post" novalidate>' not in page and "Mandami il link" not in page


def test_the_plan_office_previews_a_draft_without_a_submit_button(plan_office_client, make_questionnaire):
    questionnaire = make_questionnaire(status="draft")
    page = plan_office_client.get(reverse("questionnaires:answer", args=[questionnaire.pk])).content.decode()
    assert "Anteprima di una bozza" in page
    assert "<legend>1. Chi sei?" in page and "Invia le risposte" not in page
