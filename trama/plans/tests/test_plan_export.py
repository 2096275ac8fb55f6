from __future__ import annotations

import json

import pytest

from trama.core.tabular import read_table
from trama.plans.io import COLUMNS, plan_data_from_model, plan_read
from trama.plans.models import Action, PlanVersion, Strategy
from trama.plans.services import plan_export, plan_import
from trama.plans.tests.factories import SHIPPED_PLAN_FILES, make_plan, plan_data, plan_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_export_then_import_gives_back_the_same_plan(fmt):
    make_plan(code="psm-vecchio")
    data = plan_data(is_current=True)
    data.axes[0].strategies[0].previous = "psm-vecchio:1.1"
    plan_import(filename="piano.json", data=plan_file("json", data))
    plan = PlanVersion.objects.get(code="psm-prova")
    before = plan_data_from_model(plan)

    exported = plan_export(plan=plan, fmt=fmt)
    plan.delete()
    report = plan_import(filename=f"piano.{fmt}", data=exported)

    assert report.errors == []
    assert plan_data_from_model(PlanVersion.objects.get(code="psm-prova")) == before == data


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_a_plan_built_in_the_database_survives_the_round_trip(fmt):
    plan = make_plan(code="psm-db", strategies=3)
    before = plan_data_from_model(plan)

    assert plan_read(filename=f"piano.{fmt}", data=plan_export(plan=plan, fmt=fmt)) == before


@pytest.mark.skipif(not all(p.exists() for p in SHIPPED_PLAN_FILES), reason="shipped plan files not there yet")
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_the_shipped_plans_come_back_unchanged_from_export(fmt):
    for path in SHIPPED_PLAN_FILES:
        plan_import(filename=path.name, data=path.read_bytes())
    newer = PlanVersion.objects.get(code="psm-2024-2026")

    exported = plan_export(plan=newer, fmt=fmt)

    assert plan_read(filename=f"x.{fmt}", data=exported) == plan_read(
        filename=SHIPPED_PLAN_FILES[1].name, data=SHIPPED_PLAN_FILES[1].read_bytes()
    )


def test_the_csv_export_has_the_documented_header_and_the_tree_in_order():
    plan_import(filename="piano.json", data=plan_file("json"))

    header, rows = read_table("piano.csv", plan_export(plan=PlanVersion.objects.get(), fmt="csv"))

    assert tuple(header) == COLUMNS
    assert [(r.values["livello"], r.values["codice"]) for r in rows] == [
        ("piano", "psm-prova"),
        ("asse", "1"),
        ("strategia", "1.1"),
        ("azione", "1.1.1"),
        ("azione", "1.1.2"),
        ("strategia", "1.2"),
        ("asse", "2"),
        ("strategia", "2.1"),
        ("azione", "2.1.1"),
    ]
    assert rows[0].values["periodo"] == "2024-2026"
    assert rows[3].values["fonti_finanziamento"] == "pnrr;eu"


def test_codes_are_exported_in_numeric_order():
    plan = make_plan(strategies=10)
    Action.objects.create(strategy=Strategy.objects.get(code="1.1"), code="1.1.10", title="Decima")
    Action.objects.create(strategy=Strategy.objects.get(code="1.1"), code="1.1.2", title="Seconda")

    document = json.loads(plan_export(plan=plan, fmt="json"))

    strategies = document["axes"][0]["strategies"]
    assert [s["code"] for s in strategies][-2:] == ["1.9", "1.10"]
    assert [a["code"] for a in strategies[0]["actions"]] == ["1.1.1", "1.1.2", "1.1.10"]


def test_the_json_export_declares_its_format_and_leaves_out_an_empty_previous():
    document = json.loads(plan_export(plan=make_plan(), fmt="json"))

    assert document["format"] == "trama-plan/1"
    assert "previous" not in document["axes"][0]["strategies"][0]


def test_text_starting_with_an_equals_sign_stays_text_in_xlsx():
    plan = make_plan()
    Strategy.objects.filter(code="1.1").update(title="=Strategia che sembra una formula")

    data = plan_read(filename="piano.xlsx", data=plan_export(plan=plan, fmt="xlsx"))

    assert data.axes[0].strategies[0].title == "=Strategia che sembra una formula"
