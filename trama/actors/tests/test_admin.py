import datetime

import pytest

from trama.actors.models import ActorRole, ErasureRequest, Person
from trama.territory.models import ZonaOmogenea

pytestmark = pytest.mark.django_db


def test_the_plan_office_manages_people_and_roles_in_the_admin(plan_office_client):
    zona = ZonaOmogenea.objects.create(number=1, name="Torino")
    person = Person.objects.create(name="Persona di prova", email="p@example.it")
    ActorRole.objects.create(person=person, kind="portavoce", zona=zona, since=datetime.date(2023, 1, 1))

    for url in (
        "/admin/actors/person/",
        f"/admin/actors/person/{person.pk}/change/",
        "/admin/actors/actorrole/",
        "/admin/actors/erasurerequest/",
    ):
        assert plan_office_client.get(url).status_code == 200, url


def test_the_erasure_register_cannot_be_edited_or_added_to(plan_office_client):
    request = ErasureRequest.objects.create(email_hash="0" * 64, requested_at="2026-12-01T10:00:00Z")

    assert plan_office_client.get("/admin/actors/erasurerequest/add/").status_code == 403
    page = plan_office_client.get(f"/admin/actors/erasurerequest/{request.pk}/change/")
    assert page.status_code == 200
    assert 'name="email_hash"' not in page.content.decode()
