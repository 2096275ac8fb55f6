"""The English interface: every Italian string has a translation and the shipped .mo matches the .po.

The project catalogue lives in trama/locale; each app added later keeps its own in trama/<app>/locale.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from django.conf import settings

from trama.core.po_check import singular_entries, untranslated

TRAMA = Path(settings.BASE_DIR) / "trama"
PROJECT_PO = TRAMA / "locale" / "en" / "LC_MESSAGES" / "django.po"
CATALOGUES = [PROJECT_PO, *sorted(TRAMA.glob("*/locale/en/LC_MESSAGES/django.po"))]
IDS = [str(path.relative_to(TRAMA)) for path in CATALOGUES]


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_every_interface_string_has_an_english_translation(po):
    assert untranslated(po) == []


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_the_project_catalogue_covers_the_foundation():
    assert len(singular_entries(PROJECT_PO)) > 300


@pytest.mark.parametrize("po", CATALOGUES, ids=IDS)
def test_the_compiled_catalogue_matches_the_po_file(po):
    catalogue = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    for context, msgid, msgstr in singular_entries(po):
        source, expected = _unescape(msgid), _unescape(msgstr)
        found = catalogue.pgettext(context, source) if context else catalogue.gettext(source)
        assert found == expected, f"{source!r} is stale in {po.with_suffix('.mo')}: run compilemessages"
