"""The interview pages: list, record with judgements, dependent action select, summary, CSV export."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.urls import reverse

from trama.accounts.models import Role
from trama.interviews.models import Interview
from trama.territory.models import ZonaOmogenea

from .conftest import ALIGNED, MISALIGNED, PARTLY, days


def _post_data(**overrides):
    data = {
        "interviewee_name": "Persona di prova",
        "interviewee_role": "Portavoce ZO 5",
        "held_on": days(-1).isoformat(),
        "notes": "Le corse serali verso Torino sono poche.",
        "proposals": "",
        "client_key": str(uuid.uuid4()),
        "giudizi-TOTAL_FORMS": "3",
        "giudizi-INITIAL_FORMS": "0",
        "giudizi-MIN_NUM_FORMS": "0",
        "giudizi-MAX_NUM_FORMS": "60",
    }
    data.update(overrides)
    return data


def test_the_plan_office_records_an_interview_with_judgements(plan_office_client, process, strategy, action):
    data = _post_data(
        **{
            "giudizi-0-strategy": str(strategy("2.1").pk),
            "giudizi-0-action": str(action("2.1.1").pk),
            "giudizi-0-judgement": ALIGNED,
            "giudizi-1-strategy": str(strategy("3.1").pk),
            "giudizi-1-judgement": MISALIGNED,
        }
    )
    response = plan_office_client.post(reverse("interviews:create"), data)
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:detail", args=[interview.pk])
    assert interview.process == process
    assert interview.interviewer.username == "ufficio"
    assert sorted(j.strategy.code for j in interview.judgements.all()) == ["2.1", "3.1"]
    page = plan_office_client.get(response["Location"]).content.decode()
    assert "2.1.1" in page and "disallineato" in page


def test_a_double_submit_of_the_form_stores_one_interview(plan_office_client, process):
    data = _post_data()
    plan_office_client.post(reverse("interviews:create"), data)
    plan_office_client.post(reverse("interviews:create"), data)
    assert Interview.objects.count() == 1


def test_bad_input_gives_italian_errors_next_to_the_fields(plan_office_client, process, strategy, action):
    data = _post_data(
        interviewee_name="",
        held_on="31/02/2026",
        **{
            "giudizi-0-strategy": str(strategy("1.1").pk),
            "giudizi-0-action": str(action("2.1.1").pk),
            "giudizi-0-judgement": "boh",
        },
    )
    response = plan_office_client.post(reverse("interviews:create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Scrivi il nome della persona intervistata." in page
    assert "Scrivi una data valida." in page
    assert "Scegli un&#x27;azione della strategia scelta." in page
    assert "Scegli un giudizio dall&#x27;elenco." in page
    assert 'aria-describedby="id_interviewee_name_error"' in page
    assert not Interview.objects.exists()


def test_the_same_strategy_twice_in_one_form_is_refused(plan_office_client, process, strategy):
    data = _post_data(
        **{
            "giudizi-0-strategy": str(strategy("1.1").pk),
            "giudizi-0-judgement": ALIGNED,
            "giudizi-1-strategy": str(strategy("1.1").pk),
            "giudizi-1-judgement": MISALIGNED,
        }
    )
    response = plan_office_client.post(reverse("interviews:create"), data)
    assert response.status_code == 400
    assert "ha già un giudizio in questa intervista" in response.content.decode()


def test_choosing_a_strategy_lists_only_its_actions(plan_office_client, process, strategy):
    chosen = strategy("2.1")
    response = plan_office_client.get(
        reverse("interviews:action_options"), {"giudizi-0-strategy": chosen.pk}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    codes = [a.code for a in chosen.actions.all()]
    assert codes and all(code in page for code in codes)
    assert "1.1.1" not in page


def test_the_edit_form_shows_the_judgements_and_only_the_actions_of_their_strategy(
    plan_office_client, make_interview, strategy
):
    interview = make_interview([("2.1", PARTLY)])
    page = plan_office_client.get(reverse("interviews:edit", args=[interview.pk])).content.decode()
    assert f'<option value="{strategy("2.1").pk}" selected>' in page
    assert "2.1.1" in page
    assert "6.1.1 " not in page


def test_the_list_hides_names_from_a_facilitator_who_did_not_record_them(client_as, make_interview):
    interview = make_interview(interviewee_name="Nome Riservato")
    page = client_as(Role.FACILITATOR).get(reverse("interviews:list")).content.decode()
    assert "Nome Riservato" not in page
    assert f"Persona intervistata n. {interview.pk}" in page


def test_the_list_filters_by_zona_and_cabina(plan_office_client, make_interview):
    zona5 = ZonaOmogenea.objects.get(number=5)
    make_interview(interviewee_name="In zona cinque", zona=zona5, is_cabina_member=True)
    make_interview(interviewee_name="Fuori zona")
    page = plan_office_client.get(reverse("interviews:list"), {"zona": zona5.pk, "cabina": "si"}).content.decode()
    assert "In zona cinque" in page and "Fuori zona" not in page
    page = plan_office_client.get(reverse("interviews:list"), {"zona": "xx", "cabina": "forse"}).content.decode()
    assert "In zona cinque" in page and "Fuori zona" in page


@pytest.mark.parametrize("role", [Role.PLAN_OFFICE, Role.FACILITATOR])
def test_the_list_takes_the_same_number_of_queries_for_many_interviews(
    client_as, make_interview, django_assert_max_num_queries, role
):
    for n in range(30):
        make_interview([("1.1", ALIGNED), ("2.1", MISALIGNED)], interviewee_name=f"Persona {n}")
    client = client_as(role)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("interviews:list"))
    assert response.status_code == 200
    assert "Pagina 1 di 2" in response.content.decode()


def test_the_summary_sums_judgements_per_strategy_and_per_zona(
    plan_office_client, make_interview, django_assert_max_num_queries
):
    zona5 = ZonaOmogenea.objects.get(number=5)
    make_interview([("3.1", ALIGNED), ("1.1", MISALIGNED)], zona=zona5, is_cabina_member=True)
    make_interview([("3.1", MISALIGNED)], zona=zona5)
    make_interview([("3.1", PARTLY)])
    with django_assert_max_num_queries(14):
        response = plan_office_client.get(reverse("interviews:summary"))
    page = response.content.decode()
    assert "Strategia 3.1: 1 allineato, 1 parzialmente allineato, 1 disallineato" in page
    assert "Zona 5: 1 allineato, 0 parzialmente allineato, 2 disallineato" in page
    assert "Senza zona" in page
    page = plan_office_client.get(reverse("interviews:summary"), {"cabina": "si"}).content.decode()
    assert "Strategia 3.1: 1 allineato, 0 parzialmente allineato, 0 disallineato" in page


def test_the_summary_filters_by_phase(plan_office_client, make_interview, process):
    make_interview([("3.1", ALIGNED)], held_on=days(-1))
    make_interview([("3.1", MISALIGNED)], held_on=days(50))
    phase = process.phases.get(kind="preliminare")
    page = plan_office_client.get(reverse("interviews:summary"), {"fase": phase.pk}).content.decode()
    assert "Strategia 3.1: 1 allineato, 0 parzialmente allineato, 0 disallineato" in page


def test_the_csv_export_parses_back_one_row_per_judgement(plan_office_client, make_interview):
    make_interview([("3.1", ALIGNED), ("1.1", MISALIGNED)], interviewee_name='=HYPERLINK("x")', notes="")
    response = plan_office_client.get(reverse("interviews:export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["strategia"], r["giudizio"]) for r in rows] == [("1.1", "disallineato"), ("3.1", "allineato")]
    assert rows[0]["persona_intervistata"].startswith("'=")


def test_the_csv_export_leaves_names_out_for_a_facilitator(client_as, make_interview):
    make_interview([("3.1", ALIGNED)], interviewee_name="Nome Riservato")
    response = client_as(Role.FACILITATOR).get(reverse("interviews:export"))
    text = response.content.decode("utf-8-sig")
    assert "Nome Riservato" not in text
    assert "persona_intervistata" not in text.splitlines()[0]


@pytest.mark.parametrize("slug", ["non-esiste", "x" * 300])
def test_an_unknown_process_is_a_404(plan_office_client, process, slug):
    assert plan_office_client.get(reverse("interviews:list"), {"processo": slug}).status_code == 404
