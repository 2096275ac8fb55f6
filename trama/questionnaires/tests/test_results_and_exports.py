"""Results per question (counts, percentages, SVG bars, mean, texts, comuni by zona) and CSV/XLSX exports."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from trama.plans.models import Strategy
from trama.questionnaires import services
from trama.questionnaires.models import QuestionKind
from trama.territory.models import Comune

from .conftest import KINDS, choice, question, submit


def _answer_three(q):
    torino = Comune.objects.get(istat_code="001272")
    unassigned = Comune.objects.filter(zona__isnull=True).first()
    s11 = Strategy.objects.get(axis__plan__code="psm-2024-2026", code="1.1")
    single, multiple, scale = (question(q, k) for k in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE))
    comune, strategies, long = (
        question(q, k) for k in (QuestionKind.COMUNE, QuestionKind.STRATEGIES, QuestionKind.LONG_TEXT)
    )
    mayor, citizen = choice(q, QuestionKind.SINGLE, "Sindaco/a"), choice(q, QuestionKind.SINGLE, "Cittadino/a")
    mobility, work = choice(q, QuestionKind.MULTIPLE, "Mobilità"), choice(q, QuestionKind.MULTIPLE, "Lavoro")
    submit(
        q,
        {
            single.pk: mayor,
            multiple.pk: [mobility, work],
            scale.pk: 5,
            comune.pk: torino,
            strategies.pk: [s11.pk],
            long.pk: "=SOMMA(A1)",
        },
        respondent=services.respondent_for_email("uno@esempio.it"),
    )
    submit(q, {single.pk: mayor, multiple.pk: [mobility], scale.pk: 2, comune.pk: torino, long.pk: "Più treni"})
    submit(q, {single.pk: citizen, scale.pk: 4, comune.pk: unassigned})


def test_the_results_give_counts_percentages_and_the_scale_mean(plan_office_client, questionnaire):
    _answer_three(questionnaire)
    page = plan_office_client.get(reverse("questionnaires:results", args=[questionnaire.pk])).content.decode()
    assert "3 risposte" in page
    assert (
        "Chi sei?: Sindaco/a: 2 (66,7%); Amministratore/trice: 0 (0,0%); Associazione: 0 (0,0%); Cittadino/a: 1 (33,3%)"
        in page
    )
    assert "Quali temi ti interessano?: Mobilità: 2 (100,0%); Scuola: 0 (0,0%); Lavoro: 1 (50,0%)" in page
    assert "Media: 3,67 su 5" in page
    assert 'role="img"' in page and '<title id="chart-' in page
    assert "Più treni" in page


def test_comuni_are_aggregated_by_zona_omogenea(plan_office_client, questionnaire):
    _answer_three(questionnaire)
    torino = Comune.objects.select_related("zona").get(istat_code="001272")
    page = plan_office_client.get(reverse("questionnaires:results", args=[questionnaire.pk])).content.decode()
    assert f"In quale comune vivi?: {torino.zona}: 2 (66,7%); senza zona: 1 (33,3%)" in page
    assert "Comuni non ancora assegnati a una zona" in page


def test_the_results_page_takes_the_same_queries_for_many_responses(
    plan_office_client, questionnaire, django_assert_max_num_queries
):
    _answer_three(questionnaire)
    for _ in range(20):
        submit(questionnaire, {question(questionnaire, QuestionKind.SCALE).pk: 3})
    with django_assert_max_num_queries(20):
        response = plan_office_client.get(reverse("questionnaires:results", args=[questionnaire.pk]))
    assert "23 risposte" in response.content.decode()


def test_the_staff_list_takes_a_constant_number_of_queries(
    plan_office_client, make_questionnaire, django_assert_max_num_queries
):
    for n in range(8):
        make_questionnaire(title=f"Questionario {n}")
    with django_assert_max_num_queries(8):
        response = plan_office_client.get(reverse("questionnaires:manage"))
    page = response.content.decode()
    assert "Questionario 7" in page


def test_the_public_list_takes_a_constant_number_of_queries(client, make_questionnaire, django_assert_max_num_queries):
    for n in range(8):
        make_questionnaire(title=f"Questionario {n}", results_public=True)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("questionnaires:list"))
    assert response.content.decode().count("Risultati<span") == 8


def test_the_csv_export_has_one_row_per_response_and_one_column_per_question(plan_office_client, questionnaire):
    _answer_three(questionnaire)
    response = plan_office_client.get(reverse("questionnaires:export_csv", args=[questionnaire.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["risposta", "inviata_il", "email"]
    assert header[3:] == [f"D{n} {text}" for n, (_kind, text, _choices) in enumerate(KINDS, start=1)]
    assert len(body) == 3
    first = dict(zip(header, body[0], strict=True))
    assert first["email"] == "uno@esempio.it"
    assert first["D1 Chi sei?"] == "Sindaco/a"
    assert first["D2 Quali temi ti interessano?"] == "Mobilità; Lavoro"
    assert first["D3 Quanto conosci il piano?"] == "5"
    assert first["D6 In quale comune vivi?"] == "Torino (001272)"
    assert first["D7 Quali strategie sono prioritarie?"] == "1.1"
    assert first["D5 Che cosa proponi?"] == "'=SOMMA(A1)"


def test_the_xlsx_export_parses_back_with_the_same_cells(plan_office_client, questionnaire):
    _answer_three(questionnaire)
    response = plan_office_client.get(reverse("questionnaires:export_xlsx", args=[questionnaire.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("risposta", "inviata_il", "email", "D1 Chi sei?")
    assert len(rows) == 4
    assert rows[1][3] == "Sindaco/a"
    assert rows[1][5] == 5  # the scale is a number, not text
    assert rows[1][7] == "'=SOMMA(A1)"  # never a formula
    assert rows[3][5] == 4
