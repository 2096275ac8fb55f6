"""The actors' own side of a person's data (the Person records and their roles), as a registry source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from trama.actors.models import Person, normalise_email
from trama.actors.registry import ParticipationRecord

KIND = "actor"


def participations() -> Iterator[ParticipationRecord]:
    people = Person.objects.select_related("organisation").prefetch_related("roles").order_by("pk")
    for person in people.iterator(chunk_size=2000):
        roles = list(person.roles.all())
        # A person joins the network when first given a role, else when entered in the register.
        first = min([role.since for role in roles], default=timezone.localdate(person.created_at))
        yield ParticipationRecord(
            kind=KIND,
            label=", ".join(str(role.get_kind_display()) for role in roles) or str(Person._meta.verbose_name),
            on=first,
            email=person.email,
            name=person.name,
            organisation=person.organisation.name if person.organisation else "",
            category=person.category or (person.organisation.category if person.organisation else ""),
            zona_id=person.zona_id,
        )


def export(email: str) -> list[dict[str, Any]]:
    people = Person.objects.with_email(email).select_related("organisation", "comune", "zona")
    return [
        {
            "name": person.name,
            "email": person.email,
            "organisation": person.organisation.name if person.organisation else "",
            "category": person.category,
            "comune": person.comune.istat_code if person.comune else "",
            "zona": person.zona.number if person.zona else None,
            "notes": person.notes,
            "created_at": person.created_at.isoformat(),
            "roles": [
                {
                    "kind": role.kind,
                    "zona": role.zona.number if role.zona else None,
                    "since": role.since.isoformat(),
                    "until": role.until.isoformat() if role.until else None,
                }
                for role in person.roles.select_related("zona")
            ],
        }
        for person in people
    ]


def erase(email: str) -> int:
    """Deletes the person and their roles: a role without its holder means nothing."""
    if not normalise_email(email):
        return 0
    count, _ = Person.objects.with_email(email).delete()
    return count
