"""Where every app declares the personal data it holds and the participation it records.

Apps register a ``PersonalDataSource`` in their ``AppConfig.ready()``. The actors app uses the sources for
the network page (who took part in what, how the network grew) and for a person's data export and erasure
(GDPR), without importing the other apps' models.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class ParticipationRecord:
    """One act of taking part: a contribution sent, a registration to an event, an interview given…"""

    kind: str  # the source key, e.g. "contribution", "event_registration", "interview", "questionnaire"
    label: str  # what, for people: the event title, the contribution title…
    on: datetime.date
    email: str = ""  # lower-case; "" when unknown (e.g. anonymous answers)
    name: str = ""
    organisation: str = ""
    category: str = ""  # an ActorCategory value, or ""
    zona_id: int | None = None


@dataclass(frozen=True)
class PersonalDataSource:
    key: str
    label: str | Promise
    # Every participation this source knows of (for the network page; may be many).
    participations: Callable[[], Iterable[ParticipationRecord]]
    # The records about one e-mail address, as JSON-ready dicts (for the person's download).
    export: Callable[[str], list[dict[str, Any]]]
    # Remove or anonymise what identifies that e-mail; texts published with consent stay as anonymous text.
    # Returns how many records were changed.
    erase: Callable[[str], int]


_SOURCES: dict[str, PersonalDataSource] = {}


def register_source(source: PersonalDataSource) -> None:
    """Idempotent: registering the same key again replaces the earlier source (app reloads in tests)."""
    _SOURCES[source.key] = source


def sources() -> list[PersonalDataSource]:
    return list(_SOURCES.values())
