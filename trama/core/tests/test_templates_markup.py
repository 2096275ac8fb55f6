"""Markup rules the design system relies on, checked over every template of the project."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = sorted((Path(__file__).resolve().parents[2]).glob("**/templates/**/*.html"))
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE | re.DOTALL)


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


def test_every_input_says_its_type_or_bootstrap_italia_draws_no_underline_and_it_is_invisible():
    untyped = [
        f"{path.relative_to(path.parents[3])}: {tag[:80]}"
        for path in TEMPLATES
        for tag in INPUT.findall(path.read_text(encoding="utf-8"))
        if not re.search(r"\btype\s*=", tag)
    ]
    assert not untyped, "inputs without a type attribute:\n" + "\n".join(untyped)


def test_the_other_pages_keep_the_site_menu_and_its_script(client, db):
    html = client.get("/").content.decode()
    assert "bootstrap-italia.bundle" in html and 'id="nav-main"' in html and 'id="header-search"' in html
