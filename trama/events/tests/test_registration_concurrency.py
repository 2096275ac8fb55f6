"""Two people taking the last place at the same moment: the event row lock lets exactly one in (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from trama.events import services
from trama.events.models import Registration, RegistrationStatus
from trama.events.tests.factories import make_event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL; SQLite serialises writes anyway"),
]


def test_only_one_of_two_simultaneous_registrations_gets_the_last_place():
    event = make_event(capacity=1)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait()
            services.registration_submit(event=event, name=f"P{n}", email=f"p{n}@example.org", privacy_consent=True)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 1
    assert statuses.count(RegistrationStatus.WAITING) == 7
