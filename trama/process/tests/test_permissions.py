"""phase_allows as a matrix: phase kind × allowance × day before, during and after the phase."""

import datetime

import pytest

from trama.process.models import PHASE_DEFAULT_ALLOWS, Allowance, PhaseKind
from trama.process.permissions import (
    can_answer_questionnaires,
    can_register_to_events,
    can_submit_contribution,
    current_phase,
    current_phases,
    phase_allows,
)
from trama.process.tests.factories import make_phase, make_process

pytestmark = pytest.mark.django_db

D = datetime.date
PHASE_START, PHASE_END = D(2026, 3, 1), D(2026, 5, 31)
BEFORE, DURING, AFTER = D(2026, 2, 28), D(2026, 4, 15), D(2026, 6, 1)


@pytest.mark.parametrize("kind", PhaseKind.values)
@pytest.mark.parametrize("allowance", Allowance.values)
@pytest.mark.parametrize(("day", "inside"), [(BEFORE, False), (DURING, True), (AFTER, False)])
def test_a_phase_allows_exactly_what_its_kind_lists_and_only_while_it_runs(kind, allowance, day, inside):
    process = make_process()
    make_phase(process, kind, starts_on=PHASE_START, ends_on=PHASE_END)

    expected = inside and allowance in PHASE_DEFAULT_ALLOWS[kind]

    assert phase_allows(process, allowance, day) is expected


@pytest.mark.parametrize("allowance", Allowance.values)
@pytest.mark.parametrize("day", [BEFORE, DURING, AFTER])
def test_an_unpublished_process_allows_nothing(allowance, day):
    process = make_process(is_published=False, always_allows=list(Allowance.values))
    make_phase(process, PhaseKind.ASCOLTO, starts_on=PHASE_START, ends_on=PHASE_END, allows=list(Allowance.values))

    assert phase_allows(process, allowance, day) is False


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 12, 31), False),
        (D(2026, 1, 1), True),
        (BEFORE, True),
        (AFTER, True),
        (D(2026, 12, 31), True),
        (D(2027, 1, 1), False),
    ],
)
def test_the_modulo_online_is_open_for_the_whole_process_even_between_phases(day, expected):
    process = make_process(always_allows=[Allowance.SUBMIT_CONTRIBUTIONS])
    make_phase(process, PhaseKind.REDAZIONE_ADOZIONE, starts_on=PHASE_START, ends_on=PHASE_END)

    assert can_submit_contribution(process, day) is expected
    assert can_register_to_events(process, day) is False


def test_overlapping_phases_add_up_what_they_allow():
    process = make_process()
    make_phase(process, PhaseKind.PRELIMINARE, starts_on=D(2026, 1, 1), ends_on=D(2026, 4, 30))
    make_phase(process, PhaseKind.CO_PIANIFICAZIONE, starts_on=D(2026, 4, 1), ends_on=D(2026, 6, 30))

    assert phase_allows(process, Allowance.RECORD_INTERVIEWS, D(2026, 4, 15))
    assert phase_allows(process, Allowance.VOTE_PRIORITIES, D(2026, 4, 15))
    assert not phase_allows(process, Allowance.RECORD_INTERVIEWS, D(2026, 5, 15))
    assert [p.kind for p in current_phases(process, D(2026, 4, 15))] == ["preliminare", "co_pianificazione"]
    assert current_phase(process, D(2026, 4, 15)).kind == "co_pianificazione"


def test_what_a_phase_allows_is_data_the_plan_office_can_change():
    process = make_process()
    make_phase(
        process, PhaseKind.REDAZIONE_ADOZIONE, starts_on=PHASE_START, ends_on=PHASE_END, allows=["questionnaires"]
    )

    assert can_answer_questionnaires(process, DURING)
    assert not can_answer_questionnaires(process, AFTER)


def test_phase_boundaries_are_inclusive():
    process = make_process()
    make_phase(process, PhaseKind.ASCOLTO, starts_on=PHASE_START, ends_on=PHASE_END)

    assert can_register_to_events(process, PHASE_START)
    assert can_register_to_events(process, PHASE_END)
