from __future__ import annotations

import pytest
from django.test import Client


@pytest.fixture
def client() -> Client:
    return Client()


def test_home_shows_the_vision_and_the_plan_in_numbers(client, real_data):
    page = client.get("/").content.decode()
    assert "Torino Metro(poli)montana" in page
    assert "policentrica, sostenibile e coesa" in page
    for figure in (">6<", ">25<", ">113<", ">312<", ">11<"):
        assert figure in page


def test_plan_page_lists_every_axis_and_strategy_in_few_queries(client, real_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/piani/psm-2024-2026/")
    page = response.content.decode()
    assert page.count('href="/piani/psm-2024-2026/strategie/') == 25
    assert "Torino Metropoli più sana" in page


def test_axis_page_shows_description_mission_and_actions(client, real_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        page = client.get("/piani/psm-2024-2026/assi/3/").content.decode()
    assert "Piano urbano per la mobilità sostenibile (PUMS)" in page
    assert "M3 – Infrastrutture per una mobilità sostenibile" in page
    assert "unico sistema di tariffazione a livello metropolitano" in page


def test_real_action_is_not_marked_as_sample_but_invented_ones_are(client, real_data):
    real = client.get("/piani/psm-2024-2026/azioni/1.1.1/").content.decode()
    assert "Garantire qualità e affidabilità della connessione digitale su tutto il territorio metropolitano" in real
    assert "badge-sample" not in real
    sample = client.get("/piani/psm-2024-2026/azioni/1.1.2/").content.decode()
    assert "badge-sample" in sample
    assert "Questa azione è un esempio" in sample


def test_strategy_page_links_back_to_the_strategy_it_derives_from(client, real_data):
    page = client.get("/piani/psm-2024-2026/strategie/2.1/").content.decode()
    assert "Costruire e infrastrutturare la metropoli verde" in page
    assert "/piani/psm-2021-2023/strategie/2.1/" in page


def test_older_plan_version_is_browsable(client, real_data):
    page = client.get("/piani/psm-2021-2023/azioni/2.1.2/").content.decode()
    assert "Torino Metropoli Parco" in page


def test_plan_list_shows_both_versions_with_counts(client, real_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        page = client.get("/piani/").content.decode()
    assert "Piano Strategico Metropolitano 2024-2026" in page
    assert "Piano Strategico Metropolitano 2021-2023" in page
    assert "<td>111</td>" in page and "<td>113</td>" in page


@pytest.mark.parametrize(
    "url",
    [
        "/piani/psm-1999-2001/",
        "/piani/psm-2024-2026/assi/9/",
        "/piani/psm-2024-2026/strategie/9.9/",
        "/piani/psm-2024-2026/azioni/1.1.99/",
    ],
)
def test_unknown_plan_parts_answer_not_found(client, real_data, url):
    assert client.get(url).status_code == 404


def test_pages_are_served_in_english_under_en(client, real_data):
    page = client.get("/en/piani/psm-2024-2026/").content.decode()
    assert '<html lang="en">' in page
    assert "Axis 1" in page
