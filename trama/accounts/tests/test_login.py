from __future__ import annotations

from django.test import Client

from trama.accounts.models import Role


def test_a_regia_member_logs_in_without_admin_access_and_reaches_the_analysis(make_user):
    make_user(Role.REGIA, username="regista")
    client = Client()
    response = client.post("/accedi/", {"username": "regista", "password": "pw-for-tests-only", "next": "/analisi/"})
    assert response.status_code == 302 and response["Location"] == "/analisi/"
    assert client.get("/analisi/").status_code == 200
    assert client.get("/admin/").status_code == 302  # not staff: the admin stays closed


def test_a_wrong_password_shows_an_error_and_no_session(make_user):
    make_user(Role.REGIA, username="regista")
    client = Client()
    response = client.post("/accedi/", {"username": "regista", "password": "sbagliata"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_workspace_offers_analysis_only_to_those_who_may_use_it(make_user):
    citizen = Client()
    citizen.force_login(make_user(Role.CITIZEN, username="cittadino"))
    regia = Client()
    regia.force_login(make_user(Role.REGIA, username="regista"))
    assert "/lavoro/" not in citizen.get("/").content.decode()
    assert "/lavoro/" in regia.get("/").content.decode()
    assert "/analisi/" in regia.get("/lavoro/").content.decode()
