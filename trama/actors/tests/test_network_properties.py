"""Whatever the records, the network report adds up: every actor counted once, running totals end at the total."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trama.actors.registry import ParticipationRecord
from trama.actors.selectors import network_report
from trama.process.models import Phase, PhaseKind, Process

D = datetime.date

records = st.lists(
    st.builds(
        ParticipationRecord,
        kind=st.sampled_from(["contribution", "event_registration", "interview"]),
        label=st.text(max_size=20),
        on=st.dates(min_value=D(2022, 1, 1), max_value=D(2025, 12, 31)),
        email=st.sampled_from(["", "a@example.it", "B@example.it", "c@example.it", " d@example.it "]),
        name=st.text(max_size=10),
        organisation=st.sampled_from(["", "Coop", "coop ", "Comune di Ivrea"]),
        category=st.sampled_from(["", "citizen", "istituzione", "stakeholder", "???"]),
        zona_id=st.sampled_from([None, 1, 2]),
    ),
    max_size=40,
)


@pytest.fixture(scope="module")
def process(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        process = Process(slug="p", title="P", starts_on=D(2023, 6, 1), ends_on=D(2024, 3, 29))
        process.save()
        Phase.objects.create(process=process, kind=PhaseKind.ASCOLTO, starts_on=D(2023, 7, 1), ends_on=D(2023, 11, 30))
        Phase.objects.create(
            process=process,
            kind=PhaseKind.CO_PIANIFICAZIONE,
            order=2,
            starts_on=D(2023, 11, 1),
            ends_on=D(2023, 12, 31),
        )
        yield process
        process.delete()


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=records)
def test_the_report_counts_each_actor_once_and_its_totals_add_up(source, process, batch):
    source.records = list(batch)

    report = network_report(process=process)

    assert sum(row.new for row in report.rows) == report.total
    assert (report.rows[-1].cumulative if report.rows else 0) == report.total
    assert sum(report.by_category.values()) == sum(report.by_zona.values()) == report.total
    assert report.new_during_process + report.already_there == report.total
    for kind in report.kinds:
        assert kind.actors + kind.anonymous <= kind.records
    in_window = [r for r in batch if process.starts_on <= r.on <= process.ends_on]
    assert sum(kind.records for kind in report.kinds) == len(in_window)
