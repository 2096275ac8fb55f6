"""The plan office prepares an event from its pages: the event itself, tables and facilitators, the regia
(existing accounts or new ones invited by e-mail), without the admin."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role, User
from trama.live import services
from trama.live.models import LiveEvent, LiveEventStatus, RegiaMember, Theme
from trama.live.permissions import can_work_regia, is_regia_lead
from trama.live.tests.factories import make_plan
from trama.plans.models import Axis


def url(name: str, **kwargs: object) -> str:
    return reverse(f"live:{name}", kwargs=kwargs)


# ---------------------------------------------------------------- the event


def test_the_plan_office_creates_an_event_with_the_chosen_venues_and_tables(plan_office_client, db):
    make_plan()
    response = plan_office_client.post(
        url("event_new"),
        {
            "title": "Co-pianificazione di primavera",
            "starts_on": "2027-03-20",
            "letters": ["C", "B"],
            "tables_per_venue": 3,
        },
    )
    event = LiveEvent.objects.get(title="Co-pianificazione di primavera")
    assert response.status_code == 302 and response["Location"] == url("setup", slug=event.slug)
    assert event.status == LiveEventStatus.DRAFT and str(event.starts_on) == "2027-03-20"
    assert sorted(t.code for t in event.tables.select_related("venue")) == ["B1", "B2", "B3", "C1", "C2", "C3"]
    assert event.venues.get(letter="C").name == "Valli Susa e Sangone"
    assert Theme.objects.filter(event=event, is_dissent=True).count() == 1
    page = plan_office_client.get(response["Location"]).content.decode()
    assert "Evento creato con 6 tavoli" in page and "Modifica C3" in page


def test_bad_event_input_gets_messages_at_the_fields_and_creates_nothing(plan_office_client, db):
    response = plan_office_client.post(url("event_new"), {"title": "", "starts_on": "ieri", "tables_per_venue": "0"})
    assert response.status_code == 400
    page = response.content.decode()
    for message in ("Dai un titolo", "Scrivi una data valida", "Scegli almeno una sede", "Almeno un tavolo"):
        assert message in page
    assert 'aria-describedby="id_title_error"' in page and 'id="id_title_error"' in page
    assert not LiveEvent.objects.exists()


def test_a_resent_event_form_does_not_make_a_second_event(plan_office_client, db):
    make_plan()
    data = {"title": "Giornata unica", "starts_on": "2027-04-10", "letters": ["A"], "tables_per_venue": 2}
    assert plan_office_client.post(url("event_new"), data).status_code == 302
    again = plan_office_client.post(url("event_new"), data)
    assert again.status_code == 400
    assert "Esiste già un evento con questo titolo" in again.content.decode()
    assert LiveEvent.objects.filter(title="Giornata unica").count() == 1


def test_two_events_with_the_same_title_on_different_days_get_different_addresses(plan_office_client, db):
    for day in ("2027-05-01", "2027-05-08"):
        data = {"title": "Tavoli aperti", "starts_on": day, "letters": ["A"], "tables_per_venue": 1}
        plan_office_client.post(url("event_new"), data)
    assert sorted(LiveEvent.objects.values_list("slug", flat=True)) == ["tavoli-aperti", "tavoli-aperti-2"]


# ---------------------------------------------------------------- tables and facilitators


def test_the_plan_office_names_the_facilitator_and_changes_the_axis_keeping_the_badge(event, plan_office_client):
    table = event.tables.get(venue__letter="A", number=1)
    schools = Axis.objects.get(plan=event.plan, number=2)
    response = plan_office_client.post(
        url("table_edit", slug=event.slug, table_id=table.pk),
        {"label": "Scuole di valle", "axis": schools.pk, "facilitator_name": "Giulia Ferrero", "is_active": "on"},
    )
    assert response.status_code == 302
    table.refresh_from_db()
    assert (table.label, table.axis, table.facilitator_name, table.is_active) == (
        "Scuole di valle",
        schools,
        "Giulia Ferrero",
        True,
    )
    assert table.token == event.tables.get(pk=table.pk).token
    assert "Giulia Ferrero" in plan_office_client.get(url("setup", slug=event.slug)).content.decode()


def test_a_deactivated_table_can_no_longer_send_ideas(event, plan_office_client, client):
    table = event.tables.get(venue__letter="B", number=1)
    plan_office_client.post(url("table_edit", slug=event.slug, table_id=table.pk), {"label": table.label})
    idea = json.dumps({"uuid": str(uuid.uuid4()), "text": "Un'idea dopo la chiusura del tavolo"})
    response = client.post(url("idea_post", token=table.token), idea, content_type="application/json")
    assert response.status_code == 403
    assert "disattivato" in plan_office_client.get(url("setup", slug=event.slug)).content.decode()


def test_an_axis_of_another_plan_is_refused_at_the_field(event, plan_office_client):
    table = event.tables.get(venue__letter="A", number=2)
    foreign = Axis.objects.create(plan=make_plan("altro-piano", is_current=False), number=9, title="Altro")
    response = plan_office_client.post(
        url("table_edit", slug=event.slug, table_id=table.pk), {"axis": foreign.pk, "is_active": "on"}
    )
    assert response.status_code == 400
    assert "Asse non disponibile per questo evento" in response.content.decode()
    table.refresh_from_db()
    assert table.axis != foreign


def test_a_new_table_is_numbered_after_the_last_at_its_venue(event, plan_office_client):
    venue = event.venues.get(letter="B")
    response = plan_office_client.post(
        url("table_add", slug=event.slug),
        {"venue": venue.pk, "label": "Tavolo dei giovani", "facilitator_name": "Luca"},
    )
    assert response.status_code == 302
    added = event.tables.get(venue=venue, label="Tavolo dei giovani")
    assert added.code == "B3" and added.facilitator_name == "Luca"
    badges = plan_office_client.get(url("badges", slug=event.slug)).content.decode()
    assert f"/live/t/{added.token}/" in badges


def test_a_table_cannot_be_added_to_a_venue_of_another_event(event, plan_office_client):
    other = services.live_event_setup(title="Un altro evento", slug="altro", letters="C", tables_per_venue=1)
    response = plan_office_client.post(url("table_add", slug=event.slug), {"venue": other.venues.get().pk})
    assert response.status_code == 400
    assert "Sede non di questo evento" in response.content.decode()
    assert other.tables.count() == 1 and event.tables.count() == 4


# ---------------------------------------------------------------- the regia


def test_an_existing_regia_account_joins_as_lead_and_can_publish(event, plan_office_client, make_user):
    person = make_user(Role.REGIA, username="anna", first_name="Anna", last_name="Rosso")
    assert not can_work_regia(person, event)
    form_page = plan_office_client.get(url("setup", slug=event.slug)).content.decode()
    assert "Anna Rosso (anna)" in form_page
    response = plan_office_client.post(url("member_add", slug=event.slug), {"user": person.pk, "is_lead": "on"})
    assert response.status_code == 302
    assert can_work_regia(person, event) and is_regia_lead(person, event)


def test_a_citizen_account_is_not_offered_for_the_regia(event, plan_office_client, make_user):
    citizen = make_user(Role.CITIZEN, username="mario")
    response = plan_office_client.post(url("member_add", slug=event.slug), {"user": citizen.pk})
    assert response.status_code == 400
    assert "Account non disponibile" in response.content.decode()
    assert not RegiaMember.objects.filter(user=citizen).exists()


def test_the_lead_role_is_taken_back_and_a_removed_member_is_refused_at_once(event, plan_office_client, lead):
    member = RegiaMember.objects.get(event=event, user=lead)
    plan_office_client.post(url("member_switch", slug=event.slug, member_id=member.pk, action="componente"))
    assert can_work_regia(lead, event) and not is_regia_lead(lead, event)
    plan_office_client.post(url("member_switch", slug=event.slug, member_id=member.pk, action="togli"))
    regia = Client()
    regia.force_login(lead)
    assert regia.get(url("regia", slug=event.slug)).status_code == 403


def test_an_unknown_member_action_is_a_404(event, plan_office_client, member):
    pk = RegiaMember.objects.get(user=member).pk
    response = plan_office_client.post(url("member_switch", slug=event.slug, member_id=pk, action="promuovi"))
    assert response.status_code == 404
    assert RegiaMember.objects.filter(pk=pk).exists()


def test_a_new_person_is_invited_by_email_sets_a_password_and_works_in_the_regia(
    event, plan_office_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = plan_office_client.post(
            url("member_invite", slug=event.slug),
            {"first_name": "Chiara", "last_name": "Bosco", "email": "Chiara.Bosco@Example.org"},
        )
    assert response.status_code == 302
    person = User.objects.get(email="chiara.bosco@example.org")
    assert person.role == Role.REGIA and not person.has_usable_password()
    assert can_work_regia(person, event) and not is_regia_lead(person, event)
    [message] = mail.outbox
    assert message.to == ["chiara.bosco@example.org"] and event.title in message.subject
    link = re.search(r"http://testserver(/\S+)", str(message.body))
    assert link is not None and person.username in str(message.body)

    browser = Client()
    form_page = browser.get(link.group(1), follow=True)
    assert "Imposta la password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = browser.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and 'aria-invalid="true"' in weak.content.decode()
    done = browser.post(set_url, {"new_password1": "tavoli-in-valle-27", "new_password2": "tavoli-in-valle-27"})
    assert done.status_code == 302
    assert browser.get(url("regia", slug=event.slug)).status_code == 200
    assert "non vale più" in Client().get(link.group(1), follow=True).content.decode()


def test_an_invite_for_an_address_that_has_an_account_is_refused_at_the_field(event, plan_office_client, make_user):
    make_user(Role.REGIA, username="gia", email="gia@example.org")
    response = plan_office_client.post(
        url("member_invite", slug=event.slug), {"first_name": "G", "last_name": "A", "email": "GIA@example.org"}
    )
    assert response.status_code == 400
    assert "Esiste già un account con questa e-mail" in response.content.decode()
    assert User.objects.filter(email__iexact="gia@example.org").count() == 1 and not mail.outbox


def test_bad_invite_input_gets_messages_at_the_fields(event, plan_office_client):
    response = plan_office_client.post(url("member_invite", slug=event.slug), {"email": "non-un-indirizzo"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Scrivi il nome" in page and "Scrivi il cognome" in page and "indirizzo e-mail valido" in page


# ---------------------------------------------------------------- who may


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("event_new", {}),
        ("table_add", {}),
        ("table_edit", {"table_id": 0}),
        ("member_add", {}),
        ("member_invite", {}),
        ("member_switch", {"member_id": 0, "action": "togli"}),
    ],
)
def test_only_the_plan_office_prepares_events_even_the_regia_lead_gets_a_403(event, lead, name, kwargs):
    if "table_id" in kwargs:
        kwargs = {"table_id": event.tables.first().pk}
    if "member_id" in kwargs:
        kwargs = {**kwargs, "member_id": RegiaMember.objects.get(user=lead).pk}
    if name != "event_new":
        kwargs = {"slug": event.slug, **kwargs}
    client = Client()
    client.force_login(lead)
    assert client.post(url(name, **kwargs), {"title": "X", "letters": ["A"], "tables_per_venue": 1}).status_code == 403
    assert Client().post(url(name, **kwargs)).status_code == 302  # anonymous: to the login page
    assert RegiaMember.objects.filter(user=lead, is_lead=True).exists()
    assert LiveEvent.objects.count() == 1


def test_an_empty_post_gets_the_messages_not_a_blank_form(plan_office_client, event):
    response = plan_office_client.post(url("event_new"))
    assert response.status_code == 400 and "Dai un titolo" in response.content.decode()
    table = event.tables.get(venue__letter="A", number=1)
    response = plan_office_client.post(url("table_edit", slug=event.slug, table_id=table.pk))
    assert response.status_code == 302  # every field is optional: an empty form deactivates the table
    table.refresh_from_db()
    assert table.is_active is False
