import pytest

from trama.api.tests.factories import make_venue, make_zone

pytestmark = pytest.mark.django_db


def test_venues_list_each_venue_with_its_zone_numbers(client):
    z1, z2, z3 = make_zone(1), make_zone(2), make_zone(3)
    make_venue("B", [z3], name="Eporediese", sua="SUA 2", host_town="Ivrea")
    make_venue("A", [z2, z1], name="Area metropolitana", sua="SUA 7", host_town="Torino")

    response = client.get("/api/v1/venues")

    assert response.status_code == 200
    assert response.json() == [
        {"letter": "A", "name": "Area metropolitana", "sua": "SUA 7", "host_town": "Torino", "zones": [1, 2]},
        {"letter": "B", "name": "Eporediese", "sua": "SUA 2", "host_town": "Ivrea", "zones": [3]},
    ]


def test_venue_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    zones = [make_zone(n) for n in range(1, 12)]
    for i, letter in enumerate("ABCDEF"):
        make_venue(letter, zones[i * 2 : i * 2 + 2])

    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/venues")

    assert len(response.json()) == 6
