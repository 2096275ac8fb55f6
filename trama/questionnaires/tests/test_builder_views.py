"""The plan office's builder: create a questionnaire, add, reorder and delete questions with htmx."""

from __future__ import annotations

from django.urls import reverse

from trama.questionnaires.models import QuestionKind, Questionnaire

from .conftest import submit


def test_the_plan_office_creates_a_questionnaire(plan_office_client, process):
    response = plan_office_client.post(
        reverse("questionnaires:create"),
        {
            "process": process.pk,
            "title": "Questionario ai sindaci",
            "opens_at": "2026-01-10T09:00",
            "closes_at": "2026-02-10T18:00",
            "mode": "per_person",
            "status": "draft",
        },
    )
    questionnaire = Questionnaire.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaires:builder", args=[questionnaire.pk])
    assert questionnaire.title == "Questionario ai sindaci"


def test_dates_in_the_wrong_order_are_refused_on_the_field(plan_office_client, process):
    response = plan_office_client.post(
        reverse("questionnaires:create"),
        {
            "process": process.pk,
            "title": "X",
            "opens_at": "2026-02-10T09:00",
            "closes_at": "2026-01-10T09:00",
            "mode": "per_person",
            "status": "draft",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "La chiusura deve venire dopo l&#x27;apertura." in page
    assert 'aria-describedby="id_closes_at_error"' in page
    assert not Questionnaire.objects.exists()


def test_adding_a_question_with_htmx_returns_the_updated_list(plan_office_client, questionnaire):
    response = plan_office_client.post(
        reverse("questionnaires:question_add", args=[questionnaire.pk]),
        {"nuova-kind": "single", "nuova-text": "Sei d'accordo?", "nuova-choices": "Sì\nNo\n\n", "nuova-required": "on"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="domande"')
    added = questionnaire.questions.order_by("-order").first()
    assert added.text == "Sei d'accordo?" and added.required
    assert [c.label for c in added.choices.all()] == ["Sì", "No"]


def test_a_choice_question_without_options_shows_the_error_in_the_fragment(plan_office_client, questionnaire):
    response = plan_office_client.post(
        reverse("questionnaires:question_add", args=[questionnaire.pk]),
        {"nuova-kind": "multiple", "nuova-text": "Quali?", "nuova-choices": "solo una"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "almeno due opzioni" in response.content.decode()


def test_moving_a_question_up_reorders_the_list(plan_office_client, questionnaire):
    second = questionnaire.questions.order_by("order")[1]
    plan_office_client.post(
        reverse("questionnaires:question_move", args=[questionnaire.pk, second.pk]),
        {"direzione": "su"},
        HTTP_HX_REQUEST="true",
    )
    assert questionnaire.questions.order_by("order").first().pk == second.pk


def test_deleting_a_question_renumbers_the_others(plan_office_client, questionnaire):
    first = questionnaire.questions.order_by("order").first()
    response = plan_office_client.post(reverse("questionnaires:question_delete", args=[questionnaire.pk, first.pk]))
    assert response.status_code == 302
    assert list(questionnaire.questions.values_list("order", flat=True)) == list(range(6))


def test_deleting_is_refused_once_people_answered(plan_office_client, questionnaire):
    submit(questionnaire, {})
    first = questionnaire.questions.order_by("order").first()
    response = plan_office_client.post(
        reverse("questionnaires:question_delete", args=[questionnaire.pk, first.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "già delle risposte" in response.content.decode()
    assert questionnaire.questions.count() == 7


def test_editing_a_question_changes_its_text_and_kind(plan_office_client, questionnaire):
    target = questionnaire.questions.get(kind=QuestionKind.SHORT_TEXT)
    url = reverse("questionnaires:question_edit", args=[questionnaire.pk, target.pk])
    assert "In una parola" in plan_office_client.get(url).content.decode()
    response = plan_office_client.post(url, {"kind": "long_text", "text": "Raccontaci il tuo territorio"})
    target.refresh_from_db()
    assert response.status_code == 302
    assert (target.kind, target.text) == ("long_text", "Raccontaci il tuo territorio")


def test_the_builder_page_shows_the_secret_link_of_an_anonymous_questionnaire(plan_office_client, make_questionnaire):
    questionnaire = make_questionnaire(mode="anonymous")
    page = plan_office_client.get(reverse("questionnaires:builder", args=[questionnaire.pk])).content.decode()
    assert f"/questionari/a/{questionnaire.token}/" in page
