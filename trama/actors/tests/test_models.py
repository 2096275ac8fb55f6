import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from trama.actors.models import ActorRole, ActorRoleKind, Person
from trama.territory.models import Comune, ZonaOmogenea

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def zona():
    return ZonaOmogenea.objects.create(number=5, name="Pinerolese")


def test_person_email_is_stored_in_lower_case():
    person = Person.objects.create(name="Ada", email="  Ada.Rossi@Example.IT ")

    person.refresh_from_db()
    assert person.email == "ada.rossi@example.it"


def test_two_people_cannot_share_an_email_but_many_may_have_none():
    Person.objects.create(name="Ada", email="ada@example.it")
    Person.objects.create(name="Senza e-mail 1")
    Person.objects.create(name="Senza e-mail 2")

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="Ada bis", email="ADA@example.it")


def test_person_zona_follows_the_comune_when_left_blank(zona):
    comune = Comune.objects.create(istat_code="001191", name="Pinerolo", zona=zona)

    person = Person.objects.create(name="Ada", comune=comune)

    assert person.zona == zona


@pytest.mark.parametrize("kind", [ActorRoleKind.PORTAVOCE, ActorRoleKind.VICE_PORTAVOCE])
def test_a_zona_has_at_most_one_current_portavoce_and_one_vice(zona, kind):
    ActorRole.objects.create(person=Person.objects.create(name="A"), kind=kind, zona=zona, since=D(2023, 1, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        ActorRole.objects.create(person=Person.objects.create(name="B"), kind=kind, zona=zona, since=D(2024, 1, 1))


def test_a_zona_may_have_a_portavoce_and_a_vice_at_once(zona):
    ActorRole.objects.create(person=Person.objects.create(name="A"), kind="portavoce", zona=zona, since=D(2023, 1, 1))
    ActorRole.objects.create(
        person=Person.objects.create(name="B"), kind="vice_portavoce", zona=zona, since=D(2023, 1, 1)
    )

    assert ActorRole.objects.filter(zona=zona).count() == 2


def test_a_portavoce_whose_period_overlaps_the_previous_one_is_refused(zona):
    ActorRole.objects.create(
        person=Person.objects.create(name="A"), kind="portavoce", zona=zona, since=D(2021, 1, 1), until=D(2023, 6, 30)
    )
    overlapping = ActorRole(person=Person.objects.create(name="B"), kind="portavoce", zona=zona, since=D(2023, 6, 1))
    following = ActorRole(person=Person.objects.create(name="C"), kind="portavoce", zona=zona, since=D(2023, 7, 1))

    with pytest.raises(ValidationError, match="già"):
        overlapping.full_clean()
    following.full_clean()


def test_a_zone_role_needs_its_zona_while_the_cabina_di_regia_does_not():
    with pytest.raises(ValidationError):
        ActorRole(person=Person.objects.create(name="A"), kind="portavoce", since=D(2023, 1, 1)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorRole.objects.create(person=Person.objects.create(name="B"), kind="portavoce", since=D(2023, 1, 1))

    ActorRole.objects.create(person=Person.objects.create(name="C"), kind="cabina_di_regia", since=D(2023, 9, 1))


def test_a_role_cannot_end_before_it_starts(zona):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorRole.objects.create(
            person=Person.objects.create(name="A"), kind="cabina_di_regia", since=D(2023, 9, 1), until=D(2023, 1, 1)
        )
