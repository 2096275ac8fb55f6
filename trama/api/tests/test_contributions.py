"""POST and GET /api/v1/contributions: the interface other tools rely on."""

from __future__ import annotations

import pytest
from django.test import Client

from trama.participation import services
from trama.participation.models import Attachment, Contribution
from trama.participation.tests import conftest as participation
from trama.participation.tests import files as f
from trama.participation.tests.conftest import valid_data

URL = "/api/v1/contributions"


@pytest.fixture(autouse=True)
def participation_settings(settings, tmp_path) -> None:
    participation.configure(settings, tmp_path)


@pytest.fixture
def process(db):
    """The participation tests' small plan and territory, and a process open today."""
    participation.build_territory()
    return participation.build_process(participation.build_plan())


def post(client: Client, key: str | None = "chiave-1", **data):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(URL, data, headers=headers)


def test_a_contribution_sent_as_multipart_gets_a_receipt(client, process):
    response = post(client, **valid_data(files=[f.upload("nota.pdf", f.pdf_bytes())]))

    assert response.status_code == 201
    body = response.json()
    c = Contribution.objects.get()
    assert body["receipt"] == c.receipt_code
    assert body["status"] == "received" and body["attachments"] == 1
    assert body["lookup_url"].endswith(f"/contributi/ricevuta/?codice={c.receipt_code}")


def test_the_same_idempotency_key_returns_the_same_receipt_and_stores_nothing(client, process):
    first = post(client, key="retry-42", **valid_data())
    second = post(client, key="retry-42", **valid_data(title="Diverso"))

    assert first.status_code == 201 and second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Contribution.objects.count() == 1


def test_the_csrf_check_does_not_apply(process):
    client = Client(enforce_csrf_checks=True)

    assert post(client, **valid_data()).status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "non-valida"}, "email"),
        ({"comune": "12"}, "comune"),
        ({"actor_category": "citizen"}, "actor_category"),
        ({"privacy_consent": "false"}, "privacy_consent"),
        ({"title": ""}, "title"),
        ({"strategy": "x"}, "strategy"),
    ],
)
def test_bad_input_answers_422_with_errors_per_field(client, process, overrides, field):
    response = post(client, **valid_data(**overrides))

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert response.json()["errors"][field][0]
    assert Contribution.objects.count() == 0


def test_a_wrong_or_oversize_file_answers_422_with_a_clear_message(client, process, settings):
    settings.CONTRIBUTION_MAX_FILE_BYTES = 2000
    wrong = post(client, key="a", **valid_data(files=[f.upload("x.pdf", f.exe_bytes())]))
    big = post(client, key="b", **valid_data(files=[f.upload("y.pdf", b"%PDF-1.4" + b"0" * 5000)]))

    assert wrong.status_code == 422 and "non è di un tipo accettato" in wrong.json()["errors"]["files"][0]
    assert big.status_code == 422 and "troppo grande" in big.json()["errors"]["files"][0]
    assert not Attachment.objects.exists()


def test_an_empty_or_unreadable_body_is_a_client_error(client, process):
    empty = client.post(URL)
    garbage = client.generic("POST", URL, b"\xff\xfe", content_type="multipart/form-data; boundary=zzz")
    json_bad = client.generic("POST", URL, b"[1, 2]", content_type="application/json")

    assert empty.status_code == 422 and "title" in empty.json()["errors"]
    assert garbage.status_code in (400, 422)
    assert json_bad.status_code == 400


def test_json_works_too_for_a_contribution_without_files(client, process):
    payload = {**valid_data(), "privacy_consent": True, "publish_consent": False}

    response = client.post(URL, payload, content_type="application/json")

    assert response.status_code == 201
    assert not Contribution.objects.get().publish_consent


def test_too_many_submissions_answer_429(client, process, settings):
    settings.CONTRIBUTIONS_PER_HOUR_PER_IP = 1
    post(client, key="a", **valid_data())

    response = post(client, key="b", **valid_data(email="altro@example.org"))

    assert response.status_code == 429 and response.json()["errors"]["__all__"]


def test_a_closed_modulo_answers_403(client, process):
    process.is_published = False
    process.save()

    assert post(client, **valid_data()).status_code == 403


def test_the_list_has_only_approved_contributions_without_personal_data(client, process, plan_office_user):
    ok = services.contribution_submit(process=process, data=valid_data(strategy="1.1"), idempotency_key="1", ip="")
    services.contribution_approve(contribution=ok.contribution, by=plan_office_user)
    services.contribution_submit(process=process, data=valid_data(email="b@example.org"), idempotency_key="2", ip="")

    response = client.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["title"] == "Più autobus serali nelle valli"
    assert item["actor_category"] == "cittadino" and item["organisation"] is None and item["comune"] is None
    assert item["zona"] == 1 and item["strategies"] == ["1.1"] and item["axis"] == 1
    raw = response.content.decode()
    assert "Maria" not in raw and "example.org" not in raw and "receipt" not in raw
    assert client.get(URL, {"strategy": "2.1"}).json()["count"] == 0
    assert client.get(URL, {"actor_category": "cittadino", "zona": 1}).json()["count"] == 1


def test_the_list_costs_a_fixed_number_of_queries(
    client, process, plan_office_user, django_assert_max_num_queries, settings
):
    settings.CONTRIBUTIONS_PER_HOUR_PER_EMAIL = 100
    for n in range(30):
        r = services.contribution_submit(process=process, data=valid_data(), idempotency_key=str(n), ip="")
        services.contribution_approve(contribution=r.contribution, by=plan_office_user)

    with django_assert_max_num_queries(4):
        assert len(client.get(URL, {"limit": 30}).json()["items"]) == 30
