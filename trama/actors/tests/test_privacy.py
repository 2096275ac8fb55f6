import pytest
from django.utils import timezone

from trama.actors.privacy import PRIVACY_NOTICE_VERSION, consent_now, email_hash

pytestmark = pytest.mark.django_db


def test_the_privacy_notice_names_the_controller_the_rights_and_its_version(client):
    response = client.get("/privacy/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Città metropolitana di Torino" in html
    assert "Garante per la protezione dei dati personali" in html
    assert f'<span id="privacy-version">{PRIVACY_NOTICE_VERSION}</span>' in html
    assert "Testo da validare" in html
    assert "/attori/miei-dati/" in html


def test_the_privacy_notice_has_an_english_version(client):
    response = client.get("/en/privacy/")

    assert response.status_code == 200
    assert "1. Data controller" in response.content.decode()


def test_a_consent_is_stamped_with_the_time_and_the_notice_version():
    before = timezone.now()

    consent = consent_now()

    assert consent.version == PRIVACY_NOTICE_VERSION
    assert before <= consent.given_at <= timezone.now()
    assert consent.as_dict()["version"] == PRIVACY_NOTICE_VERSION


def test_the_email_hash_ignores_case_and_spaces_and_does_not_contain_the_address():
    assert email_hash(" Ada@Example.it ") == email_hash("ada@example.it")
    assert email_hash("ada@example.it") != email_hash("bea@example.it")
    assert "ada" not in email_hash("ada@example.it")
    assert len(email_hash("ada@example.it")) == 64
