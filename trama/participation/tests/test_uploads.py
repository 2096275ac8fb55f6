"""Attachments are checked by their content: the name and the browser's type are never trusted."""

from __future__ import annotations

import pytest

from trama.participation import uploads
from trama.participation.tests import files as f
from trama.participation.uploads import UploadRejected, check_files


@pytest.mark.parametrize(
    ("name", "build", "mime"),
    [
        ("proposta.pdf", f.pdf_bytes, uploads.PDF),
        ("foto.png", f.png_bytes, uploads.PNG),
        ("foto.JPG", f.jpeg_bytes, uploads.JPEG),
        ("animazione.gif", f.gif_bytes, uploads.GIF),
        ("lettera.docx", f.docx_bytes, uploads.DOCX),
        ("dati.xlsx", f.xlsx_bytes, uploads.XLSX),
        ("lettera.odt", f.odt_bytes, uploads.ODT),
        ("dati.ods", f.ods_bytes, uploads.ODS),
    ],
)
def test_every_accepted_type_is_recognised_from_its_bytes(name, build, mime):
    [checked] = check_files([f.upload(name, build())])

    assert checked.mime == mime
    assert checked.name == name


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("programma.pdf", f.exe_bytes),
        ("pagina.pdf", f.html_bytes),
        ("macro.docx", f.docm_bytes),
        ("x.pdf", lambda: b"ciao"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, build):
    with pytest.raises(UploadRejected) as rejected:
        check_files([f.upload(name, build(), content_type="application/pdf")])

    assert "non è di un tipo accettato" in rejected.value.messages[0]
    assert name in rejected.value.messages[0]


def test_a_real_word_file_named_pdf_is_refused_because_the_extension_disagrees():
    with pytest.raises(UploadRejected) as rejected:
        check_files([f.upload("lettera.pdf", f.docx_bytes())])

    assert "l'estensione non corrisponde al contenuto, che è un file DOCX" in rejected.value.messages[0]


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(settings):
    settings.CONTRIBUTION_MAX_FILE_BYTES = 1024

    with pytest.raises(UploadRejected) as rejected:
        check_files([f.upload("grande.pdf", f.pdf_bytes() + b"0" * 2048)])

    assert "troppo grande" in rejected.value.messages[0]
    assert "1,0\xa0KB" in rejected.value.messages[0] or "1.0\xa0KB" in rejected.value.messages[0]


def test_too_many_files_are_refused(settings):
    settings.CONTRIBUTION_MAX_FILES = 2

    with pytest.raises(UploadRejected) as rejected:
        check_files([f.upload(f"{n}.png", f.png_bytes()) for n in range(3)])

    assert "al massimo 2 file" in rejected.value.messages[0]


def test_the_total_size_is_limited_too(settings):
    settings.CONTRIBUTION_MAX_TOTAL_BYTES = len(f.pdf_bytes()) + 10

    with pytest.raises(UploadRejected) as rejected:
        check_files([f.upload("a.pdf", f.pdf_bytes()), f.upload("b.pdf", f.pdf_bytes())])

    assert "insieme sono troppo grandi" in rejected.value.messages[-1]


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRejected) as rejected:
        check_files([f.upload("vuoto.pdf", b"")])

    assert "è vuoto" in rejected.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\maria\\Desktop\\lettera.pdf", "lettera.pdf"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("", "allegato"),
        ("a" * 300 + ".pdf", "a" * 137 + ".pdf"),
    ],
)
def test_file_names_lose_folders_and_control_characters(raw, clean):
    assert uploads.clean_name(raw) == clean
