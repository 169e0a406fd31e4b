"""Bank versions without a database: stored form, diffs, shared questions, ``replaces:``, zips."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from questionnaires import BankError, check_bank, load_bank
from questionnaires.archive import read_bank_archive
from questionnaires.loader import read_bank
from questionnaires.versions import bank_from_json, bank_json, diff_banks, shared_questions

from .conftest import make_question, write_area


def version_of(bank_dir: Path, tmp_path: Path, name: str, culture: list[dict]) -> object:
    directory = Path(shutil.copytree(bank_dir, tmp_path / name))
    write_area(directory, "culture", culture)
    return read_bank(directory)


def test_a_stored_bank_is_rebuilt_exactly_weights_and_all(bank_dir):
    write_area(bank_dir, "culture", [make_question("culture.first", weight=0.1 + 0.2)])
    bank = load_bank(bank_dir)
    rebuilt = bank_from_json(bank_json(bank))
    assert rebuilt.version == bank.version
    assert rebuilt.questions == bank.questions and rebuilt.framework == bank.framework
    assert rebuilt.question("culture.first").weight == 0.1 + 0.2  # bit for bit


def test_replaces_takes_one_id_or_a_list(bank_dir):
    write_area(
        bank_dir,
        "culture",
        [
            make_question("culture.first", replaces="culture.old"),
            make_question("culture.second", replaces=["culture.older", "culture.oldest"]),
        ],
    )
    bank = load_bank(bank_dir)
    assert bank.question("culture.first").replaces == ("culture.old",)
    assert bank.question("culture.second").replaces == ("culture.older", "culture.oldest")


def test_replacing_a_question_still_in_the_bank_or_twice_is_a_problem(bank_dir):
    write_area(
        bank_dir,
        "culture",
        [
            make_question("culture.first", replaces="culture.second"),
            make_question("culture.second"),
            make_question("culture.third", replaces="culture.gone"),
            make_question("culture.fourth", replaces="culture.gone"),
        ],
    )
    problems = [str(problem) for problem in check_bank(bank_dir)]
    still = "replaces 'culture.second', which is still a question in the bank: retire one of the two"
    twice = "replaces 'culture.gone', which 'culture.third' already replaces"
    assert f"areas/culture.yaml: question 'culture.first': {still}" in problems
    assert f"areas/culture.yaml: question 'culture.fourth': {twice}" in problems


def test_a_question_cannot_replace_itself(bank_dir):
    write_area(bank_dir, "culture", [make_question("culture.first", replaces="culture.first")])
    assert [str(p) for p in check_bank(bank_dir)] == [
        "areas/culture.yaml: question 'culture.first': a question cannot replace itself"
    ]


def test_a_diff_names_added_removed_replaced_reworded_and_reweighted_questions(bank_dir, tmp_path):
    old = version_of(
        bank_dir,
        tmp_path,
        "old",
        [make_question("culture.a"), make_question("culture.b"), make_question("culture.c")],
    )
    new = version_of(
        bank_dir,
        tmp_path,
        "new",
        [
            make_question("culture.a", text="Reworded?"),
            make_question("culture.b", weight=2.5),
            make_question("culture.renamed", replaces="culture.c"),
            make_question("culture.d"),
        ],
    )
    diff = diff_banks(old, new)
    assert diff.added == ("culture.d",)
    assert diff.removed == ()
    assert diff.replaced == (("culture.c", "culture.renamed"),)
    assert diff.reworded == ("culture.a",)
    assert diff.reweighted == (("culture.b", 1.0, 2.5),)
    assert diff.lines()[0] == "questions added (1): culture.d"
    assert diff_banks(new, new).lines() == ["the same version: nothing changed"]


def test_shared_questions_follow_replaces_back_through_every_version(bank_dir, tmp_path):
    v1 = version_of(
        bank_dir,
        tmp_path,
        "v1",
        [make_question("culture.a"), make_question("culture.b"), make_question("culture.c")],
    )
    v2 = version_of(
        bank_dir,
        tmp_path,
        "v2",
        [
            make_question("culture.a2", replaces="culture.a"),
            make_question("culture.b"),
            make_question("culture.c"),
        ],
    )
    v3 = version_of(
        bank_dir,
        tmp_path,
        "v3",
        [
            make_question("culture.a3", replaces="culture.a2"),
            make_question("culture.b", weight=3),
            make_question("culture.new"),
        ],
    )
    shared = shared_questions([v1, v2, v3])
    assert shared.versions == (v1.version, v2.version, v3.version) and shared.versions_differ
    culture = [q.id for q in shared.bank.questions if q.area == "culture"]
    assert culture == ["culture.a3", "culture.b"]  # culture.c retired, culture.new is new
    assert shared.bank.question("culture.b").weight == 3  # the newest version's weights
    assert shared.renames == {
        v1.version: {"culture.a": "culture.a3"},
        v2.version: {"culture.a2": "culture.a3"},
    }
    assert shared.bank.version not in (v1.version, v2.version, v3.version)  # never mixed in a cache
    assert shared_questions([v3, v3]).bank is v3 and not shared_questions([v3]).versions_differ


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_a_bank_folder_loads_from_its_top_or_one_folder(bank_dir):
    files = {str(p.relative_to(bank_dir)): p.read_bytes() for p in bank_dir.rglob("*.yaml")}
    assert read_bank_archive(zipped(files)).version == load_bank(bank_dir).version
    nested = {f"my-bank/{name}": data for name, data in files.items()}
    assert read_bank_archive(zipped(nested)).version == load_bank(bank_dir).version


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "is not a zip file"),
        (zipped({"../framework.yaml": b"x"}), "unsafe path"),
        (zipped({"/etc/framework.yaml": b"x"}), "unsafe path"),
        (zipped({"readme.txt": b"x"}), "no framework.yaml"),
    ],
)
def test_a_bad_zip_is_refused_before_anything_is_read(data, message):
    with pytest.raises(BankError, match=message):
        read_bank_archive(data)
