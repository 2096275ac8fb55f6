"""The contributions' personal data: registered with actors, exported and erased by e-mail."""

from __future__ import annotations

import os

from trama.actors.registry import sources
from trama.analysis.models import TextUnit
from trama.participation.models import Attachment, Contribution
from trama.participation.tests import files as f


def _source():
    return next(s for s in sources() if s.key == "contribution")


def test_contributions_are_a_registered_source_of_participation(submit):
    submit(actor_category="stakeholder", organisation="Coldiretti Torino")

    [record] = list(_source().participations())
    assert record.kind == "contribution" and record.email == "maria.rossi@example.org"
    assert record.organisation == "Coldiretti Torino" and record.zona_id is not None


def test_a_person_downloads_everything_sent_from_their_address(submit):
    submit(files=[f.upload("nota.pdf", f.pdf_bytes())])
    submit(email="altra@example.org")

    [record] = _source().export("Maria.Rossi@example.org")
    assert record["name"] == "Maria Rossi" and record["attachments"][0]["name"] == "nota.pdf"
    assert record["privacy_version"] and record["receipt"].startswith("PSM-")


def test_erasing_keeps_a_published_contribution_as_anonymous_text(approved, settings):
    c = approved(files=[f.upload("Lettera di Maria Rossi.pdf", f.pdf_bytes())], organisation="Bar Sport")
    path = c.attachments.get().file.path

    assert _source().erase("maria.rossi@example.org") == 1

    c.refresh_from_db()
    assert (c.name, c.email, c.organisation, c.is_anonymised) == ("", "", "", True)
    assert c.is_public and c.text
    assert not Attachment.objects.exists()
    assert not os.path.exists(path)
    assert _source().export("maria.rossi@example.org") == []


def test_erasing_deletes_a_contribution_not_consented_for_publication(submit):
    submit(publish_consent="false")

    assert _source().erase("maria.rossi@example.org") == 1

    assert not Contribution.objects.exists() and not TextUnit.objects.exists()
