"""Plan files (docs/plan-format.md): parse JSON/CSV/XLSX into plain data, and serialise it back.

Nothing here writes to the database: `services.plan_import` checks the parsed plan
against the database and saves it. Every problem found while parsing is collected
with the place it comes from (file line, and the table column or the JSON path),
so that a file is corrected in one pass.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from json.decoder import JSONArray, JSONObject  # type: ignore[attr-defined]  # undocumented, stable since 2.6
from json.scanner import py_make_scanner  # type: ignore[attr-defined]  # idem; the C scanner has no hooks
from typing import Any, Literal

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from trama.core.tabular import Row, RowErrors, TableFormatError, detect_format, read_table, write_csv, write_xlsx
from trama.plans.models import Action, Axis, Competence, FundingSource, PlanStatus, PlanVersion, PnrrMission, Strategy

FORMAT_ID = "trama-plan/1"

ExportFormat = Literal["json", "csv", "xlsx"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "csv", "xlsx")
CONTENT_TYPES: dict[ExportFormat, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

COLUMNS = (
    "livello",
    "codice",
    "titolo",
    "descrizione",
    "periodo",
    "titolo_visione",
    "stato",
    "vigente",
    "fonte",
    "missione_pnrr",
    "sdg",
    "deriva_da",
    "competenza",
    "fonti_finanziamento",
    "ufficio_responsabile",
    "obiettivi_dup",
    "esempio",
)
REQUIRED_COLUMNS = ("livello", "codice", "titolo")
PLAN, AXIS, STRATEGY, ACTION = "piano", "asse", "strategia", "azione"

# Table column of each field, by level; a column not listed for a level must stay empty on its rows.
TABLE_FIELDS: dict[str, dict[str, str]] = {
    PLAN: {
        "code": "codice",
        "title": "titolo",
        "vision": "descrizione",
        "period": "periodo",
        "vision_title": "titolo_visione",
        "status": "stato",
        "is_current": "vigente",
        "source": "fonte",
    },
    AXIS: {
        "number": "codice",
        "title": "titolo",
        "description": "descrizione",
        "pnrr_mission": "missione_pnrr",
        "is_sample": "esempio",
    },
    STRATEGY: {
        "code": "codice",
        "title": "titolo",
        "description": "descrizione",
        "sdg_goals": "sdg",
        "previous": "deriva_da",
        "is_sample": "esempio",
    },
    ACTION: {
        "code": "codice",
        "title": "titolo",
        "description": "descrizione",
        "competence": "competenza",
        "funding_sources": "fonti_finanziamento",
        "responsible_office": "ufficio_responsabile",
        "dup_objectives": "obiettivi_dup",
        "is_sample": "esempio",
    },
}

PLAN_KEYS = frozenset(
    [
        "format",
        "code",
        "title",
        "period_start",
        "period_end",
        "vision_title",
        "vision",
        "status",
        "is_current",
        "source",
        "axes",
    ]
)
AXIS_KEYS = frozenset({"number", "title", "description", "pnrr_mission", "is_sample", "strategies"})
STRATEGY_KEYS = frozenset({"code", "title", "description", "sdg_goals", "previous", "is_sample", "actions"})
ACTION_KEYS = frozenset(
    [
        "code",
        "title",
        "description",
        "competence",
        "funding_sources",
        "responsible_office",
        "dup_objectives",
        "is_sample",
    ]
)

PLAN_CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
STRATEGY_CODE_RE = re.compile(r"^[0-9]+\.[0-9]+$")
ACTION_CODE_RE = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")
PREVIOUS_RE = re.compile(r"^([-a-zA-Z0-9_]+):([0-9]+\.[0-9]+)$")
DIGITS_RE = re.compile(r"^[0-9]+$")
PERIOD_RE = re.compile(r"^([0-9]{4})\s*[-/\u2013]\s*([0-9]{4})$")  # hyphen, slash or en dash
YEAR_MIN, YEAR_MAX = 1900, 2999
AXIS_MAX = 32767  # PositiveSmallIntegerField

TRUE_WORDS = frozenset({"1", "sì", "si", "true", "vero", "x"})
FALSE_WORDS = frozenset({"", "0", "no", "false", "falso"})


# ---------------------------------------------------------------- plain data


@dataclass(frozen=True)
class Location:
    """Where a value is in the file: a line and a table column, or a line and a JSON path."""

    line: int
    column: str = ""
    path: str = ""

    def report(self, errors: PlanErrors, message: str) -> None:
        if self.path:
            errors.add_at_path(self.line, self.path, message)
        else:
            errors.add(self.line, message, self.column or None)


@dataclass
class PlanErrors(RowErrors):
    """RowErrors that also take a JSON path instead of a column, and list the errors in file order."""

    lines: list[int] = field(default_factory=list)

    def add(self, line: int, message: str, column: str | None = None) -> None:
        super().add(line, message, column)
        self.lines.append(line)

    def add_at_path(self, line: int, path: str, message: str) -> None:
        self.errors.append(_("riga %(line)d, %(path)s: %(message)s") % {"line": line, "path": path, "message": message})
        self.lines.append(line)

    def add_whole_file(self, message: str) -> None:
        self.errors.append(message)
        self.lines.append(0)

    def in_file_order(self) -> list[str]:
        return [error for _line, error in sorted(zip(self.lines, self.errors, strict=True), key=lambda pair: pair[0])]


@dataclass
class ActionData:
    code: str
    title: str
    description: str = ""
    competence: str = ""
    funding_sources: list[str] = field(default_factory=list)
    responsible_office: str = ""
    dup_objectives: str = ""
    is_sample: bool = False


@dataclass
class StrategyData:
    code: str
    title: str
    description: str = ""
    sdg_goals: str = ""
    previous: str = ""  # "plan-code:strategy-code" of the strategy it derives from, or ""
    is_sample: bool = False
    actions: list[ActionData] = field(default_factory=list)
    previous_at: Location | None = field(default=None, compare=False, repr=False)


@dataclass
class AxisData:
    number: int
    title: str
    description: str = ""
    pnrr_mission: str = ""
    is_sample: bool = False
    strategies: list[StrategyData] = field(default_factory=list)


@dataclass
class PlanData:
    """A whole plan version as in the file; two equal PlanData are the same plan."""

    code: str
    title: str
    period_start: int
    period_end: int
    vision_title: str = ""
    vision: str = ""
    status: str = PlanStatus.DRAFT
    is_current: bool = False
    source: str = ""
    axes: list[AxisData] = field(default_factory=list)
    code_at: Location = field(default=Location(line=1), compare=False, repr=False)
    # Every strategy read from the file, placed in the tree or not (a bad row): all are checked.
    strategies_read: list[StrategyData] = field(default_factory=list, compare=False, repr=False)

    def strategies(self) -> list[StrategyData]:
        return [s for axis in self.axes for s in axis.strategies]

    def actions(self) -> list[ActionData]:
        return [a for s in self.strategies() for a in s.actions]


class PlanFileError(ValueError):
    """The file does not hold a valid plan; `errors` lists every problem with its place."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# ---------------------------------------------------------------- typed access to one record


def _max_length(model: type[models.Model], name: str) -> int | None:
    return getattr(model._meta.get_field(name), "max_length", None)


class _Fields:
    """Read typed values from one record (a table row or a JSON object), reporting problems where they are.

    `typed` records come from JSON and hold JSON values; table records hold stripped strings.
    Invalid values are reported and replaced by a neutral value, so parsing goes on and
    finds the other errors too.
    """

    def __init__(
        self, values: Mapping[str, Any], locate: Callable[[str], Location], errors: PlanErrors, *, typed: bool
    ) -> None:
        self.values = values
        self.locate = locate
        self.errors = errors
        self.typed = typed

    def error(self, name: str, message: str) -> None:
        self.locate(name).report(self.errors, message)

    def text(self, name: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.values.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(name, _("deve essere un testo"))
            return ""
        value = value.strip()
        if required and not value:
            self.error(name, _("campo obbligatorio"))
        elif max_length is not None and len(value) > max_length:
            self.error(
                name,
                _("testo troppo lungo: %(length)d caratteri, al massimo %(max)d")
                % {"length": len(value), "max": max_length},
            )
        return value

    def integer(self, name: str, *, minimum: int, maximum: int) -> int:
        value = self.values.get(name)
        number: int | None = None
        if value is None or value == "":
            self.error(name, _("campo obbligatorio"))
            return 0
        if self.typed and isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif not self.typed and isinstance(value, str) and DIGITS_RE.match(value):
            number = int(value)
        if number is None:
            self.error(name, _("deve essere un numero intero, non «%(value)s»") % {"value": value})
            return 0
        if not minimum <= number <= maximum:
            self.error(
                name,
                _("%(value)d è fuori dall'intervallo ammesso (%(min)d-%(max)d)")
                % {"value": number, "min": minimum, "max": maximum},
            )
            return 0
        return number

    def boolean(self, name: str) -> bool:
        value = self.values.get(name)
        if value is None:
            return False
        if self.typed:
            if isinstance(value, bool):
                return value
            self.error(name, _("deve essere true o false"))
            return False
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word not in FALSE_WORDS:
            self.error(name, _("valore «%(value)s» non ammesso: usa 1 o 0") % {"value": value})
        return False

    def choice(self, name: str, allowed: Iterable[str], *, default: str = "") -> str:
        allowed = list(allowed)
        value = self.text(name) or default
        if value not in allowed:
            self.error(
                name,
                _("valore «%(value)s» non ammesso; valori possibili: %(allowed)s")
                % {"value": value, "allowed": ", ".join(a for a in allowed if a)},
            )
            return default
        return value

    def codes(self, name: str, allowed: Iterable[str]) -> list[str]:
        value = self.values.get(name)
        items: list[object]
        if value is None:
            items = []
        elif self.typed:
            if not isinstance(value, list):
                self.error(name, _("deve essere un elenco di codici"))
                return []
            items = value
        else:
            items = [part.strip() for part in str(value).split(";") if part.strip()]
        allowed = set(allowed)
        codes: list[str] = []
        for item in items:
            if not isinstance(item, str) or item not in allowed:
                self.error(
                    name,
                    _("codice «%(value)s» non ammesso; codici possibili: %(allowed)s")
                    % {"value": item, "allowed": ", ".join(sorted(allowed))},
                )
            elif item in codes:
                self.error(name, _("codice «%(value)s» ripetuto") % {"value": item})
            else:
                codes.append(item)
        return codes


# ---------------------------------------------------------------- records shared by both layouts


def _plan(f: _Fields, period: tuple[int, int]) -> PlanData:
    code = f.text("code", required=True, max_length=_max_length(PlanVersion, "code"))
    if code and not PLAN_CODE_RE.match(code):
        f.error("code", _("codice «%(code)s» non valido: solo lettere, cifre, - e _") % {"code": code})
    return PlanData(
        code=code,
        title=f.text("title", required=True, max_length=_max_length(PlanVersion, "title")),
        period_start=period[0],
        period_end=period[1],
        vision_title=f.text("vision_title", max_length=_max_length(PlanVersion, "vision_title")),
        vision=f.text("vision"),
        status=f.choice("status", PlanStatus.values, default=PlanStatus.DRAFT),
        is_current=f.boolean("is_current"),
        source=f.text("source"),
        code_at=f.locate("code"),
    )


def _axis(f: _Fields) -> AxisData:
    return AxisData(
        number=f.integer("number", minimum=1, maximum=AXIS_MAX),
        title=f.text("title", required=True, max_length=_max_length(Axis, "title")),
        description=f.text("description"),
        pnrr_mission=f.choice("pnrr_mission", ["", *PnrrMission.values]),
        is_sample=f.boolean("is_sample"),
    )


def _coded(f: _Fields, pattern: re.Pattern[str], max_length: int | None, example: str) -> str:
    code = f.text("code", required=True, max_length=max_length)
    if code and not pattern.match(code):
        f.error(
            "code", _("codice «%(code)s» non valido: atteso come «%(example)s»") % {"code": code, "example": example}
        )
        return ""
    return code


def _strategy(f: _Fields) -> StrategyData:
    previous = f.text("previous")
    if previous and not PREVIOUS_RE.match(previous):
        f.error(
            "previous",
            _("riferimento «%(value)s» non valido: atteso «codice-piano:codice-strategia», es. «psm-2021-2023:1.1»")
            % {"value": previous},
        )
        previous = ""
    return StrategyData(
        code=_coded(f, STRATEGY_CODE_RE, _max_length(Strategy, "code"), "1.1"),
        title=f.text("title", required=True, max_length=_max_length(Strategy, "title")),
        description=f.text("description"),
        sdg_goals=f.text("sdg_goals", max_length=_max_length(Strategy, "sdg_goals")),
        previous=previous,
        is_sample=f.boolean("is_sample"),
        previous_at=f.locate("previous"),
    )


def _action(f: _Fields) -> ActionData:
    return ActionData(
        code=_coded(f, ACTION_CODE_RE, _max_length(Action, "code"), "1.1.1"),
        title=f.text("title", required=True, max_length=_max_length(Action, "title")),
        description=f.text("description"),
        competence=f.choice("competence", Competence.values),
        funding_sources=f.codes("funding_sources", FundingSource.values),
        responsible_office=f.text("responsible_office", max_length=_max_length(Action, "responsible_office")),
        dup_objectives=f.text("dup_objectives", max_length=_max_length(Action, "dup_objectives")),
        is_sample=f.boolean("is_sample"),
    )


class _Tree:
    """Codes already seen in the file, to refuse duplicates and to find a row's parent."""

    def __init__(self) -> None:
        self.axes: dict[int, AxisData] = {}
        self.strategies: dict[str, StrategyData] = {}
        self.actions: set[str] = set()
        self.strategies_read: list[StrategyData] = []

    def add_axis(self, axis: AxisData, f: _Fields) -> bool:
        if axis.number in self.axes:
            f.error("number", _("l'asse %(number)d compare due volte") % {"number": axis.number})
            return False
        if axis.number:
            self.axes[axis.number] = axis
        return True

    def add_strategy(self, strategy: StrategyData, f: _Fields) -> bool:
        self.strategies_read.append(strategy)
        if strategy.code in self.strategies:
            f.error("code", _("la strategia %(code)s compare due volte") % {"code": strategy.code})
            return False
        if strategy.code:
            self.strategies[strategy.code] = strategy
        return True

    def add_action(self, action: ActionData, f: _Fields) -> bool:
        if action.code in self.actions:
            f.error("code", _("l'azione %(code)s compare due volte") % {"code": action.code})
            return False
        if action.code:
            self.actions.add(action.code)
        return True


# ---------------------------------------------------------------- JSON, with line numbers


class _Object(dict[str, Any]):
    """A JSON object that remembers its line and the line of each value."""

    line = 1
    key_order: list[str]  # every key as written, repeated ones included
    key_lines: dict[str, int]
    duplicate_keys: list[str]


class _Array(list[Any]):
    line = 1
    item_lines: list[int]


class _LocatingDecoder(json.JSONDecoder):
    """The pure-Python JSON scanner, with hooks recording where each object, array and value starts."""

    def __init__(self, text: str) -> None:
        super().__init__(object_pairs_hook=self._pairs)
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self.parse_object = self._parse_object
        self.parse_array = self._parse_array
        self.scan_once = py_make_scanner(self)

    def _line(self, position: int) -> int:
        return bisect.bisect_left(self._newlines, position) + 1

    @staticmethod
    def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
        obj = _Object(pairs)
        obj.key_order = [key for key, _value in pairs]
        obj.key_lines = {}
        obj.duplicate_keys = []
        seen: set[str] = set()
        for key in obj.key_order:
            if key in seen:
                obj.duplicate_keys.append(key)
            seen.add(key)
        return obj

    def _recording(self, scan_once: Callable[[str, int], Any], starts: list[int]) -> Callable[[str, int], Any]:
        def scan(string: str, index: int) -> Any:
            starts.append(index)
            return scan_once(string, index)

        return scan

    def _parse_object(
        self,
        s_and_end: tuple[str, int],
        strict: bool,
        scan_once: Callable[[str, int], Any],
        object_hook: Any,
        object_pairs_hook: Any,
        memo: dict[str, str] | None = None,
    ) -> tuple[Any, int]:
        starts: list[int] = []
        obj, end = JSONObject(
            s_and_end, strict, self._recording(scan_once, starts), object_hook, object_pairs_hook, memo
        )
        obj.line = self._line(s_and_end[1] - 1)  # the opening brace
        # One value start per key, in file order; a repeated key keeps its last line.
        obj.key_lines = {key: self._line(start) for key, start in zip(obj.key_order, starts, strict=True)}
        return obj, end

    def _parse_array(self, s_and_end: tuple[str, int], scan_once: Callable[[str, int], Any]) -> tuple[Any, int]:
        starts: list[int] = []
        values, end = JSONArray(s_and_end, self._recording(scan_once, starts))
        array = _Array(values)
        array.line = self._line(s_and_end[1] - 1)
        array.item_lines = [self._line(start) for start in starts]
        return array, end


def _json_fields(obj: _Object, path: str, allowed: frozenset[str], errors: PlanErrors) -> _Fields:
    def locate(name: str) -> Location:
        return Location(line=obj.key_lines.get(name, obj.line), path=f"{path}.{name}" if path else name)

    fields = _Fields(obj, locate, errors, typed=True)
    for key in obj:
        if key not in allowed:
            fields.error(key, _("campo sconosciuto"))
    for key in obj.duplicate_keys:
        fields.error(key, _("campo ripetuto"))
    return fields


def _json_children(f: _Fields, obj: _Object, name: str, path: str) -> list[tuple[_Object, str]]:
    value = obj.get(name)
    if value is None:
        return []
    if not isinstance(value, _Array):
        f.error(name, _("deve essere un elenco"))
        return []
    children: list[tuple[_Object, str]] = []
    for index, (item, line) in enumerate(zip(value, value.item_lines, strict=True)):
        item_path = f"{path}.{name}[{index}]" if path else f"{name}[{index}]"
        if isinstance(item, _Object):
            children.append((item, item_path))
        else:
            Location(line=line, path=item_path).report(f.errors, _("deve essere un oggetto"))
    return children


def _json_period(f: _Fields) -> tuple[int, int]:
    start = f.integer("period_start", minimum=YEAR_MIN, maximum=YEAR_MAX)
    end = f.integer("period_end", minimum=YEAR_MIN, maximum=YEAR_MAX)
    if start and end and end < start:
        f.error("period_end", _("l'anno finale precede quello iniziale"))
    return start, end


def _plan_from_json(data: bytes, errors: PlanErrors) -> PlanData | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.add_whole_file(_("Il file JSON deve essere in UTF-8."))
        return None
    try:
        document = _LocatingDecoder(text).decode(text)
    except json.JSONDecodeError as exc:
        errors.add(
            exc.lineno,
            _("JSON non valido (colonna %(column)d): %(message)s") % {"column": exc.colno, "message": exc.msg},
        )
        return None
    except RecursionError:  # thousands of nested brackets: not a plan, and not worth a crash
        errors.add_whole_file(_("Il file JSON è annidato troppo in profondità."))
        return None
    if not isinstance(document, _Object):
        errors.add(1, _("il file JSON deve contenere un oggetto, il piano"))
        return None
    f = _json_fields(document, "", PLAN_KEYS, errors)
    if document.get("format") != FORMAT_ID:
        f.error(
            "format",
            _("formato «%(value)s» non riconosciuto: atteso «%(expected)s»")
            % {"value": document.get("format", ""), "expected": FORMAT_ID},
        )
    plan = _plan(f, _json_period(f))
    tree = _Tree()
    for axis_obj, axis_path in _json_children(f, document, "axes", ""):
        af = _json_fields(axis_obj, axis_path, AXIS_KEYS, errors)
        axis = _axis(af)
        if tree.add_axis(axis, af):
            plan.axes.append(axis)
        for strategy_obj, strategy_path in _json_children(af, axis_obj, "strategies", axis_path):
            sf = _json_fields(strategy_obj, strategy_path, STRATEGY_KEYS, errors)
            strategy = _strategy(sf)
            if strategy.code and axis.number and strategy.code.split(".")[0] != str(axis.number):
                sf.error(
                    "code",
                    _("la strategia %(code)s è nell'asse %(number)d: il codice deve iniziare con «%(number)d.»")
                    % {"code": strategy.code, "number": axis.number},
                )
            if tree.add_strategy(strategy, sf):
                axis.strategies.append(strategy)
            for action_obj, action_path in _json_children(sf, strategy_obj, "actions", strategy_path):
                xf = _json_fields(action_obj, action_path, ACTION_KEYS, errors)
                action = _action(xf)
                if action.code and strategy.code and action.code.rsplit(".", 1)[0] != strategy.code:
                    xf.error(
                        "code",
                        _("l'azione %(code)s è nella strategia %(parent)s: il codice deve iniziare con «%(parent)s.»")
                        % {"code": action.code, "parent": strategy.code},
                    )
                if tree.add_action(action, xf):
                    strategy.actions.append(action)
    plan.strategies_read = tree.strategies_read
    return plan


# ---------------------------------------------------------------- CSV / XLSX / ODS


def _row_fields(row: Row, level: str, errors: PlanErrors) -> _Fields:
    names = TABLE_FIELDS[level]
    values = {name: row.values.get(column, "") for name, column in names.items()}

    def locate(name: str) -> Location:
        return Location(line=row.line, column=names.get(name, name))

    return _Fields(values, locate, errors, typed=False)


def _table_period(f: _Fields) -> tuple[int, int]:
    value = f.text("period", required=True)
    match = PERIOD_RE.match(value)
    if value and not match:
        f.error("period", _("periodo «%(value)s» non valido: atteso come «2024-2026»") % {"value": value})
    if not match:
        return 0, 0
    start, end = int(match.group(1)), int(match.group(2))
    problem = ""
    if not (YEAR_MIN <= start <= YEAR_MAX and YEAR_MIN <= end <= YEAR_MAX):
        problem = _("anni fuori dall'intervallo %(min)d-%(max)d") % {"min": YEAR_MIN, "max": YEAR_MAX}
    elif end < start:
        problem = _("l'anno finale precede quello iniziale")
    if problem:
        f.error("period", _("periodo «%(value)s» non valido: %(problem)s") % {"value": value, "problem": problem})
        return 0, 0
    return start, end


def _check_header(header: list[str], errors: PlanErrors) -> None:
    names = [name for name in header if name]
    for name in REQUIRED_COLUMNS:
        if name not in names:
            errors.add(1, _("colonna obbligatoria mancante"), name)
    for name in sorted(set(names)):
        if name not in COLUMNS:
            errors.add(
                1, _("colonna sconosciuta; colonne possibili: %(columns)s") % {"columns": ", ".join(COLUMNS)}, name
            )
        elif names.count(name) > 1:
            errors.add(1, _("colonna ripetuta"), name)


def _plan_from_table(filename: str, data: bytes, errors: PlanErrors) -> PlanData | None:
    try:
        header, rows = read_table(filename, data)
    except TableFormatError as exc:
        errors.add_whole_file(str(exc))
        return None
    _check_header(header, errors)
    if errors:
        return None
    plan: PlanData | None = None
    tree = _Tree()
    for row in rows:
        level = row.values.get("livello", "").lower()
        if level not in TABLE_FIELDS:
            errors.add(
                row.line,
                _("livello «%(value)s» non valido; valori possibili: %(allowed)s")
                % {"value": row.values.get("livello", ""), "allowed": ", ".join(TABLE_FIELDS)},
                "livello",
            )
            continue
        used = {"livello", *TABLE_FIELDS[level].values()}
        for column, value in row.values.items():
            if value and column not in used:
                errors.add(
                    row.line, _("va lasciata vuota nelle righe di livello «%(level)s»") % {"level": level}, column
                )
        f = _row_fields(row, level, errors)
        if level == PLAN:
            if plan is not None:
                errors.add(row.line, _("c'è già una riga «piano»: ne serve una sola"), "livello")
                continue
            if tree.axes or tree.strategies or tree.actions:
                errors.add(row.line, _("la riga «piano» deve precedere tutte le altre"), "livello")
            plan = _plan(f, _table_period(f))
        elif level == AXIS:
            axis = _axis(f)
            if tree.add_axis(axis, f) and plan is not None:
                plan.axes.append(axis)
        elif level == STRATEGY:
            strategy = _strategy(f)
            parent_axis = tree.axes.get(int(strategy.code.split(".")[0])) if strategy.code else None
            if strategy.code and parent_axis is None:
                f.error(
                    "code",
                    _("l'asse %(number)s della strategia %(code)s non è in una riga precedente")
                    % {"number": strategy.code.split(".")[0], "code": strategy.code},
                )
            if tree.add_strategy(strategy, f) and parent_axis is not None:
                parent_axis.strategies.append(strategy)
        else:
            action = _action(f)
            parent_strategy = tree.strategies.get(action.code.rsplit(".", 1)[0]) if action.code else None
            if action.code and parent_strategy is None:
                f.error(
                    "code",
                    _("la strategia %(parent)s dell'azione %(code)s non è in una riga precedente")
                    % {"parent": action.code.rsplit(".", 1)[0], "code": action.code},
                )
            if tree.add_action(action, f) and parent_strategy is not None:
                parent_strategy.actions.append(action)
    if plan is None:
        errors.add(rows[0].line if rows else 2, _("manca la riga con livello «piano»"), "livello")
    else:
        plan.strategies_read = tree.strategies_read
    return plan


# ---------------------------------------------------------------- public: read


def plan_parse(*, filename: str, data: bytes) -> tuple[PlanData | None, PlanErrors]:
    """Parse a plan file (JSON, CSV, XLSX or ODS, told apart by content), collecting every problem.

    With errors, the plan returned holds what could be read (None if nothing could), so
    that the caller can check it against the database and report those errors too.
    """
    errors = PlanErrors()
    try:
        kind = detect_format(filename, data)
    except TableFormatError as exc:
        errors.add_whole_file(str(exc))
        return None, errors
    plan = _plan_from_json(data, errors) if kind == "json" else _plan_from_table(filename, data, errors)
    if plan is None and not errors:
        errors.add_whole_file(_("Il file non contiene un piano."))
    return plan, errors


def plan_read(*, filename: str, data: bytes) -> PlanData:
    """Parse a plan file, raising PlanFileError (every error, in file order) if it is not valid."""
    plan, errors = plan_parse(filename=filename, data=data)
    if errors or plan is None:
        raise PlanFileError(errors.in_file_order())
    return plan


# ---------------------------------------------------------------- public: serialise


def _code_key(code: str) -> tuple[int, ...]:
    """Sort «1.10» after «1.9»."""
    return tuple(int(part) for part in code.split(".") if part.isdigit())


def plan_data_from_model(plan: PlanVersion) -> PlanData:
    """Read a saved plan version into plain data, in tree order (three queries)."""
    strategies = Strategy.objects.select_related("previous__axis__plan").prefetch_related("actions")
    axes = plan.axes.prefetch_related(Prefetch("strategies", queryset=strategies))
    data = PlanData(
        code=plan.code,
        title=plan.title,
        period_start=plan.period_start,
        period_end=plan.period_end,
        vision_title=plan.vision_title,
        vision=plan.vision,
        status=plan.status,
        is_current=plan.is_current,
        source=plan.source,
    )
    for axis in sorted(axes, key=lambda a: a.number):
        axis_data = AxisData(
            number=axis.number,
            title=axis.title,
            description=axis.description,
            pnrr_mission=axis.pnrr_mission,
            is_sample=axis.is_sample,
        )
        data.axes.append(axis_data)
        for strategy in sorted(axis.strategies.all(), key=lambda s: _code_key(s.code)):
            previous = strategy.previous
            strategy_data = StrategyData(
                code=strategy.code,
                title=strategy.title,
                description=strategy.description,
                sdg_goals=strategy.sdg_goals,
                previous=f"{previous.axis.plan.code}:{previous.code}" if previous else "",
                is_sample=strategy.is_sample,
            )
            axis_data.strategies.append(strategy_data)
            for action in sorted(strategy.actions.all(), key=lambda a: _code_key(a.code)):
                strategy_data.actions.append(
                    ActionData(
                        code=action.code,
                        title=action.title,
                        description=action.description,
                        competence=action.competence,
                        funding_sources=list(action.funding_sources),
                        responsible_office=action.responsible_office,
                        dup_objectives=action.dup_objectives,
                        is_sample=action.is_sample,
                    )
                )
    return data


def plan_to_json(plan: PlanData) -> bytes:
    document: dict[str, Any] = {
        "format": FORMAT_ID,
        "code": plan.code,
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "vision_title": plan.vision_title,
        "vision": plan.vision,
        "status": plan.status,
        "is_current": plan.is_current,
        "source": plan.source,
        "axes": [],
    }
    for axis in plan.axes:
        strategies: list[dict[str, Any]] = []
        document["axes"].append(
            {
                "number": axis.number,
                "title": axis.title,
                "description": axis.description,
                "pnrr_mission": axis.pnrr_mission,
                "is_sample": axis.is_sample,
                "strategies": strategies,
            }
        )
        for strategy in axis.strategies:
            item: dict[str, Any] = {
                "code": strategy.code,
                "title": strategy.title,
                "description": strategy.description,
                "sdg_goals": strategy.sdg_goals,
            }
            if strategy.previous:  # optional: left out when there is none
                item["previous"] = strategy.previous
            item["is_sample"] = strategy.is_sample
            item["actions"] = [
                {
                    "code": action.code,
                    "title": action.title,
                    "description": action.description,
                    "competence": action.competence,
                    "funding_sources": action.funding_sources,
                    "responsible_office": action.responsible_office,
                    "dup_objectives": action.dup_objectives,
                    "is_sample": action.is_sample,
                }
                for action in strategy.actions
            ]
            strategies.append(item)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _flag(value: bool) -> str:
    return "1" if value else "0"


def plan_to_rows(plan: PlanData) -> list[list[str]]:
    """The one-table layout: a `piano` row, then every node in tree order, columns as COLUMNS."""

    def row(level: str, **values: str) -> list[str]:
        cells = {"livello": level, **values}
        return [cells.get(column, "") for column in COLUMNS]

    rows = [
        row(
            PLAN,
            codice=plan.code,
            titolo=plan.title,
            descrizione=plan.vision,
            periodo=f"{plan.period_start}-{plan.period_end}",
            titolo_visione=plan.vision_title,
            stato=plan.status,
            vigente=_flag(plan.is_current),
            fonte=plan.source,
        )
    ]
    for axis in plan.axes:
        rows.append(
            row(
                AXIS,
                codice=str(axis.number),
                titolo=axis.title,
                descrizione=axis.description,
                missione_pnrr=axis.pnrr_mission,
                esempio=_flag(axis.is_sample),
            )
        )
        for strategy in axis.strategies:
            rows.append(
                row(
                    STRATEGY,
                    codice=strategy.code,
                    titolo=strategy.title,
                    descrizione=strategy.description,
                    sdg=strategy.sdg_goals,
                    deriva_da=strategy.previous,
                    esempio=_flag(strategy.is_sample),
                )
            )
            for action in strategy.actions:
                rows.append(
                    row(
                        ACTION,
                        codice=action.code,
                        titolo=action.title,
                        descrizione=action.description,
                        competenza=action.competence,
                        fonti_finanziamento=";".join(action.funding_sources),
                        ufficio_responsabile=action.responsible_office,
                        obiettivi_dup=action.dup_objectives,
                        esempio=_flag(action.is_sample),
                    )
                )
    return rows


def plan_serialise(plan: PlanData, fmt: ExportFormat) -> bytes:
    if fmt == "json":
        return plan_to_json(plan)
    if fmt == "csv":
        return write_csv(COLUMNS, plan_to_rows(plan))
    if fmt == "xlsx":
        return write_xlsx(COLUMNS, plan_to_rows(plan), title=plan.code)
    raise ValueError(f"unknown plan export format: {fmt!r}")


def export_filename(plan: PlanVersion, fmt: ExportFormat) -> str:
    return f"{plan.code}.{fmt}"
