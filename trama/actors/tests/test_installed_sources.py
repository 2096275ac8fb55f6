"""The pages work with the sources the installed apps really register (not only with the test source)."""

import datetime

import pytest

from trama.actors.registry import sources
from trama.actors.services import my_data_token_make
from trama.process.tests.factories import make_process

pytestmark = pytest.mark.django_db


def test_the_actors_own_records_are_a_registered_source():
    assert "actor" in {source.key for source in sources()}


def test_the_network_page_and_the_download_work_with_every_installed_source(client):
    make_process("psm", starts_on=datetime.date(2023, 6, 1), ends_on=datetime.date(2024, 3, 29))
    token = my_data_token_make(email="nessuno@example.it")

    network = client.get("/attori/rete/")
    download = client.get(f"/attori/miei-dati/{token}/scarica/")

    assert network.status_code == 200
    assert download.status_code == 200
    assert set(download.json()["sources"]) == {source.key for source in sources()}
