from __future__ import annotations

import pytest
from django.urls import reverse

from trama.core.services import psm_data_load
from trama.events import demo, permissions
from trama.events.models import AgendaItem, Event, EventStatus
from trama.process.demo import demo_load as process_demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    psm_data_load()
    process_demo_load()
    demo.demo_load()


def test_the_launch_meeting_has_the_round_table_per_axis_of_the_public_report(loaded, client):
    launch = Event.objects.get(title=demo.LAUNCH_TITLE)
    assert launch.status == EventStatus.CLOSED
    assert launch.attendees_total == 240
    round_table = {
        (item.axis.number, item.speaker_name)
        for item in AgendaItem.objects.filter(event=launch, axis__isnull=False).select_related("axis")
    }
    assert round_table == {
        (1, "Laura Morgagni"),
        (2, "Matteo Beccuti"),
        (3, "Cristina Bargero"),
        (4, "Giuseppe Martino Di Giuda"),
        (4, "Cristina Ghiringhello"),
        (6, "Guido Giustetto"),
    }
    html = client.get(reverse("events:detail", args=[launch.pk])).content.decode()
    assert "Stefano Lo Russo" in html and "Sindaco metropolitano" in html
    assert "27 settembre 2023, ore 16.00" in html


def test_the_co_planning_event_is_held_in_the_six_venues(loaded):
    coplanning = Event.objects.get(title=demo.COPLANNING_TITLE)
    assert coplanning.venues.count() == 6
    assert "Riva presso Chieri" in coplanning.address


def test_the_sample_event_is_marked_and_open_for_registrations_and_questions(loaded):
    sample = Event.objects.get(title=demo.SAMPLE_TITLE)
    assert sample.is_sample and sample.process.is_sample
    assert permissions.registration_is_open(sample)
    assert permissions.can_ask_questions(sample)
    assert sample.tables.count() == 6


def test_loading_twice_changes_nothing(loaded):
    counts = (
        Event.objects.count(),
        AgendaItem.objects.count(),
        Event.objects.get(title=demo.SAMPLE_TITLE).questions.count(),
    )
    demo.demo_load()
    again = (
        Event.objects.count(),
        AgendaItem.objects.count(),
        Event.objects.get(title=demo.SAMPLE_TITLE).questions.count(),
    )
    assert counts == again
    assert counts[0] == 6
