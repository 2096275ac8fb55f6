"""Confirming, rejecting and choosing the strategies of a text, with htmx (row fragment) and without (redirect)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trama.analysis.models import LinkState, LinkStatus, StrategyLink, TextUnit
from trama.plans.models import Strategy

HTMX = {"HX-Request": "true"}


@pytest.fixture
def suggested(analysed_text) -> tuple[TextUnit, StrategyLink]:
    text = analysed_text("Servono più autobus serali tra le valli e Torino, e treni più frequenti.")
    link = text.links.filter(status=LinkStatus.SUGGESTED).select_related("strategy").first()
    assert link is not None
    return text, link


def test_confirming_a_suggestion_with_htmx_returns_the_row_marked_confirmed(suggested, plan_office_client):
    text, link = suggested
    url = reverse("analysis:link_confirm", args=["valli", text.pk, link.pk])
    response = plan_office_client.post(url, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="testo-{text.pk}"')
    assert "<html" not in html
    assert "Confermato" in html
    link.refresh_from_db()
    text.refresh_from_db()
    assert link.status == LinkStatus.CONFIRMED
    assert link.decided_by.username == "ufficio"
    assert text.link_state == LinkState.CONFIRMED


def test_confirming_without_htmx_redirects_back_to_the_page_and_row(suggested, plan_office_client):
    text, link = suggested
    url = reverse("analysis:link_confirm", args=["valli", text.pk, link.pk])
    response = plan_office_client.post(url, {"next": "/analisi/valli/?stato=suggested&pagina=2"})
    assert response.status_code == 302
    assert response["Location"] == f"/analisi/valli/?stato=suggested&pagina=2#testo-{text.pk}"


def test_the_way_back_never_leaves_the_corpus(suggested, plan_office_client):
    text, link = suggested
    url = reverse("analysis:link_confirm", args=["valli", text.pk, link.pk])
    for next_url in ("https://example.org/", "//example.org/analisi/valli/", "/admin/", "/analisi/valli/../../admin/"):
        response = plan_office_client.post(url, {"next": next_url})
        assert response["Location"] == f"/analisi/valli/#testo-{text.pk}"


def test_rejecting_a_suggestion_marks_it_rejected(suggested, plan_office_client):
    text, link = suggested
    url = reverse("analysis:link_reject", args=["valli", text.pk, link.pk])
    html = plan_office_client.post(url, headers=HTMX).content.decode()
    assert "Scartato" in html
    link.refresh_from_db()
    assert link.status == LinkStatus.REJECTED


def test_a_text_can_be_linked_by_hand_to_another_strategy_of_the_current_plan(suggested, plan_office_client):
    text, _link = suggested
    strategy = Strategy.objects.filter(axis__plan__is_current=True).exclude(text_links__text=text).first()
    url = reverse("analysis:link_choose", args=["valli", text.pk])
    html = plan_office_client.post(url, {"strategy": strategy.pk}, headers=HTMX).content.decode()
    assert f"<strong>{strategy.code}</strong>" in html
    manual = StrategyLink.objects.get(text=text, strategy=strategy)
    assert (manual.status, manual.rank) == (LinkStatus.CONFIRMED, 0)


@pytest.mark.parametrize("value", ["999999", "abc", ""])
def test_an_unknown_strategy_is_a_field_error_in_italian(suggested, plan_office_client, value):
    text, _link = suggested
    url = reverse("analysis:link_choose", args=["valli", text.pk])
    before = StrategyLink.objects.count()
    htmx = plan_office_client.post(url, {"strategy": value}, headers=HTMX)
    plain = plan_office_client.post(url, {"strategy": value})
    assert htmx.status_code == 200  # htmx swaps only successful answers: the row shows the error
    assert plain.status_code == 400
    for response in (htmx, plain):
        html = response.content.decode()
        assert "Scegli una strategia" in html or "non è nel piano vigente" in html
        assert f'aria-describedby="strategia-{text.pk}-errore"' in html
    assert StrategyLink.objects.count() == before


def test_a_strategy_of_an_older_plan_cannot_be_chosen(suggested, plan_office_client):
    text, _link = suggested
    old = Strategy.objects.filter(axis__plan__is_current=False).first()
    url = reverse("analysis:link_choose", args=["valli", text.pk])
    html = plan_office_client.post(url, {"strategy": old.pk}, headers=HTMX).content.decode()
    assert "non è nel piano vigente" in html
    assert not StrategyLink.objects.filter(strategy=old).exists()


def test_nessuna_strategia_sets_the_text_to_none_and_rejects_its_suggestions(suggested, plan_office_client):
    text, _link = suggested
    url = reverse("analysis:text_no_strategy", args=["valli", text.pk])
    html = plan_office_client.post(url, headers=HTMX).content.decode()
    text.refresh_from_db()
    assert text.link_state == LinkState.NONE
    assert not text.links.exclude(status=LinkStatus.REJECTED).exists()
    assert "Nessuna strategia (altro)" in html


def test_a_text_or_link_of_another_corpus_is_a_404(suggested, analysed_text, plan_office_client):
    text, link = suggested
    foreign = analysed_text("Le scuole dei piccoli comuni chiudono.", corpus="altro-corpus")
    assert (
        plan_office_client.post(reverse("analysis:link_confirm", args=["altro-corpus", text.pk, link.pk])).status_code
        == 404
    )
    foreign_link = foreign.links.first()
    assert (
        plan_office_client.post(reverse("analysis:link_confirm", args=["valli", text.pk, foreign_link.pk])).status_code
        == 404
    )
    assert plan_office_client.get(reverse("analysis:text", args=["valli", foreign.pk])).status_code == 404


def test_the_page_of_one_text_shows_its_row(suggested, plan_office_client):
    text, _link = suggested
    html = plan_office_client.get(reverse("analysis:text", args=["valli", text.pk])).content.decode()
    assert f'id="testo-{text.pk}"' in html
    assert "<h1>" in html
