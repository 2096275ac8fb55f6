from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from trama.events.models import EventStatus
from trama.events.tests.factories import make_event
from trama.participation.models import Contribution, ContributionStatus

pytestmark = pytest.mark.django_db


def contribution(process, code: str, *, public: bool) -> Contribution:
    return Contribution.objects.create(
        process=process,
        receipt_code=code,
        title=f"Contributo {code}",
        text="Testo",
        actor_category="cittadino",
        privacy_consent=True,
        privacy_consent_at=timezone.now(),
        privacy_version="v1",
        publish_consent=public,
        status=ContributionStatus.APPROVED if public else ContributionStatus.RECEIVED,
        is_public=public,
    )


def test_the_close_out_links_published_contributions_and_hides_unpublished_codes(client):
    event = make_event(status=EventStatus.CLOSED)
    published = contribution(event.process, "PUB-1", public=True)
    contribution(event.process, "PRIV-2", public=False)
    event.contribution_refs = "PUB-1\nPRIV-2\nTavolo 3, scheda 12"
    event.save()
    html = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert f'href="{reverse("participation:detail", args=[published.pk])}"' in html
    assert "Contributo PUB-1" in html
    assert "PRIV-2" not in html and "Contributo PRIV-2" not in html
    assert "Tavolo 3, scheda 12" in html
