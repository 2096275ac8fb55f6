"""The corpus board and the index: adding texts, the list of texts, escaping, bounded queries."""

from __future__ import annotations

import re
import uuid

from django.urls import reverse

from trama.analysis import services
from trama.analysis.forms import BODY_MAX_LENGTH
from trama.analysis.models import LinkState, TextKind, TextUnit

BOARD = reverse("analysis:board", kwargs={"corpus": "valli"})


def _add(client, body: str, key: uuid.UUID | None = None, **extra):
    data = {"body": body, "kind": TextKind.CONTRIBUTION, "author_label": "", "client_key": str(key or uuid.uuid4())}
    return client.post(BOARD, {**data, **extra})


def test_adding_a_text_stores_it_and_redirects_back_with_a_message(analysis_plan, plan_office_client):
    response = _add(plan_office_client, "Servono più piste ciclabili lungo la Dora.", author_label="Comune di Ivrea")
    assert response.status_code == 302
    assert response["Location"] == BOARD + "#aggiungi"
    text = TextUnit.objects.get()
    assert (text.corpus, text.kind, text.author_label) == ("valli", "contribution", "Comune di Ivrea")
    page = plan_office_client.get(response["Location"]).content.decode()
    assert f"Testo #{text.pk} aggiunto" in page


def test_submitting_the_same_form_twice_stores_one_text(analysis_plan, plan_office_client):
    key = uuid.uuid4()
    _add(plan_office_client, "Più autobus tra le valli e Torino la sera.", key)
    _add(plan_office_client, "Più autobus tra le valli e Torino la sera.", key)
    assert TextUnit.objects.count() == 1


def test_each_drawing_of_the_form_carries_a_new_submission_key(analysis_plan, plan_office_client):
    pattern = re.compile(r'name="client_key" value="([0-9a-f-]{36})"')
    keys = [pattern.findall(plan_office_client.get(BOARD).content.decode()) for _ in range(2)]
    assert len(keys[0]) == len(keys[1]) == 1
    assert keys[0] != keys[1]


def test_an_empty_text_is_refused_with_an_italian_error_on_the_field(analysis_plan, plan_office_client):
    response = _add(plan_office_client, "   ")
    assert response.status_code == 200
    assert "Scrivi il testo." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not TextUnit.objects.exists()


def test_a_text_over_five_thousand_characters_is_refused(analysis_plan, plan_office_client):
    response = _add(plan_office_client, "a" * (BODY_MAX_LENGTH + 1))
    assert "Il testo è troppo lungo: al massimo 5000 caratteri" in response.content.decode()
    assert not TextUnit.objects.exists()


def test_an_unknown_kind_is_a_field_error_not_a_500(analysis_plan, plan_office_client):
    response = _add(plan_office_client, "Un testo qualsiasi abbastanza lungo.", kind="poesia")
    assert response.status_code == 200
    assert "Scegli un tipo di testo" in response.content.decode()


def test_a_broken_submission_key_is_a_field_error_not_a_500(analysis_plan, plan_office_client):
    response = plan_office_client.post(BOARD, {"body": "Un testo di prova.", "kind": "other", "client_key": "xx"})
    assert response.status_code == 200
    assert not TextUnit.objects.exists()


def test_a_corpus_slug_that_is_not_a_slug_or_too_long_is_a_404(plan_office_client):
    assert plan_office_client.get("/analisi/non%20valido/").status_code == 404
    assert plan_office_client.get(f"/analisi/{'x' * 61}/").status_code == 404


def test_the_board_shows_each_text_with_kind_author_state_and_links(analysed_text, plan_office_client):
    text = analysed_text("Servono più autobus serali tra le valli e Torino.", kind="idea", author_label="Tavolo 3")
    link = text.links.select_related("strategy").first()
    page = plan_office_client.get(BOARD).content.decode()
    assert f'id="testo-{text.pk}"' in page
    assert "Idea da un tavolo" in page
    assert "Tavolo 3" in page
    assert link.strategy.code in page
    assert f"{round(link.score * 100)}%" in page
    assert "Conferma" in page and "Scarta" in page
    assert "Nessuna strategia (altro)" in page


def test_the_board_filters_texts_by_link_state(analysed_text, plan_office_client, plan_office_user):
    kept = analysed_text("Servono più autobus serali tra le valli e Torino.")
    other = analysed_text("Le scuole dei piccoli comuni chiudono, servono insegnanti.")
    services.text_mark_no_strategy(text=other, by=plan_office_user)
    page = plan_office_client.get(BOARD, {"stato": LinkState.NONE}).content.decode()
    assert f'id="testo-{other.pk}"' in page
    assert f'id="testo-{kept.pk}"' not in page
    # A state that does not exist shows every text instead of failing.
    page = plan_office_client.get(BOARD, {"stato": "boh"}).content.decode()
    assert f'id="testo-{kept.pk}"' in page and f'id="testo-{other.pk}"' in page


def test_the_board_pages_texts_twenty_at_a_time(analysis_plan, plan_office_client):
    for i in range(23):
        services.text_submit(corpus="valli", body=f"Testo di prova numero {i}")
    first = plan_office_client.get(BOARD).content.decode()
    second = plan_office_client.get(BOARD, {"pagina": 2}).content.decode()
    assert first.count('class="text-row') == 20
    assert second.count('class="text-row') == 3
    assert "Pagina 2 di 2" in second


def test_text_bodies_and_author_labels_are_escaped(analysed_text, plan_office_client):
    analysed_text("<script>alert('x')</script> servono autobus", author_label="<b>io</b>")
    page = plan_office_client.get(BOARD).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
    assert "<b>io</b>" not in page


def test_the_board_makes_a_bounded_number_of_queries(analysed_text, plan_office_client, django_assert_max_num_queries):
    for i in range(15):
        analysed_text(f"Servono più autobus serali tra le valli e Torino, richiesta {i}.")
        analysed_text(f"Le scuole dei piccoli comuni chiudono, servono insegnanti ({i}).")
    services.themes_recluster(corpus="valli", k=2)
    # Session, user, plan, strategies, counts, one page of texts and their links, the duplicate candidates
    # of the whole page, themes and their strategies: the same number for 20 texts as for 2.
    with django_assert_max_num_queries(18):
        response = plan_office_client.get(BOARD)
    assert response.content.decode().count('class="text-row') == 20


def test_the_index_lists_corpora_with_their_counts(analysed_text, plan_office_client, plan_office_user):
    first = analysed_text("Servono più autobus serali tra le valli e Torino.")
    second = analysed_text("Servono più autobus serali tra le valli e Torino!")
    services.duplicate_merge(original=first, duplicate=second, by=plan_office_user)
    services.text_submit(corpus="evento-12", body="Una domanda dal pubblico sulle scuole.")
    page = plan_office_client.get(reverse("analysis:index")).content.decode()
    rows = re.findall(r'<th scope="row"><a href="/analisi/valli/">valli</a></th>(.*?)</tr>', page, re.S)
    assert len(rows) == 1
    assert re.findall(r">(\d+)<", rows[0]) == ["2", "1", "0", "0"]
    assert 'href="/analisi/evento-12/"' in page


def test_a_corpus_starts_from_the_index_with_its_first_text(analysis_plan, plan_office_client):
    data = {"corpus": "evento-12", "body": "Servono più autobus.", "kind": "question", "client_key": str(uuid.uuid4())}
    response = plan_office_client.post(reverse("analysis:index"), data)
    assert response.status_code == 302
    assert response["Location"] == "/analisi/evento-12/"
    assert TextUnit.objects.get().corpus == "evento-12"


def test_a_corpus_name_with_spaces_is_refused_on_the_index(analysis_plan, plan_office_client):
    data = {"corpus": "evento 12", "body": "Servono più autobus.", "kind": "question"}
    response = plan_office_client.post(reverse("analysis:index"), data)
    assert response.status_code == 200
    assert "Usa solo lettere, cifre" in response.content.decode()
    assert not TextUnit.objects.exists()
