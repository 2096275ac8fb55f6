import pytest

from trama.api.tests.factories import make_action, make_axis, make_plan, make_plan_tree, make_strategy

pytestmark = pytest.mark.django_db

STRATEGY_FIELDS = {"code", "title", "axis", "description", "sdg_goals", "previous", "is_sample", "actions_count"}


def test_strategies_list_each_strategy_with_its_axis_number_and_actions_count(client):
    plan = make_plan("psm-2024-2026")
    strategy = make_strategy(make_axis(plan, 3), "3.1", title="Reti", description="Connettere", sdg_goals="9, 11")
    make_action(strategy, "3.1.1")
    make_action(strategy, "3.1.2")

    response = client.get("/api/v1/plans/psm-2024-2026/strategies")

    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "3.1",
            "title": "Reti",
            "axis": 3,
            "description": "Connettere",
            "sdg_goals": "9, 11",
            "previous": None,
            "is_sample": False,
            "actions_count": 2,
        }
    ]


def test_strategies_name_the_previous_plan_strategy_as_plan_code_and_strategy_code(client):
    old = make_strategy(make_axis(make_plan("psm-2021-2023"), 2), "2.1")
    make_strategy(make_axis(make_plan("psm-2024-2026"), 1), "1.1", previous=old)

    [strategy] = client.get("/api/v1/plans/psm-2024-2026/strategies").json()

    assert strategy["previous"] == "psm-2021-2023:2.1"


def test_strategies_can_be_filtered_by_axis(client):
    make_plan_tree("psm-2024-2026", axes=3, strategies=2, actions=0)

    response = client.get("/api/v1/plans/psm-2024-2026/strategies", {"axis": 2})

    assert [s["code"] for s in response.json()] == ["2.1", "2.2"]
    assert {s["axis"] for s in response.json()} == {2}


def test_strategies_only_come_from_the_requested_plan(client):
    make_plan_tree("psm-2021-2023", axes=1, strategies=4, actions=0)
    make_plan_tree("psm-2024-2026", axes=1, strategies=1, actions=0)

    response = client.get("/api/v1/plans/psm-2024-2026/strategies")

    assert [s["code"] for s in response.json()] == ["1.1"]


def test_strategies_answer_404_for_an_unknown_plan(client):
    assert client.get("/api/v1/plans/nope/strategies").status_code == 404


def test_strategy_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    old_plan = make_plan_tree("psm-2021-2023", axes=1, strategies=1, actions=0)
    old = old_plan.axes.get().strategies.get()
    plan = make_plan_tree("psm-2024-2026", axes=4, strategies=5, actions=3)
    plan.axes.get(number=1).strategies.update(previous=old)

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/plans/psm-2024-2026/strategies")

    assert len(response.json()) == 20
    assert response.json()[0]["previous"] == "psm-2021-2023:1.1"
    assert {s["actions_count"] for s in response.json()} == {3}


def test_strategy_detail_nests_its_actions(client):
    plan = make_plan("psm-2024-2026")
    strategy = make_strategy(make_axis(plan, 1), "1.2", sdg_goals="4")
    make_action(strategy, "1.2.2", title="Seconda")
    make_action(strategy, "1.2.1", title="Prima", funding_sources=["eu", "pnrr"])

    response = client.get("/api/v1/plans/psm-2024-2026/strategies/1.2")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == STRATEGY_FIELDS | {"actions"}
    assert body["code"] == "1.2"
    assert body["actions_count"] == 2
    assert [a["title"] for a in body["actions"]] == ["Prima", "Seconda"]
    assert body["actions"][0]["strategy"] == "1.2"
    assert body["actions"][0]["axis"] == 1
    assert body["actions"][0]["funding_sources"] == ["eu", "pnrr"]


def test_strategy_detail_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    make_plan_tree("psm-2024-2026", axes=1, strategies=1, actions=15)

    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/plans/psm-2024-2026/strategies/1.1")

    assert len(response.json()["actions"]) == 15


def test_strategy_detail_answers_404_for_an_unknown_strategy(client):
    make_plan_tree("psm-2024-2026", axes=1, strategies=1, actions=0)

    response = client.get("/api/v1/plans/psm-2024-2026/strategies/9.9")

    assert response.status_code == 404
    assert "9.9" in response.json()["detail"]


def test_strategy_detail_answers_404_for_an_unknown_plan(client):
    assert client.get("/api/v1/plans/nope/strategies/1.1").status_code == 404


def test_strategies_come_in_axis_then_code_order(client):
    plan = make_plan("psm-2024-2026")
    second, first = make_axis(plan, 2), make_axis(plan, 1)
    make_strategy(second, "2.1")
    make_strategy(first, "1.2")
    make_strategy(first, "1.1")

    codes = [s["code"] for s in client.get("/api/v1/plans/psm-2024-2026/strategies").json()]

    assert codes == ["1.1", "1.2", "2.1"]
