"""Read and write simple tables (CSV, XLSX, ODS) with file line numbers kept for error reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """A text cell starting like a formula gets an apostrophe in front, so a spreadsheet opening an exported
    CSV shows it and never runs it (CSV injection). Other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class TableFormatError(ValueError):
    """The file cannot be read as a table at all (wrong type, corrupt, empty)."""


@dataclass(frozen=True)
class Row:
    line: int  # line number in the file, header = 1
    values: dict[str, str]


@dataclass
class RowErrors:
    """Errors collected while validating a whole file; nothing is written if there is any."""

    errors: list[str] = field(default_factory=list)

    def add(self, line: int, message: str, column: str | None = None) -> None:
        where = _("riga %(line)d") % {"line": line}
        if column:
            where += ", " + _("colonna «%(column)s»") % {"column": column}
        self.errors.append(f"{where}: {message}")

    def __bool__(self) -> bool:
        return bool(self.errors)


SUPPORTED_EXTENSIONS = (".csv", ".xlsx", ".ods", ".json")


def detect_format(filename: str, data: bytes) -> str:
    """Tell the format by content, falling back on the extension only for plain text."""
    name = filename.lower()
    if data[:2] == b"PK":
        # Both XLSX and ODS are zip files; ODS declares its mimetype first.
        if b"application/vnd.oasis.opendocument.spreadsheet" in data[:200]:
            return "ods"
        return "xlsx"
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "json"
    if name.endswith((".xlsx", ".ods")):
        raise TableFormatError(_("Il file non è un foglio di calcolo valido."))
    if b"\x00" in data[:4096]:
        raise TableFormatError(_("Il file non è un testo CSV né un foglio di calcolo."))
    return "csv"


def _clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_from_matrix(
    matrix: Sequence[Sequence[object]], lines: Sequence[int] | None = None
) -> tuple[list[str], list[Row]]:
    """Split header and rows; `lines` gives each record's first file line when it is not its index + 1 (CSV)."""
    header_index = next((i for i, r in enumerate(matrix) if any(_clean(c) for c in r)), None)
    if header_index is None:
        raise TableFormatError(_("Il file è vuoto."))
    header = [_clean(c).lower() for c in matrix[header_index]]
    rows: list[Row] = []
    for index in range(header_index + 1, len(matrix)):
        cells = [_clean(c) for c in matrix[index]]
        if not any(cells):
            continue
        values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
        rows.append(Row(line=lines[index] if lines is not None else index + 1, values=values))
    return header, rows


def read_csv(data: bytes) -> tuple[list[str], list[Row]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableFormatError(_("Il file CSV deve essere in UTF-8.")) from exc
    # The delimiter is read from the header line only: csv.Sniffer on a sample guesses wrong on
    # quoted fields spanning lines or holding apostrophes, and then splits the rows apart.
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    matrix: list[list[str]] = []
    lines: list[int] = []
    previous_end = 0
    try:
        for record in reader:
            # A quoted field may span lines: a record starts on the line after the previous one ended.
            matrix.append(record)
            lines.append(previous_end + 1)
            previous_end = reader.line_num
    except csv.Error as exc:
        raise TableFormatError(_("Il file CSV non è valido (riga %(line)d).") % {"line": reader.line_num}) from exc
    return _rows_from_matrix(matrix, lines)


def read_xlsx(data: bytes) -> tuple[list[str], list[Row]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise TableFormatError(_("Il file XLSX non si può leggere.")) from exc
    sheet = workbook.worksheets[0]
    matrix = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _rows_from_matrix(matrix)


def read_ods(data: bytes) -> tuple[list[str], list[Row]]:
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises many types for a corrupt file
        raise TableFormatError(_("Il file ODS non si può leggere.")) from exc
    tables = document.spreadsheet.getElementsByType(Table)
    if not tables:
        raise TableFormatError(_("Il file ODS non contiene fogli."))
    matrix: list[list[object]] = []
    for table_row in tables[0].getElementsByType(TableRow):
        repeat_rows = int(table_row.attributes.get((TABLENS, "number-rows-repeated"), 1))
        cells: list[object] = []
        for cell in table_row.getElementsByType(TableCell):
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1))
            cells.extend([str(cell)] * min(repeat, 100))
        # Trailing empty rows are often "repeated" thousands of times: keep only real content.
        matrix.extend([cells] * (1 if not any(str(c).strip() for c in cells) else min(repeat_rows, 10_000)))
    return _rows_from_matrix(matrix)


def read_table(filename: str, data: bytes) -> tuple[list[str], list[Row]]:
    """Return (header, rows) of the first sheet of a CSV/XLSX/ODS file."""
    kind = detect_format(filename, data)
    if kind == "csv":
        return read_csv(data)
    if kind == "xlsx":
        return read_xlsx(data)
    if kind == "ods":
        return read_ods(data)
    raise TableFormatError(_("Atteso un file CSV, XLSX o ODS."))


def write_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_xlsx(header: Sequence[str], rows: Sequence[Sequence[object]], title: str = "Piano") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:  # a new workbook always has one sheet; this keeps the type checker honest
        sheet = workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
        # openpyxl turns text starting with "=" into a formula, which reads back empty: keep it text.
        if any(isinstance(value, str) and value.startswith("=") for value in row):
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
