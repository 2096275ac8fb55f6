from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trama.plans.io import plan_data_from_model, plan_read
from trama.plans.models import PlanVersion
from trama.plans.tests.factories import csv_file, make_plan, plan_data, plan_file

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_plan_import_prints_the_counts_as_one_json_line(tmp_path):
    path = tmp_path / "piano.csv"
    path.write_bytes(plan_file("csv"))

    out, err = _run("plan_import", str(path))

    assert out.count("\n") == 1
    counts = json.loads(out)
    assert counts["plan"] == "psm-prova"
    assert (counts["created"], counts["axes"], counts["strategies"], counts["actions"]) == (True, 2, 3, 3)
    assert err == ""
    assert PlanVersion.objects.filter(code="psm-prova").exists()


def test_plan_import_dry_run_counts_without_saving(tmp_path):
    path = tmp_path / "piano.json"
    path.write_bytes(plan_file("json"))

    out, _err = _run("plan_import", str(path), "--dry-run")

    assert json.loads(out)["dry_run"] is True
    assert not PlanVersion.objects.exists()


def test_plan_import_prints_the_numbered_errors_to_stderr_and_exits_1(tmp_path):
    path = tmp_path / "piano.csv"
    path.write_bytes(
        csv_file(
            {"livello": "piano", "codice": "psm-prova", "titolo": "Piano", "periodo": "2026-2024"},
            {"livello": "asse", "codice": "1", "titolo": "Asse", "esempio": "forse"},
        )
    )
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("plan_import", str(path), stdout=out, stderr=err)

    assert failure.value.returncode == 1
    assert out.getvalue() == ""
    assert err.getvalue().splitlines() == [
        "piano.csv: riga 2, colonna «periodo»: periodo «2026-2024» non valido: l'anno finale precede quello iniziale",
        "piano.csv: riga 3, colonna «esempio»: valore «forse» non ammesso: usa 1 o 0",
    ]
    assert not PlanVersion.objects.exists()


def test_plan_import_of_a_missing_file_fails(tmp_path):
    with pytest.raises(CommandError, match=r"nessuno\.json"):
        _run("plan_import", str(tmp_path / "nessuno.json"))


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_plan_export_writes_the_file_given_with_o(tmp_path, fmt):
    make_plan(code="psm-db")
    path = tmp_path / f"uscita.{fmt}"

    _run("plan_export", "psm-db", "--format", fmt, "-o", str(path))

    assert plan_read(filename=path.name, data=path.read_bytes()).code == "psm-db"


def test_plan_export_prints_json_on_stdout_by_default():
    make_plan(code="psm-db")

    out, _err = _run("plan_export", "psm-db")

    assert json.loads(out)["code"] == "psm-db"


def test_a_plan_exported_by_command_imports_back_by_command(tmp_path):
    path = tmp_path / "piano.csv"
    path.write_bytes(plan_file("csv"))
    _run("plan_import", str(path))
    exported = tmp_path / "esportato.csv"

    _run("plan_export", "psm-prova", "--format", "csv", "-o", str(exported))
    PlanVersion.objects.all().delete()
    _run("plan_import", str(exported))

    assert plan_data_from_model(PlanVersion.objects.get()) == plan_data()


def test_plan_export_of_an_unknown_code_fails():
    with pytest.raises(CommandError, match="nessun piano con il codice «psm-nessuno»"):
        _run("plan_export", "psm-nessuno")
