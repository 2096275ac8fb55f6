from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client() -> Client:
    return Client()


def test_territory_page_draws_every_comune_on_the_map_without_a_tile_server(client, territory):
    page = client.get("/territorio/").content.decode()
    assert page.count("<path d=") == 312
    assert "tile" not in page.lower()
    assert 'role="img"' in page


def test_unassigned_comuni_are_hatched_and_counted_never_guessed(client, territory):
    page = client.get("/territorio/").content.decode()
    assert page.count('class="unassigned"') == 98
    assert "98 comuni non hanno ancora una zona" in page


def test_territory_page_lists_zones_with_counts_and_the_six_venues(client, territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get("/territorio/").content.decode()
    assert "Area Metropolitana Torino Ovest" in page
    assert "Carmagnolese e Chierese" in page
    assert "SUA 12-13-14" in page
    assert "Riva presso Chieri" in page


def test_zone_page_lists_its_comuni_with_population(client, territory):
    page = client.get("/territorio/zone/1/").content.decode()
    assert "Torino" in page
    assert "841.600" in page


def test_comuni_list_filters_unassigned_ones(client, territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        page = client.get("/territorio/comuni/", {"zona": "none"}).content.decode()
    assert "98 comuni" in page
    assert "Bussoleno" in page
    assert "non assegnata" in page


def test_comuni_list_searches_by_name(client, territory):
    page = client.get("/territorio/comuni/", {"q": "pinerolo"}).content.decode()
    assert "Salza di Pinerolo" in page
    assert "3 comuni" in page
    assert "Bussoleno" not in page


def test_unknown_zone_is_not_found(client, territory):
    assert client.get("/territorio/zone/12/").status_code == 404
