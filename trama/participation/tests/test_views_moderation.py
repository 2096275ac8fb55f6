"""The moderation queue: filters, in-place htmx actions, suggestions and similar texts, hidden personal data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trama.analysis import services as analysis
from trama.participation.models import Contribution, ContributionStatus

HTMX = {"HX-Request": "true"}
URL = "/contributi/moderazione/"


def test_the_queue_shows_received_contributions_with_the_sender(plan_office_client, submit, approved):
    submit(title="Da leggere")
    approved(title="Già approvato", email="b@example.org")

    html = plan_office_client.get(URL).content.decode()

    assert "Da leggere" in html and "Già approvato" not in html
    assert "maria.rossi@example.org" in html
    assert "Ricevuto, in attesa di moderazione (1)" in html
    all_html = plan_office_client.get(URL + "?stato=").content.decode()
    assert "Già approvato" in all_html


def test_staff_without_the_personal_data_permission_do_not_see_name_and_email(plan_office_client, submit, monkeypatch):
    from trama.participation import views

    monkeypatch.setattr(views, "can_see_sender", lambda user: False)
    submit()

    html = plan_office_client.get(URL).content.decode()

    assert "Maria Rossi" not in html and "maria.rossi@example.org" not in html


def test_approving_in_place_answers_with_the_updated_row(plan_office_client, submit, client):
    c = submit().contribution

    response = plan_office_client.post(reverse("participation:approve", kwargs={"pk": c.pk}), headers=HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="c{c.pk}"')
    assert "Approvato e pubblicato" in html
    assert c.title in client.get("/contributi/").content.decode()


def test_rejecting_without_a_reason_shows_the_error_in_the_row(plan_office_client, submit):
    c = submit().contribution

    response = plan_office_client.post(
        reverse("participation:reject", kwargs={"pk": c.pk}), {f"r{c.pk}-reason": ""}, headers=HTMX
    )

    assert "Scrivi il motivo del rifiuto" in response.content.decode()
    c.refresh_from_db()
    assert c.status == ContributionStatus.RECEIVED


def test_rejecting_with_a_reason_without_htmx_redirects_back(plan_office_client, submit):
    c = submit().contribution

    response = plan_office_client.post(
        reverse("participation:reject", kwargs={"pk": c.pk}), {f"r{c.pk}-reason": "Fuori tema", "stato": "received"}
    )

    assert response.status_code == 302 and response["Location"].startswith(URL)
    c.refresh_from_db()
    assert c.status == ContributionStatus.REJECTED and c.moderation_reason == "Fuori tema"


def test_spam_and_excerpt_edits(plan_office_client, submit):
    c = submit().contribution

    plan_office_client.post(
        reverse("participation:excerpt", kwargs={"pk": c.pk}), {f"e{c.pk}-public_excerpt": "Breve"}, headers=HTMX
    )
    plan_office_client.post(reverse("participation:spam", kwargs={"pk": c.pk}), headers=HTMX)

    c.refresh_from_db()
    assert c.public_excerpt == "Breve" and c.status == ContributionStatus.SPAM


def test_linking_strategies_from_the_row(plan_office_client, submit):
    c = submit().contribution

    response = plan_office_client.post(
        reverse("participation:strategies", kwargs={"pk": c.pk}), {"strategies": ["1.1", "2.1", ""]}, headers=HTMX
    )

    assert sorted(s.code for s in c.strategies.all()) == ["1.1", "2.1"]
    assert "Strategie collegate aggiornate" in response.content.decode()
    bad = plan_office_client.post(
        reverse("participation:strategies", kwargs={"pk": c.pk}), {"strategies": ["7.7"]}, headers=HTMX
    )
    assert bad.status_code == 200 and "Strategia sconosciuta" in bad.content.decode()


def test_the_row_shows_the_analysis_suggestions_and_similar_contributions(plan_office_client, submit, settings):
    settings.CONTRIBUTIONS_PER_HOUR_PER_IP = 100
    first = submit(
        title="Autobus serali", text="Servono più autobus serali tra le valli e Torino, l'ultima corsa è alle 19."
    ).contribution
    second = submit(
        title="Corse serali",
        email="b@example.org",
        text="Servono più autobus serali tra le valli e Torino: l'ultima corsa parte alle 19.",
    ).contribution
    for c in (first, second):
        analysis.text_analyse(text_id=c.text_unit_id)

    html = plan_office_client.get(URL).content.decode()

    assert "Suggerite dall&#x27;analisi" in html or "Suggerite dall'analisi" in html
    assert "Simili" in html and first.receipt_code in html and second.receipt_code in html


def test_the_queue_costs_a_fixed_number_of_queries(plan_office_client, submit, settings, django_assert_max_num_queries):
    settings.CONTRIBUTIONS_PER_HOUR_PER_IP = 100
    submit()
    with django_assert_max_num_queries(30) as one:
        plan_office_client.get(URL)
    for n in range(15):
        submit(email=f"p{n}@example.org")
    with django_assert_max_num_queries(30) as many:
        plan_office_client.get(URL)

    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.mark.parametrize("pk", [0, 999999])
def test_acting_on_a_missing_contribution_is_a_404(plan_office_client, process, pk):
    assert plan_office_client.post(reverse("participation:approve", kwargs={"pk": pk})).status_code == 404
    assert Contribution.objects.count() == 0
