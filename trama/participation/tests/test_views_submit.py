"""The modulo online in the browser's terms: the form, its errors, the thank-you page, a double click."""

from __future__ import annotations

import datetime
import re

from django.test import Client
from django.utils import timezone

from trama.participation.models import Contribution
from trama.participation.tests import files as f
from trama.participation.tests.conftest import valid_data

URL = "/contributi/invia/"


def _key(html: str) -> str:
    match = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', html)
    assert match, "the form carries an idempotency key"
    return match.group(1)


def test_the_form_labels_every_field_and_carries_a_fresh_idempotency_key(client, process):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    for field in [
        "title",
        "text",
        "kind",
        "axis",
        "strategy",
        "actor_category",
        "organisation",
        "comune",
        "name",
        "email",
        "files",
        "privacy_consent",
        "publish_consent",
    ]:
        assert f'for="id_{field}"' in html, field
    assert _key(html) != _key(client.get(URL).content.decode())
    assert "Torino (ZO 1 – Area metropolitana Torino)" in html
    assert '<optgroup label="Asse 2 – Istruzione e formazione">' in html


def test_sending_the_form_shows_the_receipt_code(client, process, mailoutbox, django_capture_on_commit_callbacks):
    key = _key(client.get(URL).content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(idempotency_key=key, files=f.upload("nota.pdf", f.pdf_bytes())))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()

    c = Contribution.objects.get()
    assert c.receipt_code in page
    assert c.attachments.count() == 1
    assert c.receipt_code in mailoutbox[0].body


def test_a_double_click_stores_one_contribution(client, process):
    key = _key(client.get(URL).content.decode())

    first = client.post(URL, valid_data(idempotency_key=key))
    second = client.post(URL, valid_data(idempotency_key=key))

    assert first.status_code == second.status_code == 302
    assert Contribution.objects.count() == 1


def test_errors_are_listed_at_the_top_and_linked_to_their_fields(client, process):
    response = client.post(URL, valid_data(email="sbagliata", privacy_consent="", title=""))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="riepilogo-errori"' in html
    assert '<a href="#id_email">' in html
    assert 'aria-describedby="id_email_error id_email_helptext"' in html
    assert 'id="id_email_error"' in html and "Indirizzo e-mail non valido" in html
    assert 'aria-invalid="true"' in html
    assert "serve il consenso al trattamento" in html
    assert 'value="Più autobus serali nelle valli"' not in html  # the empty title stays empty
    assert "L&#x27;ultima corsa" in html  # what was typed is kept, escaped
    assert Contribution.objects.count() == 0


def test_a_wrong_attachment_is_explained_on_the_files_field(client, process):
    response = client.post(URL, valid_data(files=f.upload("relazione.pdf", f.html_bytes(), "application/pdf")))

    html = response.content.decode()
    assert "«relazione.pdf» non è di un tipo accettato" in html
    assert 'id="id_files_error"' in html
    assert Contribution.objects.count() == 0


def test_the_form_says_when_the_modulo_is_closed(client, process):
    process.starts_on = timezone.localdate() + datetime.timedelta(days=5)
    process.ends_on = process.starts_on + datetime.timedelta(days=5)
    process.save()

    get = client.get(URL)
    post = client.post(URL, valid_data())

    assert "non accetta contributi" in get.content.decode()
    assert "non accetta contributi" in post.content.decode()
    assert Contribution.objects.count() == 0


def test_the_thank_you_page_without_a_submission_goes_back_to_the_form(client, process):
    assert client.get("/contributi/inviato/")["Location"] == URL


def test_a_script_in_the_title_is_shown_as_text(process):
    client = Client()
    response = client.post(URL, valid_data(title="<script>alert(1)</script>", email="x"))

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_spam_limit_counts_the_proxy_hop_only_behind_a_proxy(rf, settings):
    from trama.participation.views import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.1.1", REMOTE_ADDR="127.0.0.1")
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "10.1.1.1"
