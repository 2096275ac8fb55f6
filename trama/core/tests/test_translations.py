"""The English interface: every Italian string has a translation and the shipped .mo matches the .po."""

from __future__ import annotations

import gettext
from pathlib import Path

from django.conf import settings

from trama.core.po_check import singular_entries, untranslated

PO = Path(settings.BASE_DIR) / "trama" / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_interface_string_has_an_english_translation():
    assert untranslated(PO) == []


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_the_compiled_catalogue_matches_the_po_file():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    entries = singular_entries(PO)
    assert len(entries) > 300
    for context, msgid, msgstr in entries:
        source, expected = _unescape(msgid), _unescape(msgstr)
        found = catalogue.pgettext(context, source) if context else catalogue.gettext(source)
        assert found == expected, f"{source!r} is stale in django.mo: run compilemessages"
