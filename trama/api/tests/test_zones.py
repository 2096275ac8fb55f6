import pytest

from trama.api.tests.factories import make_comune, make_venue, make_zone

pytestmark = pytest.mark.django_db


def test_zones_list_each_zone_with_comuni_count_population_and_venue_letters(client):
    canavese = make_zone(2, name="Canavese")
    torino = make_zone(1, name="Torino")
    make_comune("Ivrea", zona=canavese, population=23000)
    make_comune("Cuorgnè", zona=canavese, population=9000)
    make_comune("Torino", zona=torino, population=850000)
    make_venue("B", [canavese])
    make_venue("A", [torino, canavese])

    response = client.get("/api/v1/zones")

    assert response.status_code == 200
    assert response.json() == [
        {"number": 1, "name": "Torino", "comuni_count": 1, "population": 850000, "venues": ["A"]},
        {"number": 2, "name": "Canavese", "comuni_count": 2, "population": 32000, "venues": ["A", "B"]},
    ]


def test_zones_without_comuni_count_zero_and_have_no_population(client):
    make_zone(5, name="Pinerolese")

    [zone] = client.get("/api/v1/zones").json()

    assert zone["comuni_count"] == 0
    assert zone["population"] is None
    assert zone["venues"] == []


def test_zone_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    zones = [make_zone(n) for n in range(1, 12)]
    for n, zone in enumerate(zones):
        make_comune(f"Comune {n}", zona=zone)
    for i, letter in enumerate("ABCDEF"):
        make_venue(letter, zones[i * 2 : i * 2 + 2])

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/zones")

    assert len(response.json()) == 11


def test_zones_come_in_number_order(client):
    for number in (3, 1, 2):
        make_zone(number)

    assert [z["number"] for z in client.get("/api/v1/zones").json()] == [1, 2, 3]
