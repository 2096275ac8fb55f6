from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from trama.accounts.models import Role
from trama.plans.io import plan_read
from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.plans.tests.factories import csv_file, make_plan, plan_file

IMPORT_URL = "admin:plans_planversion_import"
CHANGELIST_URL = "admin:plans_planversion_changelist"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _export(client: Client, fmt: str, *plans: PlanVersion):
    return client.post(reverse(CHANGELIST_URL), {"action": f"export_{fmt}", "_selected_action": [p.pk for p in plans]})


@pytest.fixture
def regia_client(make_user) -> Client:
    """Staff who may look at plans in the admin, but is not the plan office."""
    user = make_user(Role.REGIA, username="regia", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_planversion"))
    client = Client()
    client.force_login(user)
    return client


def test_the_plan_office_finds_the_import_link_on_the_plan_list(plan_office_client):
    page = plan_office_client.get(reverse(CHANGELIST_URL))

    assert page.status_code == 200
    assert reverse(IMPORT_URL) in page.content.decode()


def test_the_plan_office_imports_a_plan_and_sees_the_counts(plan_office_client):
    response = plan_office_client.post(
        reverse(IMPORT_URL), {"file": _upload("piano.xlsx", plan_file("xlsx")), "replace": "on"}, follow=True
    )

    assert response.redirect_chain == [(reverse(CHANGELIST_URL), 302)]
    assert "Piano «psm-prova» creato: 2 assi, 3 strategie, 3 azioni." in response.content.decode()
    assert PlanVersion.objects.filter(code="psm-prova").exists()


def test_a_dry_run_in_the_admin_shows_the_counts_and_saves_nothing(plan_office_client):
    response = plan_office_client.post(
        reverse(IMPORT_URL), {"file": _upload("piano.json", plan_file("json")), "dry_run": "on"}
    )

    assert response.status_code == 200
    assert "Verifica riuscita" in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_the_admin_import_page_lists_every_error_by_line(plan_office_client):
    data = csv_file(
        {"livello": "piano", "codice": "psm-prova", "titolo": "Piano", "periodo": "2024-2026"},
        {"livello": "asse", "codice": "1", "titolo": ""},
        {"livello": "strategia", "codice": "1.1", "titolo": "Strategia", "esempio": "forse"},
    )

    response = plan_office_client.post(reverse(IMPORT_URL), {"file": _upload("piano.csv", data), "replace": "on"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "ci sono 2 errori" in page
    assert "<li>riga 3, colonna «titolo»: campo obbligatorio</li>" in page
    assert "<li>riga 4, colonna «esempio»: valore «forse» non ammesso: usa 1 o 0</li>" in page
    assert not PlanVersion.objects.exists()


def test_a_file_over_the_size_limit_is_refused(plan_office_client, settings):
    settings.PLAN_IMPORT_MAX_BYTES = 100

    response = plan_office_client.post(reverse(IMPORT_URL), {"file": _upload("piano.json", plan_file("json"))})

    assert response.status_code == 200
    assert "la dimensione massima è 100" in response.content.decode()
    assert not PlanVersion.objects.exists()


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("json", "application/json"),
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_plan_office_downloads_one_plan_from_the_list_action(plan_office_client, fmt, content_type):
    plan = make_plan(code="psm-db")

    response = _export(plan_office_client, fmt, plan)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="psm-db.{fmt}"'
    assert plan_read(filename=f"psm-db.{fmt}", data=response.content).code == "psm-db"


def test_exporting_several_plans_downloads_a_zip_with_one_file_each(plan_office_client):
    plans = [make_plan(code="psm-a", period=(2021, 2023)), make_plan(code="psm-b", period=(2024, 2026))]

    response = _export(plan_office_client, "csv", *plans)

    assert response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist() == ["psm-a.csv", "psm-b.csv"]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse(IMPORT_URL))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_citizen_cannot_reach_the_import_page_nor_export(citizen_client):
    plan = make_plan()

    get = citizen_client.get(reverse(IMPORT_URL))
    post = citizen_client.post(reverse(IMPORT_URL), {"file": _upload("piano.json", plan_file("json"))})
    export = _export(citizen_client, "json", plan)

    assert get.status_code == post.status_code == export.status_code == 302
    assert all(r["Location"].startswith(reverse("admin:login")) for r in (get, post, export))
    assert not PlanVersion.objects.filter(code="psm-prova").exists()


def test_staff_who_is_not_the_plan_office_may_neither_import_nor_export(regia_client):
    plan = make_plan()

    page = regia_client.get(reverse(CHANGELIST_URL))
    post = regia_client.post(reverse(IMPORT_URL), {"file": _upload("piano.json", plan_file("json"))})
    export = _export(regia_client, "json", plan)

    assert page.status_code == 200
    assert reverse(IMPORT_URL) not in page.content.decode()
    assert "export_json" not in page.content.decode()
    assert post.status_code == 403
    assert export.status_code == 200  # the list again: this user has no export action
    assert "Content-Disposition" not in export
    assert not PlanVersion.objects.filter(code="psm-prova").exists()


@pytest.mark.parametrize("model", [PlanVersion, Axis, Strategy, Action])
def test_the_plan_office_opens_every_plan_list_and_form(plan_office_client, model):
    make_plan()
    obj = model.objects.first()
    opts = model._meta

    changelist = plan_office_client.get(reverse(f"admin:plans_{opts.model_name}_changelist"), {"q": "1"})
    change = plan_office_client.get(reverse(f"admin:plans_{opts.model_name}_change", args=[obj.pk]))

    assert changelist.status_code == change.status_code == 200


def test_sample_rows_are_marked_and_filtered_as_esempio(plan_office_client):
    make_plan()
    Strategy.objects.filter(code="1.2").update(is_sample=True)

    page = plan_office_client.get(reverse("admin:plans_strategy_changelist"), {"esempio": "1"}).content.decode()

    assert "esempio" in page
    assert "Strategia 1.2" in page
    assert "Strategia 1.1" not in page


def test_marking_a_second_plan_current_in_the_admin_gives_a_clear_error(plan_office_client):
    make_plan(code="psm-vecchio", is_current=True)
    other = make_plan(code="psm-prova", period=(2024, 2026))
    url = reverse("admin:plans_planversion_change", args=[other.pk])
    form = plan_office_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update({"is_current": "on", "axes-TOTAL_FORMS": "0", "axes-INITIAL_FORMS": "0"})
    response = plan_office_client.post(url, data)
    assert response.status_code == 200
    assert "già il piano vigente" in response.content.decode()
