from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from trama.events.models import AgendaItem, EventStatus, EventTable, Registration, RegistrationStatus
from trama.events.tests.factories import make_event, running_process
from trama.plans.models import Axis, PlanVersion

pytestmark = pytest.mark.django_db


def form_data(**extra):
    return {"name": "Maria Rossi", "email": "maria@example.org", "privacy_consent": "on", **extra}


def test_the_list_separates_upcoming_and_past_events_in_few_queries(client, django_assert_max_num_queries):
    process = running_process()
    now = timezone.now()
    for n in range(15):
        make_event(process, title=f"Futuro {n}")
        make_event(
            process,
            title=f"Passato {n}",
            starts_at=now - datetime.timedelta(days=n + 1),
            ends_at=now - datetime.timedelta(days=n + 1) + datetime.timedelta(hours=2),
        )
    make_event(process, title="Bozza segreta", status=EventStatus.DRAFT)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("events:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Futuro 0") < html.index("Incontri passati") < html.index("Passato 0")
    assert "Bozza segreta" not in html
    assert "Passato 14" not in html  # second page of past events
    assert "Passato 14" in client.get(reverse("events:list"), {"pagina": 2}).content.decode()


def test_a_draft_event_is_not_found(client):
    event = make_event(status=EventStatus.DRAFT)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404


def test_the_detail_shows_the_agenda_with_speakers_per_axis_and_the_tables(client):
    plan = PlanVersion.objects.create(code="psm-test", title="PSM test", period_start=2024, period_end=2026)
    axis = Axis.objects.create(plan=plan, number=3, title="Mobilità sostenibile")
    event = make_event()
    AgendaItem.objects.create(
        event=event,
        order=1,
        title="Tavola rotonda",
        speaker_name="Cristina Bargero",
        speaker_role="Presidente",
        speaker_organisation="Agenzia della Mobilità Piemontese",
        axis=axis,
    )
    EventTable.objects.create(event=event, title="Tavolo Asse 3", axis=axis)
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Relatori e relatrici per asse del piano" in html
    assert "Cristina Bargero" in html and "Agenzia della Mobilità Piemontese" in html
    assert "Tavolo Asse 3" in html
    assert "Iscriviti all&#x27;incontro" in html or "Iscriviti all'incontro" in html


def test_a_registration_redirects_to_its_confirmation_page(client, mailoutbox, django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:register", args=[event.pk]), form_data(), follow=True)
    assert response.status_code == 200
    assert "Iscrizione confermata" in response.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.CONFIRMED
    assert len(mailoutbox) == 1


def test_a_full_event_puts_people_on_the_waiting_list_with_their_position(client):
    event = make_event(capacity=1)
    client.post(reverse("events:register", args=[event.pk]), form_data(email="a@example.org"))
    response = client.post(reverse("events:register", args=[event.pk]), form_data(email="b@example.org"), follow=True)
    html = response.content.decode()
    assert "lista d&#x27;attesa" in html or "lista d'attesa" in html
    assert "posizione 1" in html


def test_missing_fields_get_italian_errors_linked_to_their_field(client):
    event = make_event()
    response = client.post(reverse("events:register", args=[event.pk]), {"email": "non-una-mail"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Scrivi il tuo nome e cognome." in html
    assert "Scrivi un indirizzo e-mail valido" in html
    assert "Per iscriverti devi accettare l&#x27;informativa sulla privacy." in html
    assert 'aria-describedby="id_name_errors"' in html
    assert 'id="id_name_errors"' in html
    assert not Registration.objects.exists()


def test_registering_twice_with_the_same_email_shows_an_error_on_the_email_field(client):
    event = make_event()
    client.post(reverse("events:register", args=[event.pk]), form_data())
    response = client.post(reverse("events:register", args=[event.pk]), form_data(name="Altra"))
    assert response.status_code == 422
    assert "già iscritto" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_double_submit_of_the_same_form_stores_one_registration(client):
    event = make_event()
    data = form_data(client_key="0b6a4f3e-2f7e-4f63-9c1c-0a4b3c2d1e0f")
    first = client.post(reverse("events:register", args=[event.pk]), data)
    second = client.post(reverse("events:register", args=[event.pk]), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1


def test_user_text_is_escaped(client):
    event = make_event(title="<script>alert(1)</script>", description="<b>grassetto</b>")
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>grassetto</b>" not in html


def test_registration_is_not_offered_after_the_event_and_posting_is_refused(client):
    now = timezone.now()
    event = make_event(starts_at=now - datetime.timedelta(days=2), ends_at=now - datetime.timedelta(days=2))
    assert 'id="iscrizione"' not in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    response = client.post(reverse("events:register", args=[event.pk]), form_data())
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_a_bad_cancel_token_is_not_found(client):
    assert client.get(reverse("events:registration_cancel", args=["falso:token"])).status_code == 404


def test_a_closed_event_shows_its_minutes_and_counts(client):
    event = make_event(
        status=EventStatus.CLOSED,
        minutes="Sono emerse nuove esigenze.",
        attendees_in_person=150,
        attendees_online=90,
        organisations_present="Comune di Pinerolo\nIRES Piemonte",
    )
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Sono emerse nuove esigenze." in html
    assert "240 persone (150 in presenza, 90 online)" in html
    assert "IRES Piemonte" in html


def test_the_pages_are_in_english_under_en(client):
    event = make_event(questions_open=True)
    try:
        assert "Upcoming meetings" in client.get("/en/incontri/").content.decode()
        assert "Register for the meeting" in client.get(f"/en/incontri/{event.pk}/").content.decode()
        assert "Ask a question" in client.get(f"/en/incontri/{event.pk}/domande/").content.decode()
    finally:
        translation.activate("it")  # the request left English active in this thread


def test_the_detail_page_needs_few_queries_whatever_the_agenda(client, django_assert_max_num_queries):
    event = make_event(questions_open=True)
    for n in range(12):
        AgendaItem.objects.create(event=event, order=n, title=f"Intervento {n}", speaker_name=f"Persona {n}")
        EventTable.objects.create(event=event, title=f"Tavolo {n}")
    with django_assert_max_num_queries(9):
        response = client.get(reverse("events:detail", args=[event.pk]))
    assert "Persona 11" in response.content.decode()


def test_the_registration_limit_counts_the_proxy_hop_only_behind_the_trusted_proxy(rf, settings):
    from trama.events.views import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.1.1", REMOTE_ADDR="127.0.0.1")
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "10.1.1.1"
