import datetime

import pytest

from trama.process.models import Allowance, PhaseKind
from trama.process.selectors import process_default, process_open_for
from trama.process.tests.factories import make_phase, make_process

pytestmark = pytest.mark.django_db

D = datetime.date


def test_process_open_for_contributions_is_the_one_whose_modulo_online_is_open_that_day():
    make_process("vecchio", starts_on=D(2023, 6, 1), ends_on=D(2024, 2, 29), always_allows=["contributions"])
    current = make_process("nuovo", starts_on=D(2026, 9, 1), ends_on=D(2026, 12, 31), always_allows=["contributions"])

    assert process_open_for(Allowance.SUBMIT_CONTRIBUTIONS, D(2026, 12, 1)) == current
    assert process_open_for("contributions", D(2023, 7, 1)).slug == "vecchio"
    assert process_open_for("contributions", D(2025, 1, 1)) is None


def test_process_open_for_prefers_the_latest_starting_of_two_overlapping_processes():
    make_process("lungo", starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31), always_allows=["contributions"])
    late = make_process("breve", starts_on=D(2026, 11, 1), ends_on=D(2026, 12, 31), always_allows=["contributions"])

    assert process_open_for("contributions", D(2026, 12, 1)) == late


def test_process_open_for_follows_the_running_phase_and_skips_unpublished_processes():
    process = make_process("p")
    make_phase(process, PhaseKind.ASCOLTO, starts_on=D(2026, 3, 1), ends_on=D(2026, 5, 31))
    make_process("bozza", is_published=False, always_allows=["event_registration"])

    assert process_open_for(Allowance.REGISTER_EVENTS, D(2026, 4, 1)) == process
    assert process_open_for(Allowance.REGISTER_EVENTS, D(2026, 7, 1)) is None
    assert process_open_for(Allowance.VOTE_PRIORITIES, D(2026, 4, 1)) is None


def test_process_default_is_the_running_one_else_the_most_recent():
    older = make_process("2023", starts_on=D(2023, 6, 1), ends_on=D(2024, 2, 29))
    newer = make_process("2025", starts_on=D(2025, 1, 1), ends_on=D(2025, 6, 30))
    make_process("nascosto", starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31), is_published=False)

    assert process_default(D(2023, 7, 1)) == older
    assert process_default(D(2026, 12, 1)) == newer


def test_process_default_is_none_without_published_processes():
    make_process("nascosto", is_published=False)

    assert process_default() is None
