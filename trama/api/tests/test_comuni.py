import pytest

from trama.api.tests.factories import make_comune, make_zone

pytestmark = pytest.mark.django_db

URL = "/api/v1/comuni"


def test_comuni_are_paginated_with_total_count_and_items(client):
    zone = make_zone(3, name="AMT Sud")
    make_comune("Moncalieri", istat_code="001156", zona=zone, population=57000, population_year=2024)
    make_comune("Ala di Stura", istat_code="001003", population=None, population_year=None)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "items": [
            {"istat_code": "001003", "name": "Ala di Stura", "population": None, "population_year": None, "zona": None},
            {"istat_code": "001156", "name": "Moncalieri", "population": 57000, "population_year": 2024, "zona": 3},
        ],
    }


def test_comuni_pages_follow_limit_and_offset(client):
    for name in ["Avigliana", "Bardonecchia", "Chieri", "Druento", "Exilles"]:
        make_comune(name)

    body = client.get(URL, {"limit": 2, "offset": 2}).json()

    assert body["count"] == 5
    assert [c["name"] for c in body["items"]] == ["Chieri", "Druento"]


def test_comuni_can_be_filtered_by_zone_number(client):
    make_comune("Ivrea", zona=make_zone(9))
    make_comune("Pinerolo", zona=make_zone(5))
    make_comune("Non assegnato")

    body = client.get(URL, {"zona": 9}).json()

    assert body["count"] == 1
    assert body["items"][0]["name"] == "Ivrea"


def test_comuni_filtered_by_zona_none_are_those_not_yet_assigned(client):
    make_comune("Ivrea", zona=make_zone(9))
    make_comune("Usseaux")

    body = client.get(URL, {"zona": "none"}).json()

    assert body["count"] == 1
    assert body["items"][0]["name"] == "Usseaux"


def test_comuni_reject_a_zona_that_is_neither_a_number_nor_none(client):
    assert client.get(URL, {"zona": "canavese"}).status_code == 422


def test_comuni_can_be_searched_by_name_ignoring_case(client):
    make_comune("San Mauro Torinese")
    make_comune("San Maurizio Canavese")
    make_comune("Torino")

    body = client.get(URL, {"q": "san mau"}).json()

    assert body["count"] == 2
    assert [c["name"] for c in body["items"]] == ["San Maurizio Canavese", "San Mauro Torinese"]


def test_comune_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    zones = [make_zone(n) for n in range(1, 6)]
    for n in range(60):
        make_comune(f"Comune {n:02d}", zona=zones[n % 5] if n % 6 else None)

    with django_assert_max_num_queries(2):
        body = client.get(URL, {"limit": 100}).json()

    assert body["count"] == 60
    assert len(body["items"]) == 60
