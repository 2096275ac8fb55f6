from __future__ import annotations

import pytest

from trama.actors.registry import sources
from trama.events import services
from trama.events.tests.factories import make_event

pytestmark = pytest.mark.django_db


def source():
    return next(s for s in sources() if s.key == "event_registration")


def test_registrations_are_declared_to_the_personal_data_registry_with_export_and_erasure():
    event = make_event(title="Co-pianificazione a Pinerolo")
    services.registration_submit(
        event=event, name="Maria Rossi", email="maria@example.org", organisation="Pro Loco", privacy_consent=True
    )
    exported = source().export("MARIA@example.org")
    assert exported[0]["incontro"] == "Co-pianificazione a Pinerolo"
    assert exported[0]["nome"] == "Maria Rossi"
    assert exported[0]["versione_informativa"] == services.PRIVACY_NOTICE_VERSION
    [record] = [r for r in source().participations() if r.email == "maria@example.org"]
    assert record.label == "Co-pianificazione a Pinerolo" and record.organisation == "Pro Loco"
    assert source().erase("maria@example.org") == 1
    assert source().export("maria@example.org") == []
    assert len(list(source().participations())) == 1  # still counted, without identity
