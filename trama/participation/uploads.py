"""Checks on attachments: type detected from the content (never trusted from the name or the browser), the
extension must agree with it, sizes within the limits. Nothing here writes anything."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from trama.participation import limits

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
PNG, JPEG, WEBP, GIF = "image/png", "image/jpeg", "image/webp", "image/gif"

# Detected type → the extensions a file of that type may have.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
    ODT: ("odt",),
    ODS: ("ods",),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    WEBP: ("webp",),
    GIF: ("gif",),
}
ACCEPTED_EXTENSIONS = sorted({ext for exts in EXTENSIONS.values() for ext in exts})
# The main part of an Office Open XML file: macro-enabled variants (docm, xlsm) have other types and are refused.
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
_CONTENT_TYPES_MAX = 256 * 1024


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str  # cleaned original name
    mime: str
    size: int


class UploadRejected(Exception):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def clean_name(name: str) -> str:
    """The file name without folders and control characters, at most 150 characters, never empty."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = re.sub(r"\s+", " ", base).strip(" .")
    if len(base) > 150:
        stem, dot, ext = base.rpartition(".")
        base = f"{stem[: 140 - len(ext)]}.{ext}" if dot and len(ext) <= 8 else base[:150]
    return base or "allegato"


def _zip_type(stream: IO[bytes]) -> str | None:
    """ODF puts its type in a first entry «mimetype»; OOXML declares its main part in [Content_Types].xml."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200:
                    declared = archive.read("mimetype").decode("ascii", "replace").strip()
                    if declared in (ODT, ODS):
                        return declared
                return None
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > _CONTENT_TYPES_MAX:
                    return None
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for main, mime in _OOXML_MAIN.items():
                    if f'ContentType="{main}"' in types:
                        return mime
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError, NotImplementedError, EOFError):
        return None
    return None


def detect_type(upload: UploadedFile) -> str | None:
    """The type of the file read from its bytes, among the accepted ones; None when it is none of them."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_type(upload.file)  # type: ignore[arg-type]  # a seekable binary file
        finally:
            upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in (PNG, JPEG, WEBP, GIF):
        return str(kind.mime)
    return None


def check_files(files: Sequence[UploadedFile]) -> list[CheckedFile]:
    """Every file checked, or UploadRejected with one clear Italian message per problem."""
    errors: list[str] = []
    files = [f for f in files if f is not None and (f.name or f.size)]
    if len(files) > limits.max_files():
        errors.append(
            _("Puoi allegare al massimo %(n)d file (ne hai scelti %(got)d).")
            % {"n": limits.max_files(), "got": len(files)}
        )
        raise UploadRejected(errors)
    checked: list[CheckedFile] = []
    total = 0
    accepted = ", ".join(ext.upper() for ext in ACCEPTED_EXTENSIONS)
    for upload in files:
        name = clean_name(upload.name or "")
        size = int(upload.size or 0)
        total += size
        if size == 0:
            errors.append(_("«%(name)s» è vuoto.") % {"name": name})
            continue
        if size > limits.max_file_bytes():
            errors.append(
                _("«%(name)s» è troppo grande (%(size)s): il limite è %(limit)s per file.")
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limits.max_file_bytes())}
            )
            continue
        mime = detect_type(upload)
        if mime is None:
            errors.append(
                _("«%(name)s» non è di un tipo accettato (il contenuto non è %(types)s).")
                % {"name": name, "types": accepted}
            )
            continue
        ext = PurePath(name).suffix.lstrip(".").lower()
        if ext not in EXTENSIONS[mime]:
            errors.append(
                _("«%(name)s»: l'estensione non corrisponde al contenuto, che è un file %(real)s.")
                % {"name": name, "real": EXTENSIONS[mime][0].upper()}
            )
            continue
        checked.append(CheckedFile(upload=upload, name=name, mime=mime, size=size))
    if total > limits.max_total_bytes():
        errors.append(
            _("Gli allegati insieme sono troppo grandi (%(size)s): il limite è %(limit)s in tutto.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limits.max_total_bytes())}
        )
    if errors:
        raise UploadRejected(errors)
    return checked
