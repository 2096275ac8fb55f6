import datetime

import pytest
from django.urls import reverse

from trama.process.models import PhaseKind
from trama.process.tests.factories import make_phase, make_process

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def process():
    process = make_process(
        "psm",
        title="Verso il nuovo PSM",
        starts_on=D(2023, 6, 1),
        ends_on=D(2024, 3, 29),
        goals="raccogliere idee\nampliare la rete",
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
    make_phase(
        process,
        PhaseKind.ASCOLTO,
        starts_on=D(2023, 7, 1),
        ends_on=D(2023, 11, 30),
        outputs=("nuove esigenze e criticità",),
    )
    make_phase(process, PhaseKind.CO_PIANIFICAZIONE, starts_on=D(2023, 11, 1), ends_on=D(2023, 12, 31))
    return process


@pytest.fixture
def on(monkeypatch):
    def set_day(day):
        monkeypatch.setattr("trama.process.views.today", lambda: day)

    return set_day


def test_timeline_shows_phases_in_order_with_dates_esiti_and_what_they_allow(client, process, on):
    on(D(2023, 8, 1))

    response = client.get(reverse("process:detail", kwargs={"slug": "psm"}))

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        html.index("1. Fase preliminare")
        < html.index("2. Fase di ascolto")
        < html.index("3. Fase di co-pianificazione")
    )
    assert "Periodo annunciato: giugno – settembre 2023" in html
    assert "valutazioni e proposte preliminari" in html
    assert "iscriversi agli incontri" in html
    assert "ampliare la rete" in html
    assert "processo in corso" in html


def test_timeline_marks_the_latest_started_running_phase_as_current_step(client, process, on):
    on(D(2023, 8, 1))

    html = client.get(reverse("process:detail", kwargs={"slug": "psm"})).content.decode()

    assert html.count('aria-current="step"') == 1
    assert 'id="fase-ascolto" aria-current="step"' not in html
    assert 'aria-current="step" id="fase-ascolto"' in html


def test_timeline_says_the_process_is_over_after_its_end_and_marks_no_current_step(client, process, on):
    on(D(2026, 12, 1))

    html = client.get(reverse("process:detail", kwargs={"slug": "psm"})).content.decode()

    assert "processo concluso" in html
    assert 'aria-current="step"' not in html
    assert "Il processo è concluso" in html


def test_an_unpublished_or_unknown_process_is_not_found(client):
    make_process("bozza", is_published=False)

    assert client.get(reverse("process:detail", kwargs={"slug": "bozza"})).status_code == 404
    assert client.get(reverse("process:detail", kwargs={"slug": "nessuno"})).status_code == 404


def test_process_text_is_escaped(client):
    make_process("x", title="<script>alert(1)</script>")

    html = client.get(reverse("process:detail", kwargs={"slug": "x"})).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_process_list_shows_published_processes_with_their_state(client, process, on):
    make_process("bozza", title="Processo nascosto", is_published=False)
    on(D(2023, 8, 1))

    html = client.get(reverse("process:list")).content.decode()

    assert "Verso il nuovo PSM" in html
    assert "Processo nascosto" not in html
    assert "in corso" in html


def test_process_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for year in range(2015, 2025):
        process = make_process(f"p{year}", starts_on=D(year, 1, 1), ends_on=D(year, 12, 31))
        for kind in PhaseKind.values[:3]:
            make_phase(process, kind, starts_on=D(year, 2, 1), ends_on=D(year, 3, 1), outputs=("a", "b"))

    with django_assert_max_num_queries(4):
        response = client.get(reverse("process:list"))

    assert response.content.decode().count('class="card-wrapper') == 10


def test_timeline_runs_a_fixed_number_of_queries(client, process, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("process:detail", kwargs={"slug": "psm"}))

    assert response.status_code == 200


def test_timeline_is_translated_into_english(client, process, on):
    on(D(2023, 8, 1))

    html = client.get("/en/processo/psm/").content.decode()

    assert "Listening phase" in html
    assert "Expected outputs" in html
    assert "register for meetings" in html
