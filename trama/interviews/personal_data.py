"""What the interviews hold about people, for the actors registry (network page, GDPR download and erasure)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trama.actors.registry import ParticipationRecord
from trama.interviews.models import Interview


def participations() -> Iterator[ParticipationRecord]:
    interviews = Interview.objects.select_related("organisation", "process").order_by("held_on", "id")
    for interview in interviews.iterator(chunk_size=500):
        yield ParticipationRecord(
            kind="interview",
            label=f"Intervista – {interview.process.title}",
            on=interview.held_on,
            email=interview.interviewee_email.lower(),
            name=interview.interviewee_name,
            organisation=interview.organisation_label,
            category=interview.organisation.category if interview.organisation else "",
            zona_id=interview.zona_id,
        )


def export(email: str) -> list[dict[str, Any]]:
    address = email.strip()
    if not address:
        return []
    rows = Interview.objects.filter(interviewee_email__iexact=address).select_related("process", "zona")
    return [
        {
            "tipo": "intervista",
            "processo": interview.process.title,
            "data": interview.held_on.isoformat(),
            "persona_intervistata": interview.interviewee_name,
            "email": interview.interviewee_email,
            "ruolo": interview.interviewee_role,
            "organizzazione": interview.organisation_label,
            "zona_omogenea": interview.zona.number if interview.zona else None,
            "cabina_di_regia": interview.is_cabina_member,
            "note": interview.notes,
            "proposte": interview.proposals,
        }
        for interview in rows
    ]


def erase(email: str) -> int:
    from trama.interviews.services import interviewee_erase

    return interviewee_erase(email=email)
