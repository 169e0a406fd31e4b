"""The command line's help, argparse's own words and its errors read in French and in German.

Every help screen of every (sub)command is written in English and in the language, and no
English text of the English screen may be left in the other: the help texts, descriptions and
placeholders the parser holds, argparse's headings, and any English of the catalogue.
"""

from __future__ import annotations

import argparse
import inspect
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cli import language as cli_language
from cli.language import (
    ARGPARSE_TEXTS,
    help_catalogue,
    language_from_environment,
    parser_language,
    requested_language,
)
from cli.main import build_parser, main
from cli.output import EXIT_PROBLEMS, EXIT_USAGE, Output
from questionnaires import i18n
from tests.english import english_left

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "de")
# Placeholders that read the same in the language (a translation that equals the English).
SAME_IN_LANGUAGE = {"fr": {"ID", "CODE", "ACTION", "HORIZON=N", "organisation"}, "de": {"ID", "CODE", "NAME"}}
ARGPARSE_WORDS = ("usage:", "positional arguments", "options:", "show this help message and exit")


def command_paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand the parser has, as the words that reach it."""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found += command_paths(child, (*path, name))
    return found


def parser_at(path: tuple[str, ...]) -> argparse.ArgumentParser:
    parser = build_parser()
    for name in path:
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = subparsers.choices[name]
    return parser


def english_texts(path: tuple[str, ...]) -> set[str]:
    """The help texts, description and placeholders of one English help screen."""
    with parser_language("en"):
        parser = parser_at(path)
    texts = {parser.description or ""}
    for action in parser._actions:
        if action.choices and action.help == " | ".join(action.choices):
            continue  # the words to type ("respondent | assessment | …") are the same in every language
        texts |= {action.help or "", action.metavar if isinstance(action.metavar, str) else ""}
        if isinstance(action, argparse._SubParsersAction):
            texts |= {choice.help for choice in action._choices_actions}
    return {text for text in texts if text and text != argparse.SUPPRESS}


def help_screen(path: tuple[str, ...], code: str, capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", code, *path, "--help"])
    assert exited.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


PATHS = command_paths(build_parser())


def test_every_subcommand_is_walked():
    assert {(), ("export",), ("backlog", "import"), ("members", "add"), ("export-person",)} <= set(PATHS)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "main")
def test_every_help_screen_is_entirely_in_the_language(path, code, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "2000")  # one line per option: texts are compared whole
    english = help_screen(path, "en", capsys)
    screen = help_screen(path, code, capsys)
    left = [text for text in english_texts(path) if has_word(screen, " ".join(text.split()))]
    assert [text for text in left if text not in SAME_IN_LANGUAGE[code]] == []
    assert [word for word in ARGPARSE_WORDS if word in screen] == []
    assert english_left(screen, code) == []
    assert english.startswith("usage: python -m assessment")  # the English screen is the reference


@pytest.mark.parametrize(
    ("arguments", "english"),
    [
        ((), "the following arguments are required: COMMAND"),
        (("export",), "the following arguments are required: --format, -o/--output"),
        (("export", "3", "--format", "pdf", "-o", "x"), "argument --format: invalid choice: 'pdf'"),
        (("bank",), "one of the arguments --json --check --versions --adopt is required"),
        (("list", "--surprise"), "unrecognized arguments: --surprise"),
        (("report", "three", "-o", "x.pdf"), "argument ID: invalid int value: 'three'"),
        (("export", "--org"), "argument --org: expected one argument"),
    ],
)
@pytest.mark.parametrize("code", LANGUAGES)
def test_argument_errors_are_in_the_language(arguments, english, code, capsys):
    def error(*argv: str) -> str:
        with pytest.raises(SystemExit) as exited:
            main(list(argv))
        assert exited.value.code == EXIT_USAGE
        return capsys.readouterr().err

    assert english in error("--lang", "en", *arguments)
    written = error("--lang", code, *arguments)
    assert "python -m assessment" in written
    english_words = ("usage:", "error:", "required", "invalid", "choose from", "unrecognized", "expected")
    assert [word for word in english_words if word in written] == []
    assert english_left(written, code) == []


def test_the_language_is_the_terminals_when_no_lang_is_given(capsys, monkeypatch):
    for name in ("WAYFINDER_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_CH.UTF-8")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert capsys.readouterr().out.startswith("Aufruf: python -m assessment")
    with pytest.raises(SystemExit):  # --lang wins over the terminal, wherever it stands
        main(["compare", "--help", "--lang", "fr"])
    assert "langue du PDF et des messages" in capsys.readouterr().out


def test_a_commands_error_message_is_in_the_language(tmp_path):
    err = io.StringIO()
    code = main(["--lang", "de", "score", "--answers", str(tmp_path / "nope.csv")], Output(err=err))
    assert code == EXIT_PROBLEMS
    assert err.getvalue().startswith("Fehler: ")


def test_help_in_the_language_loads_no_heavy_library():
    environment = {**os.environ, "LANG": "fr_FR.UTF-8", "COLUMNS": "2000"}
    environment.pop("WAYFINDER_LANGUAGE", None)
    environment.pop("LANGUAGE", None)
    environment.pop("LC_ALL", None)
    process = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "assessment", "export", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert process.returncode == 0
    assert "exporter toutes les évaluations de cette organisation" in process.stdout
    imported = {line.rsplit("|", 1)[1].strip() for line in process.stderr.splitlines() if "|" in line}
    heavy = {"babel", "pydantic", "pandas", "yaml", "sqlalchemy", "questionnaires"}
    assert sorted(name for name in imported if name.split(".")[0] in heavy) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_small_reader_finds_every_translation_babel_finds(code):
    path = cli_language.LOCALES_DIR / code / cli_language.CATALOGUE
    with path.open("rb") as po:
        babel = {
            m.id: m.string
            for m in read_po(po, locale=code)
            if m.id and isinstance(m.id, str) and m.string and "fuzzy" not in m.flags and not m.context
        }
    assert help_catalogue(code) == babel


def test_the_small_reader_keeps_escapes_and_skips_fuzzy_plural_and_untranslated_entries():
    text = r"""
msgid ""
msgstr "Language: fr\n"

#, fuzzy
msgid "guessed"
msgstr "deviné"

msgid "{count} answer"
msgid_plural "{count} answers"
msgstr[0] "{count} réponse"
msgstr[1] "{count} réponses"

msgid "not yet"
msgstr ""

#, python-format
msgid "%(prog)s: error: \"%(message)s\"\n"
msgstr ""
"%(prog)s : erreur : "
"\"%(message)s\"\n"
msgid "kept"
msgstr "gardé"
"""
    assert cli_language._read_po(text) == {
        '%(prog)s: error: "%(message)s"\n': '%(prog)s : erreur : "%(message)s"\n',
        "kept": "gardé",
    }


def test_the_command_line_ships_the_languages_the_app_ships():
    assert cli_language.LANGUAGES == i18n.LANGUAGES


@pytest.mark.parametrize("text", ARGPARSE_TEXTS)
def test_each_argparse_text_we_translate_is_still_argparses_wording(text):
    assert repr(text) in inspect.getsource(argparse)


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_argparse_text_keeps_its_placeholders(code):
    named, positional = re.compile(r"%\(\w+\)[sr]"), re.compile(r"%[sr]")
    for text in ARGPARSE_TEXTS:
        translated = help_catalogue(code)[text]
        # argparse fills them from a dict (a translation may leave one out) or a tuple (all kept).
        assert set(named.findall(translated)) <= set(named.findall(text)), text
        assert positional.findall(translated) == positional.findall(text), text
        assert translated.endswith("\n") == text.endswith("\n")


def test_argparse_speaks_english_again_after_the_block_even_when_help_exits():
    original = argparse._
    with pytest.raises(SystemExit), parser_language("fr"):
        build_parser().parse_args(["--help"])
    assert argparse._ is original
    assert argparse.ArgumentParser().format_usage().startswith("usage: ")


@pytest.mark.parametrize(
    ("argv", "environ", "code"),
    [
        (["--lang", "fr", "--help"], {"LANG": "de_DE.UTF-8"}, "fr"),
        (["report", "3", "--lang=de-CH", "-o", "x.pdf"], {}, "de"),
        (["--lang", "xx", "--help"], {"LANG": "fr_FR.UTF-8"}, "fr"),
        (["--lang"], {}, "en"),
        (["list"], {"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_the_language_is_the_one_lang_names_else_the_terminals(argv, environ, code):
    assert requested_language(argv, environ) == code


def test_the_terminal_language_comes_from_the_environment_in_gettexts_order():
    assert language_from_environment({"LANG": "de_CH.UTF-8"}) == "de"
    assert language_from_environment({"LANGUAGE": "it:fr", "LANG": "de_DE.UTF-8"}) == "fr"
    assert language_from_environment({"WAYFINDER_LANGUAGE": "fr", "LC_ALL": "de_DE.UTF-8"}) == "fr"
    assert language_from_environment({"LANG": "C.UTF-8"}) == "en"
