import pytest

from trama.api.tests.factories import make_axis, make_plan
from trama.plans.models import PnrrMission

pytestmark = pytest.mark.django_db


def test_axes_lists_the_axes_of_the_plan_in_number_order(client):
    plan = make_plan("psm-2024-2026")
    make_axis(plan, 2, title="Metropoli verde", pnrr_mission=PnrrMission.M2)
    make_axis(plan, 1, title="Metropoli digitale", description="Innovare", pnrr_mission=PnrrMission.M1, is_sample=True)
    make_axis(make_plan("psm-2021-2023"), 1, title="Asse di un altro piano")

    response = client.get("/api/v1/plans/psm-2024-2026/axes")

    assert response.status_code == 200
    assert response.json() == [
        {
            "number": 1,
            "title": "Metropoli digitale",
            "description": "Innovare",
            "pnrr_mission": "M1",
            "pnrr_mission_label": str(PnrrMission.M1.label),
            "is_sample": True,
        },
        {
            "number": 2,
            "title": "Metropoli verde",
            "description": "Descrizione dell'asse 2",
            "pnrr_mission": "M2",
            "pnrr_mission_label": str(PnrrMission.M2.label),
            "is_sample": False,
        },
    ]


def test_axes_give_the_mission_label_in_italian(client):
    make_axis(make_plan("psm-2024-2026"), 1, pnrr_mission=PnrrMission.M6)

    [axis] = client.get("/api/v1/plans/psm-2024-2026/axes").json()

    assert axis["pnrr_mission_label"].endswith("Salute")


def test_axes_give_null_mission_when_none_is_set(client):
    make_axis(make_plan("psm-2024-2026"), 1)

    [axis] = client.get("/api/v1/plans/psm-2024-2026/axes").json()

    assert axis["pnrr_mission"] is None
    assert axis["pnrr_mission_label"] is None


def test_axes_answers_404_for_an_unknown_plan(client):
    response = client.get("/api/v1/plans/nope/axes")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_axes_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    plan = make_plan("psm-2024-2026")
    for number in range(1, 7):
        make_axis(plan, number, pnrr_mission=f"M{number}")

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/plans/psm-2024-2026/axes")

    assert len(response.json()) == 6
