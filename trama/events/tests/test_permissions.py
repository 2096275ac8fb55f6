"""Permission matrices: role × action, and event state × process phase for registrations and questions."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from trama.accounts.models import Role
from trama.events import permissions
from trama.events.models import EventStatus
from trama.events.tests.factories import make_event, running_process
from trama.process.models import Allowance

pytestmark = pytest.mark.django_db

MODERATORS = {Role.PLAN_OFFICE, Role.REGIA}
MANAGERS = {Role.PLAN_OFFICE}


@pytest.mark.parametrize("role", list(Role))
def test_who_moderates_questions_and_manages_events(make_user, role):
    user = make_user(role)
    assert permissions.can_moderate_questions(user) is (role in MODERATORS)
    assert permissions.can_manage_events(user) is (role in MANAGERS)


def test_anonymous_and_inactive_people_moderate_nothing(make_user):
    assert not permissions.can_moderate_questions(AnonymousUser())
    assert not permissions.can_manage_events(AnonymousUser())
    inactive = make_user(Role.PLAN_OFFICE, username="ex", is_active=False)
    assert not permissions.can_moderate_questions(inactive)
    assert not permissions.can_manage_events(inactive)


PHASES = {
    "ascolto (iscrizioni e domande)": [Allowance.REGISTER_EVENTS, Allowance.ASK_QUESTIONS],
    "solo contributi": [Allowance.SUBMIT_CONTRIBUTIONS],
    "solo iscrizioni": [Allowance.REGISTER_EVENTS],
    "solo domande": [Allowance.ASK_QUESTIONS],
}


@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("status", list(EventStatus))
def test_registration_is_open_only_for_published_events_in_a_phase_that_allows_it(phase, status):
    event = make_event(running_process(allows=PHASES[phase]), status=status)
    expected = status == EventStatus.PUBLISHED and Allowance.REGISTER_EVENTS in PHASES[phase]
    assert permissions.registration_is_open(event) is expected


@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("status", list(EventStatus))
@pytest.mark.parametrize("questions_open", [True, False])
def test_questions_are_open_only_when_opened_on_a_published_event_in_a_phase_that_allows_them(
    phase, status, questions_open
):
    event = make_event(running_process(allows=PHASES[phase]), status=status, questions_open=questions_open)
    expected = questions_open and status == EventStatus.PUBLISHED and Allowance.ASK_QUESTIONS in PHASES[phase]
    assert permissions.can_ask_questions(event) is expected


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [
        (None, None, True),
        (-1, None, True),
        (1, None, False),
        (None, 1, True),
        (-2, -1, False),
    ],
)
def test_the_registration_window_is_respected(opens, closes, expected):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    event = make_event(
        registration_opens_at=now + opens * day if opens is not None else None,
        registration_closes_at=now + closes * day if closes is not None else None,
    )
    assert permissions.registration_is_open(event, now) is expected


def test_a_process_that_is_not_published_closes_registration():
    process = running_process()
    process.is_published = False
    process.save()
    assert not permissions.registration_is_open(make_event(process))
