import datetime

import pytest

from trama.process.models import PhaseKind
from trama.process.tests.factories import make_phase, make_process

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def on(monkeypatch):
    def set_day(day):
        monkeypatch.setattr("trama.api.process.today", lambda: day)

    return set_day


@pytest.fixture
def process():
    process = make_process(
        "psm",
        title="Verso il nuovo PSM",
        starts_on=D(2023, 6, 1),
        ends_on=D(2024, 3, 29),
        always_allows=["contributions"],
    )
    make_phase(
        process,
        PhaseKind.PRELIMINARE,
        starts_on=D(2023, 6, 1),
        ends_on=D(2023, 9, 30),
        period_label="giugno – settembre 2023",
        outputs=("valutazioni e proposte preliminari",),
    )
    make_phase(process, PhaseKind.ASCOLTO, starts_on=D(2023, 7, 1), ends_on=D(2023, 11, 30))
    return process


def test_process_list_gives_each_published_process_with_its_phases(client, process, on):
    make_process("bozza", is_published=False)
    on(D(2023, 8, 1))

    response = client.get("/api/v1/processes")

    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "psm",
            "title": "Verso il nuovo PSM",
            "starts_on": "2023-06-01",
            "ends_on": "2024-03-29",
            "is_sample": False,
            "state": "current",
            "always_allows": ["contributions"],
            "current_phase": "ascolto",
            "phases": [
                {
                    "kind": "preliminare",
                    "title": "Fase preliminare",
                    "starts_on": "2023-06-01",
                    "ends_on": "2023-09-30",
                    "period_label": "giugno – settembre 2023",
                    "is_current": True,
                    "allows": ["interviews", "questionnaires"],
                    "outputs": ["valutazioni e proposte preliminari"],
                },
                {
                    "kind": "ascolto",
                    "title": "Fase di ascolto",
                    "starts_on": "2023-07-01",
                    "ends_on": "2023-11-30",
                    "period_label": "",
                    "is_current": True,
                    "allows": ["event_registration", "questions", "questionnaires", "interviews"],
                    "outputs": [],
                },
            ],
        }
    ]


def test_no_phase_is_current_once_the_process_is_over(client, process, on):
    on(D(2026, 12, 1))

    [body] = client.get("/api/v1/processes").json()

    assert body["state"] == "over"
    assert body["current_phase"] is None
    assert [phase["is_current"] for phase in body["phases"]] == [False, False]


def test_process_list_puts_the_latest_starting_process_first(client):
    make_process("vecchio", starts_on=D(2020, 1, 1), ends_on=D(2020, 12, 31))
    make_process("nuovo", starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31), is_sample=True)

    body = client.get("/api/v1/processes").json()

    assert [(p["slug"], p["is_sample"]) for p in body] == [("nuovo", True), ("vecchio", False)]


def test_process_list_runs_three_queries_however_many_processes_and_phases(client, django_assert_max_num_queries):
    for year in range(2015, 2025):
        process = make_process(f"p{year}", starts_on=D(year, 1, 1), ends_on=D(year, 12, 31))
        for kind in PhaseKind.values:
            make_phase(process, kind, starts_on=D(year, 2, 1), ends_on=D(year, 3, 1), outputs=("a", "b"))

    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/processes")

    assert len(response.json()) == 10
    assert all(len(p["phases"]) == 5 for p in response.json())


def test_process_detail_gives_one_process(client, process):
    response = client.get("/api/v1/processes/psm")

    assert response.status_code == 200
    assert response.json()["slug"] == "psm"
    assert [phase["kind"] for phase in response.json()["phases"]] == ["preliminare", "ascolto"]


def test_process_detail_of_an_unknown_or_unpublished_process_is_404(client):
    make_process("bozza", is_published=False)

    for slug in ("bozza", "nessuno"):
        response = client.get(f"/api/v1/processes/{slug}")
        assert response.status_code == 404
        assert "non trovato" in response.json()["detail"]


def test_openapi_document_describes_the_process_endpoints(client):
    document = client.get("/api/v1/openapi.json").json()

    assert {"/api/v1/processes", "/api/v1/processes/{slug}"} <= set(document["paths"])
    listing = document["paths"]["/api/v1/processes"]["get"]
    assert listing["summary"] == "Processi partecipativi"
    schema = document["components"]["schemas"]["PhaseOut"]
    assert {"kind", "starts_on", "ends_on", "is_current", "allows", "outputs"} <= set(schema["properties"])
