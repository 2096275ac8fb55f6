import pytest

from trama.api.tests.factories import make_action, make_axis, make_plan, make_plan_tree, make_strategy
from trama.plans.models import Competence

pytestmark = pytest.mark.django_db

URL = "/api/v1/plans/psm-2024-2026/actions"


def test_actions_list_each_action_with_its_fields(client):
    strategy = make_strategy(make_axis(make_plan("psm-2024-2026"), 2), "2.3")
    make_action(
        strategy,
        "2.3.1",
        title="Comunità energetiche",
        description="Sostenere le CER",
        competence=Competence.CMT,
        funding_sources=["pnrr", "regional"],
        responsible_office="Ambiente",
        is_sample=True,
    )

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "code": "2.3.1",
                "title": "Comunità energetiche",
                "strategy": "2.3",
                "axis": 2,
                "description": "Sostenere le CER",
                "competence": "cmt",
                "funding_sources": ["pnrr", "regional"],
                "responsible_office": "Ambiente",
                "is_sample": True,
            }
        ],
    }


def test_actions_give_null_competence_when_unknown(client):
    make_plan_tree("psm-2024-2026", axes=1, strategies=1, actions=1)

    [action] = client.get(URL).json()["items"]

    assert action["competence"] is None
    assert action["funding_sources"] == []


def test_actions_can_be_filtered_by_strategy(client):
    make_plan_tree("psm-2024-2026", axes=2, strategies=2, actions=2)

    body = client.get(URL, {"strategy": "2.1"}).json()

    assert body["count"] == 2
    assert [a["code"] for a in body["items"]] == ["2.1.1", "2.1.2"]


def test_actions_can_be_filtered_by_axis(client):
    make_plan_tree("psm-2024-2026", axes=3, strategies=2, actions=2)

    body = client.get(URL, {"axis": 3}).json()

    assert body["count"] == 4
    assert {a["axis"] for a in body["items"]} == {3}


def test_actions_search_title_and_description_ignoring_case(client):
    strategy = make_strategy(make_axis(make_plan("psm-2024-2026"), 1), "1.1")
    make_action(strategy, "1.1.1", title="Banda ultralarga", description="Connettere i comuni")
    make_action(strategy, "1.1.2", title="Scuole", description="Edifici con BANDA larga")
    make_action(strategy, "1.1.3", title="Boschi", description="Filiera del legno")

    body = client.get(URL, {"q": "banda"}).json()

    assert body["count"] == 2
    assert [a["code"] for a in body["items"]] == ["1.1.1", "1.1.2"]


def test_actions_combine_filters(client):
    make_plan_tree("psm-2024-2026", axes=2, strategies=2, actions=3)

    body = client.get(URL, {"axis": 1, "strategy": "1.2", "q": "1.2.3"}).json()

    assert [a["code"] for a in body["items"]] == ["1.2.3"]


def test_actions_only_come_from_the_requested_plan(client):
    make_plan_tree("psm-2021-2023", axes=1, strategies=1, actions=5)
    make_plan_tree("psm-2024-2026", axes=1, strategies=1, actions=1)

    assert client.get(URL).json()["count"] == 1


def test_actions_are_paginated_with_limit_and_offset(client):
    make_plan_tree("psm-2024-2026", axes=1, strategies=1, actions=7)

    body = client.get(URL, {"limit": 3, "offset": 3}).json()

    assert body["count"] == 7
    assert [a["code"] for a in body["items"]] == ["1.1.4", "1.1.5", "1.1.6"]


def test_actions_answer_404_for_an_unknown_plan(client):
    response = client.get("/api/v1/plans/nope/actions")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_action_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    make_plan_tree("psm-2024-2026", axes=3, strategies=4, actions=5)

    with django_assert_max_num_queries(3):
        body = client.get(URL).json()

    assert body["count"] == 60
    assert len(body["items"]) == 60
