"""The instant report's formats, each built from the same `DayData`: HTML (a standalone page), PDF (fpdf2),
DOCX (python-docx), CSV tables and one JSON document with everything.

The PDF needs a Unicode TrueType font: DejaVu Sans from the system when present (Debian's fonts-dejavu-core),
otherwise the PDF core font Helvetica, with characters outside Latin-1 replaced. The DOCX needs no font and
is always built: it is the format to rely on on a machine without DejaVu.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from trama.core.tabular import formula_safe
from trama.reports.selectors import DayData, IdeaRow
from trama.votes.models import PollKind, PollStatus

# fpdf2 subsets fonts with fontTools, which logs every table it touches at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_REGULAR = DEJAVU_DIR / "DejaVuSans.ttf"
DEJAVU_BOLD = DEJAVU_DIR / "DejaVuSans-Bold.ttf"

# Latin-1 stand-ins for the typographic characters Italian texts use most (Helvetica fallback only).
_LATIN1_SWAPS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "€": "EUR"})


# ---------------------------------------------------------------- HTML


def build_html(data: DayData) -> bytes:
    return render_to_string("reports/live_day_report.html", {"data": data, "standalone": True}).encode("utf-8")


# ---------------------------------------------------------------- CSV and JSON


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([formula_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def build_csvs(data: DayData) -> dict[str, bytes]:
    ideas = _csv(
        ["id", "uuid", "venue", "table", "round", "created_at", "dissent", "axis", "strategy", "themes", "text"],
        (
            [
                i.id,
                i.uuid,
                i.venue,
                i.table,
                i.round or "",
                i.created_at.isoformat(),
                int(i.dissent),
                i.axis,
                i.strategy,
                " | ".join(i.themes),
                i.text,
            ]
            for i in data.ideas
        ),
    )
    themes = _csv(
        ["id", "label", "published", "dissent_lane", "ideas", "strategies", "actions"],
        (
            [
                b.theme.pk,
                b.theme.label,
                int(b.theme.is_published),
                0,
                b.count,
                " | ".join(b.strategies),
                " | ".join(b.actions),
            ]
            for b in data.themes
        ),
    )
    memberships = _csv(
        ["idea_id", "theme_id", "theme", "state"], ([m.idea_id, m.theme_id, m.theme, m.state] for m in data.memberships)
    )
    votes: list[list[object]] = []
    turnout: list[list[object]] = []
    demographics: list[list[object]] = []
    for results in data.polls:
        poll = results.poll
        for r in results.options:
            votes.append(
                [
                    poll.pk,
                    poll.title,
                    poll.kind,
                    poll.status,
                    r.option.order,
                    r.label,
                    "",
                    r.electronic,
                    r.paper,
                    r.total,
                ]
            )
            for v in results.venues:
                paper = r.by_venue_paper.get(v.letter, 0)
                total = r.by_venue.get(v.letter, 0)
                votes.append(
                    [
                        poll.pk,
                        poll.title,
                        poll.kind,
                        poll.status,
                        r.option.order,
                        r.label,
                        v.letter,
                        total - paper,
                        paper,
                        total,
                    ]
                )
        for v in results.venues:
            turnout.append([poll.pk, poll.title, v.letter, v.tokens, v.ballots, v.percent, v.paper_ballots])
        turnout.append(
            [poll.pk, poll.title, "", results.tokens, results.ballots, results.percent, results.paper_ballots]
        )
        for b in results.by_category:
            demographics.append([poll.pk, poll.title, "category", b.key, b.label, b.ballots, b.share])
        for b in results.by_zona:
            demographics.append([poll.pk, poll.title, "zona", b.key, b.label, b.ballots, b.share])
    tallies = _csv(
        ["poll_id", "poll", "venue", "table", "paper_ballots", "option", "value", "entered_at"],
        (
            [t.poll_id, t.poll, t.venue, t.table, t.ballots, t.option, t.value, t.changed_at.isoformat()]
            for t in data.tallies
        ),
    )
    return {
        "ideas.csv": ideas,
        "themes.csv": themes,
        "memberships.csv": memberships,
        "votes.csv": _csv(
            ["poll_id", "poll", "kind", "status", "option_order", "option", "venue", "electronic", "paper", "total"],
            votes,
        ),
        "turnout.csv": _csv(["poll_id", "poll", "venue", "tokens", "ballots", "percent", "paper_ballots"], turnout),
        "demographics.csv": _csv(["poll_id", "poll", "dimension", "key", "label", "ballots", "share"], demographics),
        "tallies.csv": tallies,
    }


def _idea_json(i: IdeaRow) -> dict[str, Any]:
    return {
        "id": i.id,
        "uuid": i.uuid,
        "venue": i.venue,
        "table": i.table,
        "round": i.round,
        "created_at": i.created_at.isoformat(),
        "dissent": i.dissent,
        "axis": i.axis,
        "strategy": i.strategy,
        "themes": i.themes,
        "text": i.text,
    }


def build_json(data: DayData) -> bytes:
    event = data.event
    document = {
        "event": {
            "id": event.pk,
            "slug": event.slug,
            "title": event.title,
            "status": event.status,
            "starts_on": event.starts_on.isoformat() if event.starts_on else None,
            "closed_at": event.closed_at.isoformat() if event.closed_at else None,
            "is_sample": event.is_sample,
        },
        "generated_at": data.generated_at.isoformat(),
        "venues": [{"letter": v.letter, "name": v.name} for v in data.venues],
        "tables": data.tables,
        "tokens": data.tokens,
        "voters": data.voters,
        "ideas": [_idea_json(i) for i in data.ideas],
        "themes": [
            {
                "id": b.theme.pk,
                "label": b.theme.label,
                "description": b.theme.description,
                "published": b.theme.is_published,
                "strategies": b.strategies,
                "actions": b.actions,
                "ideas_by_venue": {v.letter: [i.id for i in v.ideas] for v in b.venues},
            }
            for b in data.themes
        ],
        "dissent": [i.id for i in data.dissent],
        "unthemed": [i.id for i in data.unthemed],
        "memberships": [
            {"idea_id": m.idea_id, "theme_id": m.theme_id, "theme": m.theme, "state": m.state} for m in data.memberships
        ],
        "polls": [
            {
                "id": r.poll.pk,
                "title": r.poll.title,
                "question": r.poll.question,
                "kind": r.poll.kind,
                "status": r.poll.status,
                "turnout": {
                    "tokens": r.tokens,
                    "ballots": r.ballots,
                    "percent": r.percent,
                    "paper_ballots": r.paper_ballots,
                },
                "venues": [
                    {
                        "letter": v.letter,
                        "tokens": v.tokens,
                        "ballots": v.ballots,
                        "percent": v.percent,
                        "paper_ballots": v.paper_ballots,
                    }
                    for v in r.venues
                ],
                "options": [
                    {
                        "id": o.option.pk,
                        "order": o.option.order,
                        "label": o.label,
                        "electronic": o.electronic,
                        "paper": o.paper,
                        "total": o.total,
                        "by_venue": o.by_venue,
                        "by_venue_paper": o.by_venue_paper,
                        "by_category": o.by_category,
                    }
                    for o in r.options
                ],
                "by_category": [
                    {"key": b.key, "label": b.label, "ballots": b.ballots, "share": b.share} for b in r.by_category
                ],
                "by_zona": [
                    {"key": b.key, "label": b.label, "ballots": b.ballots, "share": b.share} for b in r.by_zona
                ],
            }
            for r in data.polls
        ],
        "paper_tallies": [
            {
                "poll_id": t.poll_id,
                "venue": t.venue,
                "table": t.table,
                "paper_ballots": t.ballots,
                "option": t.option,
                "value": t.value,
                "entered_at": t.changed_at.isoformat(),
            }
            for t in data.tallies
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


# ---------------------------------------------------------------- shared text


def _kind_label(kind: str) -> str:
    return str(PollKind(kind).label)


def _status_label(status: str) -> str:
    return str(PollStatus(status).label)


def _idea_line(i: IdeaRow) -> str:
    return f"«{i.text}» ({_('tavolo')} {i.table})"


# ---------------------------------------------------------------- PDF


def pdf_font_available() -> bool:
    return DEJAVU_REGULAR.exists() and DEJAVU_BOLD.exists()


def build_pdf(data: DayData) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    unicode_font = pdf_font_available()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(f"Report – {data.event.title}")
    pdf.set_lang("it")
    if unicode_font:
        pdf.add_font("DejaVu", "", str(DEJAVU_REGULAR))
        pdf.add_font("DejaVu", "B", str(DEJAVU_BOLD))
        family = "DejaVu"
    else:
        family = "Helvetica"

    def clean(text: str) -> str:
        if unicode_font:
            return text
        text = unicodedata.normalize("NFC", text).translate(_LATIN1_SWAPS)
        return text.encode("latin-1", "replace").decode("latin-1")

    widths: dict[tuple[str, int, str], float] = {}

    def text_width(text: str, style: str, size: int) -> float:
        # fpdf2's own line breaking re-measures the line for every character (quadratic): measure each
        # character once per font and wrap here, then print plain one-line cells.
        total = 0.0
        for ch in text:
            key = (style, size, ch)
            if key not in widths:
                widths[key] = pdf.get_string_width(ch)
            total += widths[key]
        return total

    def lines_of(text: str, style: str, size: int, room: float) -> list[str]:
        lines: list[str] = []
        for raw in text.splitlines() or [""]:
            line, used = "", 0.0
            space = text_width(" ", style, size)
            for word in raw.split(" "):
                w = text_width(word, style, size)
                if line and used + space + w > room:
                    lines.append(line)
                    line, used = "", 0.0
                while w > room and len(word) > 1:  # a word longer than the line: cut it
                    cut = len(word)
                    while cut > 1 and text_width(word[:cut], style, size) > room:
                        cut = max(1, cut * 3 // 4)
                    lines.append(word[:cut])
                    word = word[cut:]
                    w = text_width(word, style, size)
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
            lines.append(line)
        return lines

    def para(text: str, size: int = 10, bold: bool = False, indent: float = 0) -> None:
        style = "B" if bold else ""
        pdf.set_font(family, style, size)
        height = size * 0.5
        room = pdf.w - pdf.l_margin - pdf.r_margin - indent - 2 * pdf.c_margin
        for line in lines_of(clean(text), style, size, room):
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(0, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def heading(text: str, size: int) -> None:
        para(text, size, bold=True)
        pdf.ln(1)

    pdf.add_page()
    heading(_("Report istantaneo – %(title)s") % {"title": data.event.title}, 18)
    para(_("Generato il %(when)s") % {"when": data.generated_at.strftime("%d/%m/%Y %H:%M")})
    para(
        _(
            "%(venues)d sedi, %(tables)d tavoli, %(ideas)d idee, %(themes)d temi; "
            "%(voters)d votanti su %(tokens)d badge."
        )
        % {
            "venues": len(data.venues),
            "tables": data.tables,
            "ideas": len(data.ideas),
            "themes": len(data.themes),
            "voters": data.voters,
            "tokens": data.tokens,
        }
    )
    pdf.ln(3)

    heading(_("Risultati dei voti"), 14)
    if not data.polls:
        para(_("Nessuna votazione."))
    for results in data.polls:
        heading(f"{results.poll.title} ({_kind_label(results.poll.kind)}, {_status_label(results.poll.status)})", 12)
        para(
            _("Affluenza: %(ballots)d schede su %(tokens)d badge (%(percent)s%%); schede cartacee: %(paper)d.")
            % {
                "ballots": results.ballots,
                "tokens": results.tokens,
                "percent": results.percent,
                "paper": results.paper_ballots,
            }
        )
        for n, r in enumerate(results.options, start=1):
            venues = ", ".join(f"{k} {v}" for k, v in sorted(r.by_venue.items()))
            extra = f" – {_('di cui cartacei')} {r.paper}" if r.paper else ""
            para(f"{n}. {r.label}: {r.total}{extra}" + (f" ({venues})" if venues else ""), 10, indent=3)
        if results.by_category:
            para(_("Votanti per categoria: ") + "; ".join(f"{b.label} {b.ballots}" for b in results.by_category), 9)
        if results.by_zona:
            para(_("Votanti per zona omogenea: ") + "; ".join(f"{b.label} {b.ballots}" for b in results.by_zona), 9)
        pdf.ln(2)

    heading(_("Temi e idee, per sede"), 14)
    for block in data.themes:
        heading(f"{block.theme.label} ({block.count})", 12)
        if block.strategies:
            para(_("Strategie: ") + "; ".join(block.strategies), 9)
        for venue in block.venues:
            para(f"{venue.letter}. {venue.name}", 10, bold=True)
            for idea in venue.ideas:
                para("– " + _idea_line(idea), 9, indent=3)
        pdf.ln(1)

    heading(_("Posizioni di minoranza e dissenso"), 14)
    if not data.dissent:
        para(_("Nessuna posizione di minoranza segnalata."))
    for idea in data.dissent:
        para(f"– {idea.venue}. " + _idea_line(idea), 9, indent=3)

    if data.unthemed:
        heading(_("Idee non assegnate a un tema"), 14)
        for idea in data.unthemed:
            para(f"– {idea.venue}. " + _idea_line(idea), 9, indent=3)
    return bytes(pdf.output())


# ---------------------------------------------------------------- DOCX


def build_docx(data: DayData) -> bytes:
    from docx import Document

    document = Document()
    # A style given by name or object is resolved against every style of the document on each paragraph
    # (seconds over thousands of ideas): set the style id on the paragraph's XML instead.
    bullet_id = document.styles["List Bullet"].style_id

    def bullet(text: str) -> None:
        document.add_paragraph(text)._p.style = bullet_id

    document.core_properties.title = f"Report – {data.event.title}"
    document.core_properties.language = "it-IT"
    document.add_heading(_("Report istantaneo – %(title)s") % {"title": data.event.title}, level=0)
    document.add_paragraph(_("Generato il %(when)s") % {"when": data.generated_at.strftime("%d/%m/%Y %H:%M")})
    document.add_paragraph(
        _(
            "%(venues)d sedi, %(tables)d tavoli, %(ideas)d idee, %(themes)d temi; "
            "%(voters)d votanti su %(tokens)d badge."
        )
        % {
            "venues": len(data.venues),
            "tables": data.tables,
            "ideas": len(data.ideas),
            "themes": len(data.themes),
            "voters": data.voters,
            "tokens": data.tokens,
        }
    )

    document.add_heading(_("Risultati dei voti"), level=1)
    if not data.polls:
        document.add_paragraph(_("Nessuna votazione."))
    for results in data.polls:
        document.add_heading(
            f"{results.poll.title} ({_kind_label(results.poll.kind)}, {_status_label(results.poll.status)})", level=2
        )
        document.add_paragraph(
            _("Affluenza: %(ballots)d schede su %(tokens)d badge (%(percent)s%%); schede cartacee: %(paper)d.")
            % {
                "ballots": results.ballots,
                "tokens": results.tokens,
                "percent": results.percent,
                "paper": results.paper_ballots,
            }
        )
        letters = [v.letter for v in results.venues]
        table = document.add_table(rows=1, cols=4 + len(letters))
        table.style = "Table Grid"
        header = [_("Opzione"), _("Totale"), _("Elettronico"), _("Cartaceo"), *letters]
        for cell, text in zip(table.rows[0].cells, header, strict=False):
            cell.text = text
        for r in results.options:
            cells = table.add_row().cells
            values = [
                r.label,
                str(r.total),
                str(r.electronic),
                str(r.paper),
                *(str(r.by_venue.get(x, 0)) for x in letters),
            ]
            for cell, text in zip(cells, values, strict=False):
                cell.text = text
        if results.by_category:
            document.add_paragraph(
                _("Votanti per categoria: ") + "; ".join(f"{b.label} {b.ballots}" for b in results.by_category)
            )
        if results.by_zona:
            document.add_paragraph(
                _("Votanti per zona omogenea: ") + "; ".join(f"{b.label} {b.ballots}" for b in results.by_zona)
            )

    document.add_heading(_("Temi e idee, per sede"), level=1)
    for block in data.themes:
        document.add_heading(f"{block.theme.label} ({block.count})", level=2)
        if block.strategies:
            document.add_paragraph(_("Strategie: ") + "; ".join(block.strategies))
        for venue in block.venues:
            document.add_heading(f"{venue.letter}. {venue.name}", level=3)
            for idea in venue.ideas:
                bullet(_idea_line(idea))

    document.add_heading(_("Posizioni di minoranza e dissenso"), level=1)
    if not data.dissent:
        document.add_paragraph(_("Nessuna posizione di minoranza segnalata."))
    for idea in data.dissent:
        bullet(f"{idea.venue}. " + _idea_line(idea))
    if data.unthemed:
        document.add_heading(_("Idee non assegnate a un tema"), level=1)
        for idea in data.unthemed:
            bullet(f"{idea.venue}. " + _idea_line(idea))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
