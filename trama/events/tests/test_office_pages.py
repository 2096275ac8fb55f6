from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.events import forms, services
from trama.events.models import EventStatus, Registration
from trama.events.tests.factories import make_event

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def event():
    event = make_event()
    services.registration_submit(event=event, name="Maria Rossi", email="a@example.org", privacy_consent=True)
    return event


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.CITIZEN, 403), (Role.REGIA, 403), (Role.FACILITATOR, 403), (Role.PLAN_OFFICE, 200)],
)
def test_only_the_plan_office_sees_registrations_and_the_close_out(make_user, event, role, expected):
    client = Client()
    if role is not None:
        client.force_login(make_user(role))
    for name in ("events:registrations", "events:closeout"):
        assert client.get(reverse(name, args=[event.pk])).status_code == expected


def test_the_registrations_list_shows_names_and_counts_in_few_queries(
    plan_office_client, event, django_assert_max_num_queries
):
    for n in range(20):
        services.registration_submit(event=event, name=f"Persona {n}", email=f"p{n}@example.org", privacy_consent=True)
    with django_assert_max_num_queries(10):
        response = plan_office_client.get(reverse("events:registrations", args=[event.pk]))
    html = response.content.decode()
    assert "Maria Rossi" in html and "Persona 19" in html
    assert "Confermate: 21" in html


def test_check_in_marks_a_person_present_and_feeds_the_close_out(plan_office_client, event):
    registration = Registration.objects.get()
    response = plan_office_client.post(
        reverse("events:registration_check_in", args=[event.pk, registration.pk]),
        {"present": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert "presente dalle" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    closeout = plan_office_client.get(reverse("events:closeout", args=[event.pk])).content.decode()
    assert 'name="attendees_in_person" value="1"' in closeout


def test_the_close_out_publishes_minutes_counts_organisations_and_the_pdf_report(plan_office_client, event, client):
    response = plan_office_client.post(
        reverse("events:closeout", args=[event.pk]),
        {
            "minutes": "Verbale dell'incontro.",
            "attendees_in_person": "120",
            "attendees_online": "40",
            "organisations_present": "Comune di Ciriè\n\nEnvironment Park\n",
            "contribution_refs": "ABC-123",
            "report": SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED
    assert event.organisations_list == ["Comune di Ciriè", "Environment Park"]
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Verbale dell&#x27;incontro." in html
    assert "160 persone" in html
    report = client.get(reverse("events:report", args=[event.pk]))
    assert report.status_code == 200
    assert b"".join(report.streaming_content).startswith(b"%PDF")
    event.report.delete(save=False)


def test_a_report_that_is_not_a_pdf_is_refused_whatever_its_name(plan_office_client, event):
    response = plan_office_client.post(
        reverse("events:closeout", args=[event.pk]),
        {
            "minutes": "Verbale",
            "report": SimpleUploadedFile("report.pdf", b"PK\x03\x04 not a pdf at all", content_type="application/pdf"),
        },
    )
    assert response.status_code == 422
    assert "Il file non è un PDF" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_a_report_over_the_size_limit_is_refused(plan_office_client, event, monkeypatch):
    monkeypatch.setattr(forms, "REPORT_MAX_BYTES", 100)
    response = plan_office_client.post(
        reverse("events:closeout", args=[event.pk]),
        {"minutes": "Verbale", "report": SimpleUploadedFile("r.pdf", PDF + b"0" * 200, content_type="application/pdf")},
    )
    assert response.status_code == 422
    assert "troppo grande" in response.content.decode()


def test_bad_counts_get_field_errors_not_a_crash(plan_office_client, event):
    response = plan_office_client.post(
        reverse("events:closeout", args=[event.pk]),
        {"minutes": "", "attendees_in_person": "-3", "attendees_online": "tanti"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Scrivi il verbale" in html
    assert "non può essere negativo" in html
    assert "Scrivi un numero intero" in html
