"""Near-duplicates: the «contributi simili» fragment and merging a duplicate from the board."""

from __future__ import annotations

from django.urls import reverse

from trama.analysis.models import TextUnit

HTMX = {"HX-Request": "true"}
SIMILAR = reverse("analysis:similar", kwargs={"corpus": "valli"})
BUS = "Servono più autobus serali tra le valli e Torino, oggi l'ultima corsa parte alle 19."


def test_the_similar_fragment_flags_a_near_identical_text_as_a_probable_duplicate(analysed_text, plan_office_client):
    existing = analysed_text(BUS)
    response = plan_office_client.get(SIMILAR, {"body": BUS.replace("19", "diciannove")}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f"#{existing.pk}" in html
    assert "probabile duplicato" in html


def test_the_similar_fragment_shows_nothing_for_a_short_text(analysed_text, plan_office_client):
    analysed_text(BUS)
    for body in ("", "autobus", " " * 40):
        html = plan_office_client.get(SIMILAR, {"body": body}, headers=HTMX).content.decode()
        assert html.strip() == ""


def test_the_similar_fragment_only_looks_inside_its_corpus(analysed_text, plan_office_client):
    analysed_text(BUS, corpus="altro-corpus")
    html = plan_office_client.get(SIMILAR, {"body": BUS}, headers=HTMX).content.decode()
    assert "probabile duplicato" not in html
    assert "Nessun contributo simile" in html


def test_the_similar_search_also_works_as_a_page_without_htmx(analysed_text, plan_office_client):
    analysed_text(BUS)
    response = plan_office_client.get(SIMILAR, {"body": BUS})
    html = response.content.decode()
    assert "<h1>Contributi simili già inviati</h1>" in html
    assert "probabile duplicato" in html
    assert 'for="simili-body"' in html


def test_the_similar_fragment_escapes_the_texts_it_shows(analysed_text, plan_office_client):
    analysed_text("<script>alert(1)</script> " + BUS)
    html = plan_office_client.get(SIMILAR, {"body": BUS}, headers=HTMX).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_the_board_offers_a_near_identical_text_as_a_duplicate_candidate(analysed_text, plan_office_client):
    original = analysed_text(BUS)
    copy = analysed_text(BUS + " Grazie.")
    html = plan_office_client.get(reverse("analysis:board", args=["valli"])).content.decode()
    assert "Unisci come duplicato" in html
    assert f'name="duplicate" value="{copy.pk}"' in html
    assert f'name="duplicate" value="{original.pk}"' in html


def test_merging_a_duplicate_keeps_both_texts_and_updates_both_rows(analysed_text, plan_office_client):
    original = analysed_text(BUS)
    copy = analysed_text(BUS + " Grazie.")
    url = reverse("analysis:duplicate_merge", args=["valli", original.pk])
    html = plan_office_client.post(url, {"duplicate": copy.pk}, headers=HTMX).content.decode()
    assert TextUnit.objects.count() == 2
    copy.refresh_from_db()
    assert copy.duplicate_of_id == original.pk
    assert copy.merged_by.username == "ufficio"
    assert html.lstrip().startswith(f'<li id="testo-{original.pk}"')
    assert 'hx-swap-oob="outerHTML"' in html
    assert f"duplicato di #{original.pk}" in html


def test_merging_without_htmx_redirects_to_the_original(analysed_text, plan_office_client):
    original = analysed_text(BUS)
    copy = analysed_text(BUS + " Grazie.")
    url = reverse("analysis:duplicate_merge", args=["valli", original.pk])
    response = plan_office_client.post(url, {"duplicate": copy.pk})
    assert response["Location"] == f"/analisi/valli/#testo-{original.pk}"
    page = plan_office_client.get(response["Location"]).content.decode()
    assert f"duplicato di #{original.pk}" in page


def test_a_text_cannot_be_merged_into_itself(analysed_text, plan_office_client):
    original = analysed_text(BUS)
    url = reverse("analysis:duplicate_merge", args=["valli", original.pk])
    response = plan_office_client.post(url, {"duplicate": original.pk})
    assert response.status_code == 400
    assert "non può essere il duplicato di sé stesso" in response.content.decode()
    original.refresh_from_db()
    assert original.duplicate_of_id is None


def test_a_duplicate_from_another_corpus_or_a_bad_id_is_refused(analysed_text, plan_office_client):
    original = analysed_text(BUS)
    foreign = analysed_text(BUS, corpus="altro-corpus")
    url = reverse("analysis:duplicate_merge", args=["valli", original.pk])
    assert plan_office_client.post(url, {"duplicate": foreign.pk}).status_code == 404
    assert plan_office_client.post(url, {"duplicate": "abc"}).status_code == 400
    foreign.refresh_from_db()
    assert foreign.duplicate_of_id is None
