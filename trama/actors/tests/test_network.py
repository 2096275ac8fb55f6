"""The network report: who is new in which phase, by category and ZO, and who took part in what."""

import datetime

import pytest

from trama.actors.models import ActorRole, Person
from trama.actors.selectors import network_report
from trama.process.models import PhaseKind
from trama.process.tests.factories import make_phase, make_process
from trama.territory.models import ZonaOmogenea

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def process():
    process = make_process("psm", starts_on=D(2023, 6, 1), ends_on=D(2024, 3, 29))
    make_phase(process, PhaseKind.PRELIMINARE, starts_on=D(2023, 6, 1), ends_on=D(2023, 9, 30))
    make_phase(process, PhaseKind.ASCOLTO, starts_on=D(2023, 7, 1), ends_on=D(2023, 11, 30))
    make_phase(process, PhaseKind.CO_PIANIFICAZIONE, starts_on=D(2023, 11, 1), ends_on=D(2023, 12, 31))
    return process


def rows_by_label(report):
    return {row.label: row for row in report.rows}


def test_an_actor_is_counted_once_in_the_phase_of_their_first_participation(source, process):
    source.add(D(2023, 6, 15), email="ada@example.it", category="citizen")
    source.add(D(2023, 12, 5), email="ada@example.it", kind="event_registration")
    source.add(D(2023, 12, 6), email="bea@example.it", category="stakeholder")

    rows = rows_by_label(network_report(process=process))

    assert rows["Fase preliminare"].new == 1
    assert rows["Fase di co-pianificazione"].new == 1
    assert rows["Fase di co-pianificazione"].cumulative == 2
    assert rows["Fase di co-pianificazione"].by_category["stakeholder"] == 1


def test_when_phases_overlap_the_newest_running_phase_gets_the_new_actor(source, process):
    source.add(D(2023, 8, 1), email="ada@example.it")

    rows = rows_by_label(network_report(process=process))

    assert rows["Fase preliminare"].new == 0
    assert rows["Fase di ascolto"].new == 1


def test_without_email_an_organisation_is_the_actor_and_anonymous_records_are_nobody(source, process):
    source.add(D(2023, 8, 1), organisation="Legambiente Piemonte")
    source.add(D(2023, 8, 2), organisation="  legambiente   piemonte ")
    source.add(D(2023, 8, 3))

    report = network_report(process=process)

    assert report.total == 1
    [kind] = report.kinds
    assert (kind.records, kind.actors, kind.anonymous) == (3, 1, 1)


def test_actors_seen_before_the_process_are_not_new_and_later_records_are_left_out(source, process):
    source.add(D(2022, 5, 1), email="vecchia@example.it")
    source.add(D(2023, 8, 1), email="vecchia@example.it")
    source.add(D(2025, 1, 1), email="dopo@example.it")

    report = network_report(process=process)

    assert report.already_there == 1
    assert report.new_during_process == 0
    assert report.rows[0].label == "Già nella rete prima del processo"
    assert report.total == 1


def test_new_actors_are_counted_by_zona_and_by_category_from_their_first_known_values(source, process):
    zona = ZonaOmogenea.objects.create(number=3, name="AMT Sud")
    source.add(D(2023, 8, 1), email="ada@example.it")
    source.add(D(2023, 9, 1), email="ada@example.it", category="istituzione", zona_id=zona.pk)

    report = network_report(process=process)

    assert report.by_zona[zona.pk] == 1
    assert report.by_category["institution"] == 1


def test_who_took_part_in_what_counts_records_and_distinct_actors_per_kind(source, process):
    source.add(D(2023, 8, 1), email="ada@example.it", kind="contribution")
    source.add(D(2023, 8, 2), email="ada@example.it", kind="contribution")
    source.add(D(2023, 10, 1), email="ada@example.it", kind="event_registration")
    source.add(D(2023, 10, 1), email="bea@example.it", kind="event_registration")

    kinds = {k.kind: (k.records, k.actors) for k in network_report(process=process).kinds}

    assert kinds == {"contribution": (2, 1), "event_registration": (2, 2)}


def test_people_in_the_actor_register_join_the_network_when_given_a_role(source, process):
    zona = ZonaOmogenea.objects.create(number=5, name="Pinerolese")
    person = Person.objects.create(name="Portavoce di prova", email="pv@example.it", zona=zona, category="institution")
    ActorRole.objects.create(person=person, kind="portavoce", zona=zona, since=D(2023, 7, 10))
    source.add(D(2023, 12, 1), email="pv@example.it")

    report = network_report(process=process)

    assert rows_by_label(report)["Fase di ascolto"].new == 1
    assert report.total == 1
    assert report.actors[0].kinds == {"actor", "contribution"}
