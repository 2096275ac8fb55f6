"""Check a .po catalogue: untranslated entries, and the entries to compare with the compiled .mo.

Usage: python -m trama.core.po_check trama/locale/en/LC_MESSAGES/django.po
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


def _joined(block: str, keyword: str) -> str:
    match = re.search(rf'^{keyword} ((?:".*"\n?)+)', block + "\n", re.M)
    return "".join(re.findall(r'"(.*)"', match.group(1))) if match else ""


def singular_entries(path: Path) -> list[tuple[str, str, str]]:
    """(context, msgid, msgstr) of every non-plural entry, with C escapes as written in the file."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid_plural" in block or not _joined(block, "msgid"):
            continue
        entries.append((_joined(block, "msgctxt"), _joined(block, "msgid"), _joined(block, "msgstr")))
    return entries


def untranslated(path: Path) -> list[str]:
    missing = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        if "msgid" not in block or 'msgid ""\nmsgstr ""\n"Project' in block:
            continue
        msgid = "".join(re.findall(r'^(?:msgid|msgid_plural)? ?"(.*)"$', block.split("msgstr")[0], re.M))
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        if msgid and any(not "".join(re.findall(r'"(.*)"', s)) for s in strs):
            missing.append(msgid)
    return missing


if __name__ == "__main__":
    items = untranslated(Path(sys.argv[1]))
    print("\n".join(items))
    sys.exit(1 if items else 0)
