from __future__ import annotations

from django.test import Client

from trama.plans.models import PlanVersion
from trama.plans.selectors import plan_search


def test_search_finds_the_action_on_the_integrated_fare(real_data):
    hits = plan_search(query="tariffazione")
    assert any(h.kind == "action" and h.code == "3.1.1" for h in hits)


def test_search_can_be_limited_to_one_plan_version(real_data):
    older = PlanVersion.objects.get(code="psm-2021-2023")
    hits = plan_search(query="Torino Metropoli Parco", plan=older)
    assert hits and all(h.plan_title == older.title for h in hits)


def test_every_word_must_match(real_data):
    assert plan_search(query="connessione digitale")
    assert not plan_search(query="connessione zzzyyyxxx")


def test_an_empty_query_returns_nothing(real_data):
    assert plan_search(query="   ") == []


def test_search_page_escapes_what_was_typed(real_data):
    page = Client().get("/cerca/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_search_page_answers_htmx_with_the_results_fragment_only(real_data):
    response = Client().get("/cerca/", {"q": "digitale"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="results"' in html
    assert "<html" not in html
    assert "digitale" in html.lower()


def test_postgresql_search_finds_plural_forms_that_the_sqlite_fallback_misses(real_data):
    from django.db import connection

    hits = plan_search(query="connessioni digitali")
    if connection.vendor == "postgresql":
        assert any(h.code == "1.1.1" for h in hits)
    else:
        assert not any(h.code == "1.1.1" for h in hits)
