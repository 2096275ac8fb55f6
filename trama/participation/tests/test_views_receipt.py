"""Looking a contribution up by receipt code and e-mail."""

from __future__ import annotations

from trama.participation import services


def test_the_code_and_the_email_show_the_status(client, submit, plan_office_user):
    c = submit().contribution
    services.contribution_reject(contribution=c, reason="Già proposto da altri", by=plan_office_user)

    response = client.post(
        "/contributi/ricevuta/", {"code": c.receipt_code.lower().replace("-", " "), "email": "Maria.Rossi@example.org"}
    )

    html = response.content.decode()
    assert c.title in html and "Non approvato" in html and "Già proposto da altri" in html


def test_the_code_with_another_email_shows_nothing(client, submit):
    c = submit().contribution

    html = client.post("/contributi/ricevuta/", {"code": c.receipt_code, "email": "altro@example.org"}).content.decode()

    assert c.title not in html and "Nessun contributo" in html


def test_the_link_in_the_email_fills_in_the_code(client, submit):
    c = submit().contribution

    html = client.get(f"/contributi/ricevuta/?codice={c.receipt_code}").content.decode()

    assert f'value="{c.receipt_code}"' in html


def test_a_malformed_code_gets_a_field_error(client, db):
    html = client.post("/contributi/ricevuta/", {"code": "abc", "email": "a@example.org"}).content.decode()

    assert "PSM-XXXX-XXXX" in html and 'id="id_code_error"' in html
