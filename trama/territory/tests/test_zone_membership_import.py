from __future__ import annotations

import io

from openpyxl import Workbook

from trama.territory.models import Comune
from trama.territory.services import zone_membership_import


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_official_csv_assigns_unassigned_comuni(territory):
    assert Comune.objects.get(name="Bussoleno").zona is None
    data = b"Zona omogenea;Comune\n6;Bussoleno\n6;Almese\n"
    report = zone_membership_import(filename="elenco.csv", data=data, source="Elenco ufficiale")
    assert report.ok, report.errors
    bussoleno = Comune.objects.get(name="Bussoleno")
    assert bussoleno.zona.number == 6
    assert bussoleno.zona_source == "Elenco ufficiale"


def test_an_xlsx_with_istat_codes_and_zone_names_is_accepted(territory):
    data = _xlsx([["Codice ISTAT", "Denominazione", "Zona"], ["1022", "Bardonecchia", "Valli di Susa e Sangone"]])
    report = zone_membership_import(filename="elenco.xlsx", data=data, source="xlsx")
    assert report.ok, report.errors
    assert Comune.objects.get(istat_code="001022").zona.number == 6


def test_names_match_despite_apostrophes_and_case(territory):
    data = "zona,comune\n9,ALBIANO D\u2019IVREA\n".encode()
    report = zone_membership_import(filename="x.csv", data=data, source="s")
    assert report.ok, report.errors
    assert Comune.objects.get(name="Albiano d'Ivrea").zona.number == 9


def test_a_file_with_errors_reports_each_line_and_saves_nothing(territory):
    before = dict(Comune.objects.values_list("name", "zona_id"))
    data = b"zona,comune\n6,Bussoleno\n12,Almese\n6,Atlantide\n"
    report = zone_membership_import(filename="x.csv", data=data, source="s")
    assert not report.ok
    assert any(e.startswith("riga 3") and "zona" in e for e in report.errors)
    assert any(e.startswith("riga 4") and "Atlantide" in e for e in report.errors)
    assert dict(Comune.objects.values_list("name", "zona_id")) == before


def test_a_comune_listed_twice_with_two_zones_is_an_error(territory):
    data = b"zona,comune\n6,Bussoleno\n9,Bussoleno\n"
    report = zone_membership_import(filename="x.csv", data=data, source="s")
    assert not report.ok
    assert "riga 3" in report.errors[0]


def test_a_file_without_zone_column_is_refused_with_a_clear_message(territory):
    report = zone_membership_import(filename="x.csv", data=b"nome,abitanti\nTorino,1\n", source="s")
    assert not report.ok
    assert "zona" in report.errors[0]


def test_a_binary_file_that_is_not_a_table_is_refused(territory):
    report = zone_membership_import(filename="x.csv", data=b"\x00\x01\x02binary", source="s")
    assert not report.ok


def test_dry_run_reports_changes_without_saving(territory):
    data = b"zona,comune\n6,Bussoleno\n"
    report = zone_membership_import(filename="x.csv", data=data, source="s", dry_run=True)
    assert report.ok and report.changed == 1
    assert Comune.objects.get(name="Bussoleno").zona is None
