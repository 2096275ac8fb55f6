"""The contributions' side of a person's data: who took part, the download and the erasure (see actors.registry)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from trama.actors.registry import ParticipationRecord
from trama.participation.models import Contribution, ContributionStatus


def participations() -> Iterator[ParticipationRecord]:
    rows = (
        Contribution.objects.exclude(status=ContributionStatus.SPAM)
        .order_by("created_at", "pk")
        .values_list("title", "created_at", "email", "name", "organisation", "actor_category", "zona_id")
    )
    for title, created_at, email, name, organisation, category, zona_id in rows.iterator(chunk_size=2000):
        yield ParticipationRecord(
            kind="contribution",
            label=title,
            on=timezone.localdate(created_at),
            email=email,
            name=name,
            organisation=organisation,
            category=category,
            zona_id=zona_id,
        )


def export(email: str) -> list[dict[str, Any]]:
    email = email.strip().lower()
    if not email:
        return []
    records = []
    for c in (
        Contribution.objects.filter(email=email).select_related("process", "comune").prefetch_related("attachments")
    ):
        records.append(
            {
                "receipt": c.receipt_code,
                "process": c.process.slug,
                "created_at": c.created_at.isoformat(),
                "kind": c.kind,
                "title": c.title,
                "text": c.text,
                "actor_category": c.sender_category,
                "organisation": c.organisation,
                "comune": c.comune.istat_code if c.comune else "",
                "name": c.name,
                "email": c.email,
                "privacy_consent_at": c.privacy_consent_at.isoformat(),
                "privacy_version": c.privacy_version,
                "publish_consent": c.publish_consent,
                "status": c.status,
                "public_excerpt": c.public_excerpt if c.is_public else "",
                "attachments": [a.as_dict() for a in c.attachments.all()],
            }
        )
    return records


def erase(email: str) -> int:
    from trama.participation.services import contributions_erase

    return contributions_erase(email=email)
