"""«I miei dati»: a link by e-mail, then the download and the erasure of one's own data only."""

import datetime
import json
import re
import time

import pytest
from django.core import signing

from trama.actors.models import ErasureRequest, Person
from trama.actors.privacy import email_hash
from trama.actors.services import my_data_token_make

pytestmark = pytest.mark.django_db

D = datetime.date
REQUEST_URL = "/attori/miei-dati/"


@pytest.fixture
def two_people(source):
    source.add(D(2023, 8, 1), email="ada@example.it", label="Il contributo di Ada")
    source.add(D(2023, 8, 2), email="bea@example.it", label="Il contributo di Bea")
    Person.objects.create(name="Ada Rossi", email="ada@example.it")
    return source


def link_in(mail) -> str:
    return re.search(r"https?://\S+", mail.body).group(0)


def test_asking_sends_a_link_by_email_and_the_page_says_the_same_whoever_asks(
    client, two_people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(REQUEST_URL, {"email": "ADA@example.it"})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(REQUEST_URL, {"email": "nobody@example.it"})

    assert known.status_code == unknown.status_code == 200
    assert "Se la piattaforma ha dati per" in known.content.decode()
    assert [mail.to for mail in mailoutbox] == [["ada@example.it"], ["nobody@example.it"]]
    assert "/attori/miei-dati/" in link_in(mailoutbox[0])
    assert "24 ore" in mailoutbox[0].body


def test_a_wrong_address_gets_a_field_error_and_no_mail(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REQUEST_URL, {"email": "non-un-indirizzo"})

    html = response.content.decode()
    assert "Indica un indirizzo e-mail valido" in html
    assert 'aria-invalid="true"' in html
    assert "id_email_errors" in html
    assert mailoutbox == []


def test_links_are_limited_per_address_and_hour(client, source, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.post(REQUEST_URL, {"email": "ada@example.it"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert len(mailoutbox) == 3


def test_the_link_from_the_mail_shows_and_downloads_only_that_persons_data(
    client, two_people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REQUEST_URL, {"email": "ada@example.it"})
    page = client.get(link_in(mailoutbox[0]))
    download = client.get(link_in(mailoutbox[0]) + "scarica/")

    assert page.status_code == 200
    assert "ada@example.it" in page.content.decode()
    assert download["Content-Disposition"].startswith("attachment")
    document = json.loads(download.content)
    assert document["email"] == "ada@example.it"
    assert document["sources"]["contribution"]["records"] == [
        {"label": "Il contributo di Ada", "email": "ada@example.it", "on": "2023-08-01"}
    ]
    assert document["sources"]["actor"]["records"][0]["name"] == "Ada Rossi"
    assert "bea@example.it" not in download.content.decode()
    assert "Bea" not in download.content.decode()


def test_a_forged_or_altered_link_is_refused(client, two_people):
    good = my_data_token_make(email="ada@example.it")
    forged = signing.dumps({"email": "bea@example.it"}, salt="another-salt")
    altered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")

    for token in (forged, altered, "nonsense"):
        for suffix in ("", "scarica/"):
            response = client.get(f"/attori/miei-dati/{token}/{suffix}")
            assert response.status_code == 403
            assert "bea@example.it" not in response.content.decode()
    assert client.post(f"/attori/miei-dati/{forged}/cancella/", {"confirm": "on"}).status_code == 403
    assert len(two_people.records) == 2


def test_a_link_older_than_24_hours_is_refused(client, two_people, monkeypatch):
    token = my_data_token_make(email="ada@example.it")
    later = time.time() + 24 * 3600 + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = client.get(f"/attori/miei-dati/{token}/")

    assert response.status_code == 403
    assert "scaduto" in response.content.decode()


def test_erasure_asks_every_source_and_keeps_only_a_hash_of_the_address(client, two_people):
    token = my_data_token_make(email="ada@example.it")

    response = client.post(f"/attori/miei-dati/{token}/cancella/", {"confirm": "on"})

    assert response.status_code == 200
    assert "abbiamo cancellato o reso anonimi 2 record" in response.content.decode()
    assert two_people.erase_calls == ["ada@example.it"]
    assert [r.email for r in two_people.records] == ["bea@example.it"]
    assert not Person.objects.filter(email="ada@example.it").exists()
    erasure = ErasureRequest.objects.get()
    assert erasure.email_hash == email_hash("ada@example.it")
    assert "ada" not in erasure.email_hash
    assert erasure.erased == {"actor": 1, "contribution": 1}
    assert erasure.completed_at is not None


def test_erasure_needs_the_confirmation(client, two_people):
    token = my_data_token_make(email="ada@example.it")

    response = client.post(f"/attori/miei-dati/{token}/cancella/", {})

    assert response.status_code == 400
    assert "Per procedere spunta la conferma" in response.content.decode()
    assert len(two_people.records) == 2
    assert not ErasureRequest.objects.exists()


def test_erasure_is_post_only(client, two_people):
    token = my_data_token_make(email="ada@example.it")

    assert client.get(f"/attori/miei-dati/{token}/cancella/").status_code == 405
    assert len(two_people.records) == 2
