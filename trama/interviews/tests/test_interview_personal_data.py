"""The interviews' entry in the personal-data registry: participation, a person's download, erasure."""

from __future__ import annotations

from trama.actors.registry import sources

from .conftest import ALIGNED


def _source():
    return next(s for s in sources() if s.key == "interview")


def test_interviews_are_registered_as_a_personal_data_source(make_interview):
    make_interview([("3.1", ALIGNED)], interviewee_email="Voce@Esempio.it", organisation_name="Comune di prova")
    records = list(_source().participations())
    assert [(r.kind, r.email, r.organisation) for r in records] == [("interview", "voce@esempio.it", "Comune di prova")]


def test_a_person_downloads_and_erases_their_interviews(make_interview):
    make_interview(interviewee_email="voce@esempio.it", interviewee_name="Persona Voce")
    exported = _source().export("VOCE@esempio.it")
    assert exported[0]["persona_intervistata"] == "Persona Voce"
    assert _source().erase("voce@esempio.it") == 1
    assert _source().export("voce@esempio.it") == []
