"""The public list and detail: approved contributions with consent, never personal data; filters, counts."""

from __future__ import annotations

import pytest

from trama.participation import services
from trama.participation.models import Contribution
from trama.plans.models import Strategy


def test_the_list_shows_only_approved_contributions_with_consent(client, approved, submit):
    approved(title="Pubblicato")
    approved(title="Senza consenso", publish_consent="false", email="b@example.org")
    submit(title="In attesa", email="c@example.org")

    html = client.get("/contributi/").content.decode()

    assert "Pubblicato" in html
    assert "Senza consenso" not in html and "In attesa" not in html
    assert "1 contributo" in html


def test_names_and_emails_are_never_shown_nor_a_citizens_organisation_or_comune(client, approved):
    citizen = approved(organisation="Bar Sport", comune="001191")
    approved(actor_category="stakeholder", organisation="Coldiretti Torino", email="s@example.org")

    for url in ["/contributi/", f"/contributi/{citizen.pk}/"]:
        html = client.get(url).content.decode()
        assert "Maria" not in html and "example.org" not in html, url
        assert "Bar Sport" not in html and "Pinerolo" not in html, url
        assert "Pinerolese" in html  # the zone stays
    assert "Coldiretti Torino" in client.get("/contributi/").content.decode()


def test_an_organisation_without_publish_consent_is_not_shown_even_if_approved(client, approved):
    c = approved(actor_category="stakeholder", organisation="Segreta Srl", publish_consent="false")

    assert client.get(f"/contributi/{c.pk}/").status_code == 404
    assert "Segreta Srl" not in client.get("/contributi/").content.decode()


def test_filters_narrow_the_list_and_counts_say_what_each_choice_would_show(client, approved, plan_office_user):
    a = approved(title="Titolo-alfa", strategy="1.1")
    approved(title="Titolo-beta", strategy="2.1", email="b@example.org", comune="001191")
    approved(title="Titolo-gamma", actor_category="istituzione", email="c@example.org", strategy="1.2")
    services.contribution_strategies_set(
        contribution=a, strategies=list(Strategy.objects.filter(code__in=["1.1", "2.1"])), by=plan_office_user
    )

    html = client.get("/contributi/?asse=1").content.decode()
    assert "Titolo-alfa" in html and "Titolo-gamma" in html and "Titolo-beta" not in html
    assert '<option value="1" selected>1 – Mobilità sostenibile (2)</option>' in html
    assert '<option value="2">2 – Istruzione e formazione (1)</option>' in html

    html = client.get("/contributi/?strategia=2.1").content.decode()
    assert "Titolo-alfa" in html and "Titolo-beta" in html and "Titolo-gamma" not in html

    html = client.get("/contributi/?zona=5").content.decode()
    assert "Titolo-beta" in html and "Titolo-alfa" not in html

    html = client.get("/contributi/?categoria=istituzione").content.decode()
    assert "Titolo-gamma" in html and "Titolo-alfa" not in html
    assert "Cittadino/a (2)" in html


@pytest.mark.parametrize(
    "query", ["asse=abc", "strategia=<x>", "zona=-1", "categoria=alieni", "pagina=999", "asse=1&pagina=x"]
)
def test_bad_filter_values_never_break_the_page(client, approved, query):
    approved()

    assert client.get(f"/contributi/?{query}").status_code == 200


def test_the_list_is_paginated_by_twenty(client, approved, settings):
    settings.CONTRIBUTIONS_PER_HOUR_PER_EMAIL = 100
    settings.CONTRIBUTIONS_PER_HOUR_PER_IP = 100
    for n in range(21):
        approved(title=f"Contributo numero {n:02d}")

    first = client.get("/contributi/").content.decode()
    second = client.get("/contributi/?pagina=2").content.decode()

    assert "Contributo numero 20" in first and "Contributo numero 00" not in first
    assert "Contributo numero 00" in second
    assert "pagina 1 di 2" in first


def test_the_list_costs_the_same_queries_for_one_or_many_contributions(
    client, approved, settings, django_assert_max_num_queries, plan_office_user
):
    settings.CONTRIBUTIONS_PER_HOUR_PER_EMAIL = 100
    settings.CONTRIBUTIONS_PER_HOUR_PER_IP = 100
    approved(strategy="1.1")
    with django_assert_max_num_queries(13) as one:
        client.get("/contributi/?asse=1")
    for n in range(25):
        approved(strategy="1.2", email=f"p{n}@example.org", actor_category="stakeholder", organisation=f"Org {n}")
    with django_assert_max_num_queries(13) as many:
        client.get("/contributi/?asse=1")

    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_detail_shows_the_public_text_and_the_linked_strategies(client, approved, plan_office_user):
    c = approved(strategy="1.1")
    services.contribution_excerpt_update(contribution=c, public_excerpt="Testo rivisto", by=plan_office_user)

    html = client.get(f"/contributi/{c.pk}/").content.decode()

    assert "Testo rivisto" in html and "L&#x27;ultima corsa" not in html
    assert "/piani/psm-2024-2026/strategie/1.1/" in html


def test_a_contribution_not_yet_approved_is_not_found(client, submit):
    c = submit().contribution

    assert client.get(f"/contributi/{c.pk}/").status_code == 404


def test_html_in_a_published_contribution_is_escaped(client, approved):
    c = approved(title="<script>alert('x')</script>", text="<b>grassetto</b> e <img src=x onerror=alert(1)>")

    for url in ["/contributi/", f"/contributi/{c.pk}/"]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_the_list_fragment_answers_htmx_with_only_the_results(client, approved):
    approved()

    html = client.get("/contributi/?asse=1", headers={"HX-Request": "true"}).content.decode()

    assert html.lstrip().startswith('<section id="risultati"')
    assert Contribution.objects.count() == 1


def test_the_pages_speak_english_under_en(client, approved, process):
    c = approved()

    assert "Published contributions" in client.get("/en/contributi/").content.decode()
    assert "Send the contribution" in client.get("/en/contributi/invia/").content.decode()
    assert "Plan strategies it refers to" in client.get(f"/en/contributi/{c.pk}/").content.decode()
