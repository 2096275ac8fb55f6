from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trama.plans.io import ActionData, PlanData, StrategyData, plan_data_from_model
from trama.plans.models import Action, Axis, PlanVersion, Strategy
from trama.plans.services import plan_import
from trama.plans.tests.factories import SHIPPED_PLAN_FILES, csv_file, make_plan, plan_data, plan_file

pytestmark = pytest.mark.django_db


def _tree(code: str) -> list[tuple[str, str]]:
    """Every node of a saved plan, to compare the database before and after."""
    plan = PlanVersion.objects.get(code=code)
    return (
        [("plan", f"{plan.pk} {plan.title} {plan.is_current}")]
        + [("axis", f"{a.pk} {a.number} {a.title}") for a in Axis.objects.filter(plan=plan)]
        + [("strategy", f"{s.pk} {s.code} {s.title}") for s in Strategy.objects.filter(axis__plan=plan)]
        + [("action", f"{a.pk} {a.code} {a.title}") for a in Action.objects.filter(strategy__axis__plan=plan)]
    )


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_a_good_file_in_each_format_creates_the_whole_plan(fmt):
    report = plan_import(filename=f"piano.{fmt}", data=plan_file(fmt))

    assert report.errors == []
    assert (report.created, report.axes, report.strategies, report.actions) == (True, 2, 3, 3)
    plan = PlanVersion.objects.get(code="psm-prova")
    assert plan_data_from_model(plan) == plan_data()
    action = Action.objects.get(code="1.1.1")
    assert action.funding_sources == ["pnrr", "eu"]
    assert action.strategy.axis.plan == plan


def test_the_format_is_told_by_content_not_by_the_file_name():
    report = plan_import(filename="piano.txt", data=plan_file("xlsx"))

    assert report.ok
    assert PlanVersion.objects.filter(code="psm-prova").exists()


def test_a_bad_csv_reports_every_error_with_its_line_and_column_and_imports_nothing():
    data = csv_file(
        {"livello": "piano", "codice": "psm-prova", "titolo": "Piano", "periodo": "2024-2026"},  # line 2
        {"livello": "asse", "codice": "1", "titolo": "Asse", "missione_pnrr": "M9"},  # line 3
        {"livello": "strategia", "codice": "1.1", "titolo": ""},  # line 4
        {"livello": "strategia", "codice": "1.1", "titolo": "Di nuovo 1.1"},  # line 5
        {"livello": "azione", "codice": "1.1.1", "titolo": "A", "competenza": "regione", "fonti_finanziamento": "eu;x"},
        {"livello": "azione", "codice": "3.1.1", "titolo": "Senza strategia"},  # line 7
        {"livello": "strategia", "codice": "1.x", "titolo": "Codice storto", "deriva_da": "psm-vecchio:1.1"},  # line 8
        {"livello": "asse", "codice": "due", "titolo": "Asse due", "periodo": "2024-2026"},  # line 9
    )

    report = plan_import(filename="piano.csv", data=data)

    assert report.errors == [
        "riga 3, colonna «missione_pnrr»: valore «M9» non ammesso; valori possibili: M1, M2, M3, M4, M5, M6",
        "riga 4, colonna «titolo»: campo obbligatorio",
        "riga 5, colonna «codice»: la strategia 1.1 compare due volte",
        "riga 6, colonna «competenza»: valore «regione» non ammesso; valori possibili: cmt, others",
        "riga 6, colonna «fonti_finanziamento»: codice «x» non ammesso; "
        "codici possibili: eu, national, own, pnrr, regional",
        "riga 7, colonna «codice»: la strategia 3.1 dell'azione 3.1.1 non è in una riga precedente",
        "riga 8, colonna «codice»: codice «1.x» non valido: atteso come «1.1»",
        "riga 8, colonna «deriva_da»: il piano «psm-vecchio» non esiste: importalo prima di questo",
        "riga 9, colonna «periodo»: va lasciata vuota nelle righe di livello «asse»",
        "riga 9, colonna «codice»: deve essere un numero intero, non «due»",
    ]
    assert not report.ok
    assert not PlanVersion.objects.exists()
    assert not Axis.objects.exists()


def test_a_bad_file_leaves_the_existing_version_of_the_plan_untouched():
    plan_import(filename="piano.json", data=plan_file("json"))
    before = _tree("psm-prova")
    data = csv_file(
        {"livello": "piano", "codice": "psm-prova", "titolo": "Piano cambiato", "periodo": "2024-2026"},
        {"livello": "asse", "codice": "1", "titolo": "Asse nuovo"},
        {"livello": "azione", "codice": "1.1.1", "titolo": "Azione orfana"},
    )

    report = plan_import(filename="piano.csv", data=data)

    assert report.errors == [
        "riga 4, colonna «codice»: la strategia 1.1 dell'azione 1.1.1 non è in una riga precedente"
    ]
    assert _tree("psm-prova") == before


def test_line_numbers_count_the_lines_of_quoted_multiline_cells():
    data = csv_file(
        {
            "livello": "piano",
            "codice": "psm-prova",
            "titolo": "Piano",
            "periodo": "2024-2026",
            "descrizione": "a\nb\nc",
        },
        {"livello": "asse", "codice": "1", "titolo": "Asse", "descrizione": 'Uno, "due"\ne l\'altro'},
        {"livello": "strategia", "codice": "1.1", "titolo": ""},
    )

    report = plan_import(filename="piano.csv", data=data)

    assert report.errors == ["riga 7, colonna «titolo»: campo obbligatorio"]


def test_a_semicolon_separated_csv_is_read_too():
    data = b'livello;codice;titolo;periodo\npiano;psm-prova;Piano;2024-2026\nasse;1;"Asse, con virgola";\n'

    report = plan_import(filename="piano.csv", data=data)

    assert report.errors == []
    assert Axis.objects.get().title == "Asse, con virgola"


def test_missing_and_unknown_columns_are_reported_on_the_header_line():
    data = csv_file({"livello": "piano"}, header=("livello", "titolo", "colore"))

    report = plan_import(filename="piano.csv", data=data)

    assert report.errors[0] == "riga 1, colonna «codice»: colonna obbligatoria mancante"
    assert report.errors[1].startswith("riga 1, colonna «colore»: colonna sconosciuta")


def test_a_table_without_the_plan_row_is_refused():
    report = plan_import(filename="piano.csv", data=csv_file({"livello": "asse", "codice": "1", "titolo": "Asse"}))

    assert "riga 2, colonna «livello»: manca la riga con livello «piano»" in report.errors
    assert not PlanVersion.objects.exists()


def test_json_errors_name_the_path_and_the_line():
    data = b"""{
  "format": "trama-plan/1",
  "code": "psm-prova",
  "title": "Piano",
  "period_start": 2024,
  "period_end": 2026,
  "axes": [
    {"number": 1, "title": "Asse", "strategies": [
      {"code": "1.1", "title": "Strategia"},
      {"code": "2.2",
       "title": "Strategia fuori posto"}
    ]},
    {"number": 1, "title": "Asse doppio", "colore": "blu"}
  ]
}"""

    report = plan_import(filename="piano.json", data=data)

    assert report.errors == [
        "riga 10, axes[0].strategies[1].code: la strategia 2.2 è nell'asse 1: il codice deve iniziare con «1.»",
        "riga 13, axes[1].colore: campo sconosciuto",
        "riga 13, axes[1].number: l'asse 1 compare due volte",
    ]


def test_a_json_syntax_error_gives_its_line():
    report = plan_import(filename="piano.json", data=b'{\n  "code": "x",\n  "title": \n}')

    assert report.errors == ["riga 4: JSON non valido (colonna 1): Expecting value"]


def test_absurdly_nested_json_is_refused_without_a_crash():
    report = plan_import(filename="piano.json", data=b"[" * 100_000)

    assert report.errors == ["Il file JSON è annidato troppo in profondità."]


def test_a_file_that_is_no_table_is_refused():
    report = plan_import(filename="piano.xlsx", data=b"PK\x03\x04 not really a zip")

    assert report.errors == ["Il file XLSX non si può leggere."]


def test_reimporting_a_plan_replaces_it_instead_of_duplicating_it():
    plan_import(filename="piano.json", data=plan_file("json"))
    plan_pk = PlanVersion.objects.get().pk
    changed = plan_data(title="Piano rivisto")
    changed.axes[0].strategies[0].actions.pop()
    changed.axes.pop()

    report = plan_import(filename="piano.json", data=plan_file("json", changed))

    assert report.ok
    assert report.created is False
    assert (report.axes, report.strategies, report.actions) == (1, 2, 1)
    assert PlanVersion.objects.get().pk == plan_pk
    assert PlanVersion.objects.get().title == "Piano rivisto"
    assert (Axis.objects.count(), Strategy.objects.count(), Action.objects.count()) == (1, 2, 1)


def test_an_existing_code_is_refused_when_replacing_is_not_asked():
    plan_import(filename="piano.json", data=plan_file("json"))
    before = _tree("psm-prova")

    report = plan_import(filename="piano.csv", data=plan_file("csv", title="Altro"), replace=False)

    assert report.errors == [
        "riga 2, colonna «codice»: esiste già un piano con il codice «psm-prova» e la sostituzione non è richiesta"
    ]
    assert _tree("psm-prova") == before


def test_a_dry_run_checks_and_counts_but_writes_nothing():
    report = plan_import(filename="piano.json", data=plan_file("json"), dry_run=True)

    assert report.ok
    assert (report.axes, report.strategies, report.actions) == (2, 3, 3)
    assert not PlanVersion.objects.exists()


def test_previous_references_link_each_strategy_to_the_older_one():
    old = make_plan(code="psm-vecchio")
    data = plan_data()
    data.axes[0].strategies[0].previous = "psm-vecchio:1.2"

    report = plan_import(filename="piano.json", data=plan_file("json", data))

    assert report.ok
    assert report.previous_links == 1
    strategy = Strategy.objects.get(axis__plan__code="psm-prova", code="1.1")
    assert strategy.previous == Strategy.objects.get(axis__plan=old, code="1.2")


def test_a_previous_reference_to_a_missing_strategy_or_to_the_same_plan_is_an_error():
    make_plan(code="psm-vecchio")
    data = plan_data()
    data.axes[0].strategies[0].previous = "psm-vecchio:9.9"
    data.axes[0].strategies[1].previous = "psm-prova:1.1"

    report = plan_import(filename="piano.csv", data=plan_file("csv", data))

    assert report.errors == [
        "riga 5, colonna «deriva_da»: il piano «psm-vecchio» non ha la strategia 9.9",
        "riga 9, colonna «deriva_da»: una strategia non può derivare da una dello stesso piano",
    ]
    assert not PlanVersion.objects.filter(code="psm-prova").exists()


def test_replacing_an_older_plan_keeps_the_links_of_the_newer_one():
    make_plan(code="psm-vecchio", strategies=2)
    data = plan_data()
    data.axes[0].strategies[0].previous = "psm-vecchio:1.1"
    data.axes[0].strategies[1].previous = "psm-vecchio:1.2"
    plan_import(filename="piano.json", data=plan_file("json", data))
    old = plan_data_from_model(PlanVersion.objects.get(code="psm-vecchio"))
    old.axes[0].strategies.pop()  # 1.2 disappears from the older plan

    report = plan_import(filename="vecchio.json", data=plan_file("json", old))

    assert report.successors_unlinked == 1
    first, second = Strategy.objects.filter(axis__plan__code="psm-prova", code__in=["1.1", "1.2"]).order_by("code")
    assert first.previous == Strategy.objects.get(axis__plan__code="psm-vecchio", code="1.1")
    assert second.previous is None


def test_importing_a_current_plan_makes_the_other_versions_not_current():
    make_plan(code="psm-vecchio", is_current=True)

    report = plan_import(filename="piano.json", data=plan_file("json", is_current=True))

    assert report.ok
    assert list(PlanVersion.objects.filter(is_current=True).values_list("code", flat=True)) == ["psm-prova"]


@pytest.mark.skipif(not all(p.exists() for p in SHIPPED_PLAN_FILES), reason="shipped plan files not there yet")
def test_the_shipped_psm_files_import_older_first_with_their_links():
    reports = [plan_import(filename=p.name, data=p.read_bytes()) for p in SHIPPED_PLAN_FILES]

    assert [r.errors for r in reports] == [[], []]
    newer = reports[1]
    assert (newer.plan_code, newer.axes, newer.strategies, newer.actions) == ("psm-2024-2026", 6, 25, 113)
    assert Strategy.objects.filter(axis__plan__code="psm-2024-2026", previous__isnull=False).count() == (
        newer.previous_links
    )
    assert PlanVersion.objects.get(is_current=True).code == "psm-2024-2026"


@pytest.mark.skipif(not all(p.exists() for p in SHIPPED_PLAN_FILES), reason="shipped plan files not there yet")
def test_the_newer_shipped_file_alone_asks_for_the_older_plan_first():
    report = plan_import(filename="psm-2024-2026.json", data=SHIPPED_PLAN_FILES[1].read_bytes())

    assert report.errors
    assert all("il piano «psm-2021-2023» non esiste: importalo prima di questo" in e for e in report.errors)
    assert not PlanVersion.objects.exists()


def _big_plan(code: str, strategies: int) -> PlanData:
    data = plan_data(code=code)
    data.axes[0].strategies = [
        StrategyData(code=f"1.{n}", title=f"S {n}", actions=[ActionData(code=f"1.{n}.{m}", title="A") for m in (1, 2)])
        for n in range(1, strategies + 1)
    ]
    return data


def test_the_number_of_queries_does_not_grow_with_the_plan():
    def queries(data: PlanData) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert plan_import(filename="piano.json", data=plan_file("json", data)).ok
        return len(captured)

    created = [queries(_big_plan("psm-piccolo", 2)), queries(_big_plan("psm-grande", 40))]
    replaced = [queries(_big_plan("psm-piccolo", 2)), queries(_big_plan("psm-grande", 40))]

    assert created[0] == created[1]
    assert replaced[0] == replaced[1]


def test_reimporting_keeps_the_ids_of_axes_strategies_and_actions_that_are_still_there():
    plan_import(filename="piano.json", data=plan_file("json"))
    before = dict(Action.objects.filter(strategy__axis__plan__code="psm-prova").values_list("code", "pk"))
    strategy_ids = dict(Strategy.objects.filter(axis__plan__code="psm-prova").values_list("code", "pk"))

    data = plan_data()
    data.axes[0].strategies[0].actions[0].title = "Titolo corretto dopo la revisione annuale"
    report = plan_import(filename="piano.json", data=plan_file("json", data))

    assert report.ok
    after = dict(Action.objects.filter(strategy__axis__plan__code="psm-prova").values_list("code", "pk"))
    assert after == before
    assert dict(Strategy.objects.filter(axis__plan__code="psm-prova").values_list("code", "pk")) == strategy_ids
    first = data.axes[0].strategies[0].actions[0]
    assert Action.objects.get(strategy__axis__plan__code="psm-prova", code=first.code).title == first.title
