from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from trama.events import services
from trama.events.models import EventMode, EventTable, Registration, RegistrationStatus
from trama.events.tests.factories import make_event, running_process
from trama.process.models import Allowance

pytestmark = pytest.mark.django_db


def register(event, email: str, **extra):
    return services.registration_submit(
        event=event, name=extra.pop("name", "Maria Rossi"), email=email, privacy_consent=True, **extra
    ).registration


def test_registrations_are_confirmed_until_the_capacity_then_go_on_the_waiting_list(django_capture_on_commit_callbacks):
    event = make_event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, "a@example.org")
        second = register(event, "b@example.org")
        third = register(event, "c@example.org")
    assert [first.status, second.status, third.status] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    ]


def test_the_confirmation_email_carries_a_cancel_link_that_works(mailoutbox, django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, "Maria.Rossi@Example.org", site_url="http://testserver")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["maria.rossi@example.org"]
    assert "confermata" in mail.subject
    link = re.search(r"http://testserver(/\S+/annulla/)", mail.body)
    assert link is not None
    response = Client().post(link.group(1))
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_cancelling_a_confirmed_place_promotes_the_first_on_the_waiting_list_and_emails_them(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        holder = register(event, "a@example.org")
        first_waiting = register(event, "b@example.org")
        second_waiting = register(event, "c@example.org")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=holder)
    assert promoted is not None and promoted.pk == first_waiting.pk
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED
    assert first_waiting.promoted_at is not None
    assert second_waiting.status == RegistrationStatus.WAITING
    assert [m.to for m in mailoutbox] == [["b@example.org"]]
    assert "posto" in mailoutbox[0].subject


def test_cancelling_twice_or_from_the_waiting_list_promotes_nobody():
    event = make_event(capacity=1)
    holder = register(event, "a@example.org")
    waiting = register(event, "b@example.org")
    other = register(event, "c@example.org")
    assert services.registration_cancel(registration=waiting) is None
    assert services.registration_cancel(registration=waiting) is None
    other.refresh_from_db()
    holder.refresh_from_db()
    assert other.status == RegistrationStatus.WAITING
    assert holder.status == RegistrationStatus.CONFIRMED


def test_the_same_email_cannot_register_twice_but_can_again_after_cancelling():
    event = make_event()
    first = register(event, "a@example.org")
    with pytest.raises(ValidationError) as error:
        register(event, " A@EXAMPLE.ORG ")
    assert "già iscritto" in str(error.value.message_dict["email"])
    services.registration_cancel(registration=first)
    again = register(event, "a@example.org")
    assert again.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.filter(event=event).count() == 2


def test_the_database_refuses_two_active_registrations_with_the_same_email():
    event = make_event()
    register(event, "a@example.org")
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event,
            name="X",
            email="a@example.org",
            status=RegistrationStatus.WAITING,
            consent_at=now,
            consent_version="v",
        )


def test_a_retry_with_the_same_key_returns_the_first_registration_and_sends_one_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event()
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_submit(
            event=event, name="Maria", email="a@example.org", privacy_consent=True, client_key=key
        )
        second = services.registration_submit(
            event=event, name="Maria", email="a@example.org", privacy_consent=True, client_key=key
        )
    assert first.created and not second.created
    assert first.registration.pk == second.registration.pk
    assert Registration.objects.count() == 1
    assert len(mailoutbox) == 1


def test_privacy_consent_is_required_and_stored_with_time_and_notice_version():
    event = make_event()
    with pytest.raises(ValidationError) as error:
        services.registration_submit(event=event, name="M", email="a@example.org", privacy_consent=False)
    assert "privacy_consent" in error.value.message_dict
    registration = register(event, "b@example.org")
    assert registration.consent_at is not None
    assert registration.consent_version == services.PRIVACY_NOTICE_VERSION


def test_registration_is_refused_when_the_phase_does_not_allow_it():
    process = running_process(allows=[Allowance.SUBMIT_CONTRIBUTIONS])
    event = make_event(process)
    with pytest.raises(ValidationError, match="non sono aperte"):
        register(event, "a@example.org")
    assert not Registration.objects.exists()


def test_online_seats_of_a_hybrid_event_are_not_limited_by_the_room_capacity():
    event = make_event(capacity=1, mode=EventMode.IBRIDO)
    register(event, "a@example.org", attendance_mode="presenza")
    online = register(event, "b@example.org", attendance_mode="online")
    room = register(event, "c@example.org", attendance_mode="presenza")
    assert online.status == RegistrationStatus.CONFIRMED
    assert room.status == RegistrationStatus.WAITING


def test_people_choose_tables_of_interest_only_among_the_event_tables():
    event = make_event()
    other = make_event(event.process, title="Altro")
    mine = EventTable.objects.create(event=event, title="Tavolo Asse 1")
    theirs = EventTable.objects.create(event=other, title="Tavolo Asse 2")
    registration = register(event, "a@example.org", tables=[mine])
    assert list(registration.tables.all()) == [mine]
    with pytest.raises(ValidationError):
        register(event, "b@example.org", tables=[theirs])


def test_erasure_anonymises_registrations_but_keeps_the_counts():
    event = make_event()
    register(event, "a@example.org", name="Maria Rossi", organisation="Comune di Pinerolo")
    assert services.registration_erase("A@example.org") == 1
    registration = Registration.objects.get()
    assert "Maria" not in registration.name
    assert registration.email.endswith("@anonimo.invalid")
    assert registration.organisation == ""
    assert registration.status == RegistrationStatus.CONFIRMED


def test_registrations_close_when_the_event_starts():
    event = make_event()
    later = event.starts_at + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError):
        services.registration_submit(event=event, name="M", email="a@example.org", privacy_consent=True, now=later)


def test_one_network_can_make_only_so_many_registrations_an_hour(settings):
    settings.EVENT_REGISTRATIONS_PER_HOUR_PER_IP = 3
    event = make_event()
    for n in range(3):
        register(event, f"p{n}@example.org", ip="203.0.113.7")
    with pytest.raises(ValidationError, match="Troppe iscrizioni"):
        register(event, "p9@example.org", ip="203.0.113.7")
    register(event, "other@example.org", ip="198.51.100.1")
    later = timezone.now() + datetime.timedelta(hours=2)
    register(event, "later@example.org", ip="203.0.113.7", now=later)
    assert Registration.objects.count() == 5
    assert "203.0.113.7" not in Registration.objects.first().ip_hash


def test_a_registration_link_is_the_same_on_every_call_and_a_mailed_timestamped_one_still_opens():
    registration = register(make_event(), "link@example.org")
    first = services.registration_token(registration)
    assert first == services.registration_token(registration)
    assert services.registration_from_token(first) == registration
    mailed_before = signing.dumps({"r": registration.pk}, salt=services.SIGNING_NAMESPACE)
    assert services.registration_from_token(mailed_before) == registration
    assert services.registration_from_token(first[:-3] + "abc") is None
    assert services.registration_from_token(mailed_before[:-3] + "abc") is None
