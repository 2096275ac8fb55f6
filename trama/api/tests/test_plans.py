import pytest

from trama.api.tests.factories import make_action, make_axis, make_plan, make_plan_tree, make_strategy
from trama.plans.models import PlanStatus

pytestmark = pytest.mark.django_db


def test_plan_list_gives_each_plan_with_its_fields_and_counts(client):
    plan = make_plan_tree("psm-2024-2026", axes=2, strategies=3, actions=2)
    plan.is_current = True
    plan.save()
    sample_strategy = plan.axes.get(number=1).strategies.get(code="1.1")
    make_action(sample_strategy, "1.1.9", is_sample=True)

    response = client.get("/api/v1/plans")

    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "psm-2024-2026",
            "title": "Piano Strategico Metropolitano 2024-2026",
            "period_start": 2024,
            "period_end": 2026,
            "status": "adopted",
            "is_current": True,
            "vision_title": "Torino Metropoli aumentata",
            "counts": {"axes": 2, "strategies": 6, "actions": 13, "sample_actions": 1},
        }
    ]


def test_plan_list_puts_the_newest_plan_first(client):
    make_plan("psm-2021-2023", status=PlanStatus.ARCHIVED)
    make_plan("psm-2024-2026")

    codes = [plan["code"] for plan in client.get("/api/v1/plans").json()]

    assert codes == ["psm-2024-2026", "psm-2021-2023"]


def test_plan_list_counts_zero_for_an_empty_plan(client):
    make_plan("psm-2024-2026")

    [plan] = client.get("/api/v1/plans").json()

    assert plan["counts"] == {"axes": 0, "strategies": 0, "actions": 0, "sample_actions": 0}


def test_plan_list_runs_one_query_however_many_plans(client, django_assert_max_num_queries):
    for start in (2015, 2018, 2021, 2024):
        make_plan_tree(f"psm-{start}-{start + 2}", axes=3, strategies=2, actions=2)

    with django_assert_max_num_queries(1):
        response = client.get("/api/v1/plans")

    assert len(response.json()) == 4
    assert all(plan["counts"]["actions"] == 12 for plan in response.json())


def test_plan_detail_adds_the_vision(client):
    plan = make_plan("psm-2024-2026")
    strategy = make_strategy(make_axis(plan, 1), "1.1")
    make_action(strategy, "1.1.1", is_sample=True)

    response = client.get("/api/v1/plans/psm-2024-2026")

    assert response.status_code == 200
    body = response.json()
    assert body["vision"] == "Una metropoli più giusta, verde e connessa."
    assert body["code"] == "psm-2024-2026"
    assert body["counts"] == {"axes": 1, "strategies": 1, "actions": 1, "sample_actions": 1}
    assert set(body) == {
        "code",
        "title",
        "period_start",
        "period_end",
        "status",
        "is_current",
        "vision_title",
        "vision",
        "counts",
    }


def test_plan_detail_answers_404_json_for_an_unknown_plan(client):
    response = client.get("/api/v1/plans/psm-1999-2001")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "psm-1999-2001" in response.json()["detail"]
