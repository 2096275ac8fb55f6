"""A registry holding only the sources a test gives it, so tests do not depend on which apps are installed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.cache import cache

from trama.actors import personal_data, registry
from trama.actors.registry import ParticipationRecord, PersonalDataSource


@dataclass
class MemorySource:
    """A stand-in for another app: records kept in a list, exported and erased by e-mail."""

    key: str = "contribution"
    label: str = "Contributi"
    records: list[ParticipationRecord] = field(default_factory=list)
    erase_calls: list[str] = field(default_factory=list)

    def add(self, on: datetime.date, **fields: Any) -> ParticipationRecord:
        record = ParticipationRecord(kind=fields.pop("kind", self.key), label=fields.pop("label", "x"), on=on, **fields)
        self.records.append(record)
        return record

    def export(self, email: str) -> list[dict[str, Any]]:
        return [{"label": r.label, "email": r.email, "on": r.on.isoformat()} for r in self.records if r.email == email]

    def erase(self, email: str) -> int:
        self.erase_calls.append(email)
        before = len(self.records)
        self.records = [r for r in self.records if r.email != email]
        return before - len(self.records)

    def as_source(self) -> PersonalDataSource:
        return PersonalDataSource(
            key=self.key,
            label=self.label,
            participations=lambda: list(self.records),
            export=self.export,
            erase=self.erase,
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def source(monkeypatch) -> MemorySource:
    """The registry with the actors' own source and one in-memory source."""
    memory = MemorySource()
    actors = PersonalDataSource(
        key=personal_data.KIND,
        label="Registro degli attori",
        participations=personal_data.participations,
        export=personal_data.export,
        erase=personal_data.erase,
    )
    monkeypatch.setattr(registry, "_SOURCES", {actors.key: actors, memory.key: memory.as_source()})
    return memory
