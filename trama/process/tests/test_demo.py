import datetime

import pytest
from django.utils import timezone

from trama.process.demo import REAL_SLUG, SAMPLE_SLUG, demo_load
from trama.process.models import Allowance, Phase, PhaseOutput, Process
from trama.process.permissions import current_phase, phase_allows
from trama.process.selectors import process_open_for

pytestmark = pytest.mark.django_db


def test_demo_loads_the_real_process_with_its_phases_and_esiti_from_the_seeds():
    demo_load()

    process = Process.objects.get(slug=REAL_SLUG)
    assert process.title == "Verso il nuovo PSM 2024-2026"
    assert not process.is_sample
    assert [p.kind for p in process.phases.all()] == [
        "preliminare",
        "ascolto",
        "co_pianificazione",
        "restituzione",
        "redazione_adozione",
    ]
    ascolto = process.phases.get(kind="ascolto")
    assert (ascolto.starts_on, ascolto.ends_on) == (datetime.date(2023, 7, 1), datetime.date(2023, 11, 30))
    assert ascolto.period_label == "luglio – novembre 2023"
    assert process.phases.get(kind="restituzione").period_label == "primi mesi del 2024"
    assert list(process.phases.get(kind="preliminare").outputs.values_list("title", flat=True)) == [
        "convergenze e divergenze rispetto alle azioni previste dal PSM 2021-23",
        "valutazioni e proposte preliminari",
    ]
    assert len(process.goal_list) == 2
    assert process.goal_list[1].startswith("ampliare la rete degli attori coinvolti")
    assert phase_allows(process, Allowance.SUBMIT_CONTRIBUTIONS, datetime.date(2024, 1, 15))


def test_demo_sample_process_is_marked_and_runs_listening_today():
    demo_load()

    sample = Process.objects.get(slug=SAMPLE_SLUG)
    assert sample.is_sample
    assert "esempio" in sample.title
    assert current_phase(sample).kind == "ascolto"
    assert process_open_for(Allowance.SUBMIT_CONTRIBUTIONS) == sample
    assert process_open_for(Allowance.REGISTER_EVENTS) == sample
    assert process_open_for(Allowance.ANSWER_QUESTIONNAIRES) == sample
    assert sample.is_open_on(timezone.localdate())


def test_demo_load_twice_keeps_one_copy_of_everything():
    demo_load()
    counts = (Process.objects.count(), Phase.objects.count(), PhaseOutput.objects.count())

    demo_load()

    assert (Process.objects.count(), Phase.objects.count(), PhaseOutput.objects.count()) == counts == (2, 10, 13)
