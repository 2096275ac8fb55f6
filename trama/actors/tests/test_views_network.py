import datetime

import pytest
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.process.models import PhaseKind
from trama.process.tests.factories import make_phase, make_process

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "/attori/rete/"


@pytest.fixture
def process():
    process = make_process("psm", title="Verso il nuovo PSM", starts_on=D(2023, 6, 1), ends_on=D(2024, 3, 29))
    make_phase(process, PhaseKind.ASCOLTO, starts_on=D(2023, 7, 1), ends_on=D(2023, 11, 30))
    make_phase(process, PhaseKind.CO_PIANIFICAZIONE, starts_on=D(2023, 11, 1), ends_on=D(2023, 12, 31))
    return process


@pytest.fixture
def with_people(source, process):
    source.add(D(2023, 8, 1), email="ada@example.it", name="Ada Lovelace", category="citizen")
    source.add(D(2023, 12, 1), email="bea@example.it", name="Bea <b>Bold</b>", organisation="Coop Sociale")
    return source


def client_as(make_user, role, **extra):
    client = Client()
    client.force_login(make_user(role, username=f"u-{role}", **extra))
    return client


def test_network_url_is_the_actors_network():
    assert reverse("actors:network") == URL


def test_the_public_sees_counts_per_phase_and_svg_charts_but_no_names(client, with_people):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 nuovi attori durante il processo" in html
    assert html.count('role="img"') == 2
    assert "Ada Lovelace" not in html
    assert "ada@example.it" not in html
    assert "Coop Sociale" not in html


@pytest.mark.parametrize(
    ("role", "is_staff", "sees_names"),
    [
        (Role.CITIZEN, False, False),
        (Role.STAKEHOLDER, False, False),
        (Role.FACILITATOR, True, False),
        (Role.REGIA, True, False),
        (Role.CABINA_DI_REGIA, False, False),
        (Role.PORTAVOCE, False, False),
        (Role.PLAN_OFFICE, True, True),
    ],
)
def test_only_the_plan_office_sees_the_names_of_the_actors(make_user, with_people, role, is_staff, sees_names):
    html = client_as(make_user, role, is_staff=is_staff).get(URL).content.decode()

    assert ("Ada Lovelace" in html) is sees_names
    assert ("Coop Sociale" in html) is sees_names


def test_names_are_escaped(plan_office_client, with_people):
    html = plan_office_client.get(URL).content.decode()

    assert "Bea <b>Bold</b>" not in html
    assert "Bea &lt;b&gt;Bold&lt;/b&gt;" in html


def test_a_process_can_be_chosen_and_an_unknown_one_is_not_found(client, source, process):
    make_process("altro", title="Altro processo", starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))

    assert "Verso il nuovo PSM" in client.get(URL, {"processo": "psm"}).content.decode()
    assert client.get(URL, {"processo": "nessuno"}).status_code == 404


def test_the_page_says_so_when_no_process_is_published(client, source):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Nessun processo pubblicato" in response.content.decode()


def test_network_page_runs_a_fixed_number_of_queries(
    plan_office_client, source, process, django_assert_max_num_queries
):
    for n in range(300):
        source.add(D(2023, 8, 1) + datetime.timedelta(days=n % 120), email=f"p{n}@example.it", name=f"P {n}")

    with django_assert_max_num_queries(12):
        response = plan_office_client.get(URL)

    assert "300 nuovi attori durante il processo" in response.content.decode()
