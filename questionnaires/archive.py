"""A bank uploaded as a zip of its folder, unpacked safely and loaded like any bank directory.

The zip holds ``framework.yaml`` and ``areas/*.yaml`` at its top, or inside one top folder.
Nothing outside a temporary folder is ever written; names that climb out (``../``), absolute
paths, links and archives that unpack too large are refused before anything is read.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from questionnaires.loader import FRAMEWORK_FILE, Bank, BankError, read_bank
from questionnaires.problem_text import Problem

MAX_UNPACKED_BYTES = 5 * 1024 * 1024
MAX_FILES = 500


def read_bank_archive(data: bytes, *, name: str = "upload.zip") -> Bank:
    """The validated bank inside a zip; :class:`BankError` lists every problem (file, question, what)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BankError([Problem(name, None, "is not a zip file")]) from None
    with archive, tempfile.TemporaryDirectory(prefix="wayfinder-bank-") as folder:
        _unpack(archive, Path(folder), name)
        return read_bank(_bank_root(Path(folder), name))


def _unpack(archive: zipfile.ZipFile, folder: Path, name: str) -> None:
    members = [member for member in archive.infolist() if not member.is_dir()]
    if len(members) > MAX_FILES:
        raise BankError([Problem(name, None, f"holds {len(members)} files; at most {MAX_FILES}")])
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise BankError(
            [Problem(name, None, f"unpacks to more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB")]
        )
    unsafe = [
        member.filename
        for member in members
        if PurePosixPath(member.filename).is_absolute()
        or ".." in PurePosixPath(member.filename).parts
        or (member.external_attr >> 16) & 0o170000 == 0o120000  # a symbolic link
    ]
    if unsafe:
        raise BankError([Problem(name, None, f"unsafe path(s) in the zip: {', '.join(unsafe)}")])
    for member in members:
        target = folder / PurePosixPath(member.filename)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(member))


def _bank_root(folder: Path, name: str) -> Path:
    if (folder / FRAMEWORK_FILE).is_file():
        return folder
    candidates = [child for child in folder.iterdir() if (child / FRAMEWORK_FILE).is_file()]
    if len(candidates) == 1:
        return candidates[0]
    raise BankError(
        [Problem(name, None, f"no {FRAMEWORK_FILE} at the top of the zip or in one folder at its top")]
    )
