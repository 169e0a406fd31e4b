"""Where the command line writes, and the exit codes it returns.

Every byte a command writes goes through :class:`Output`, so commands stay testable with
``io.StringIO`` streams. This module imports nothing heavy: the parser and ``--help`` use it.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO

from cli.language import _

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


@dataclass
class Output:
    """Where the CLI writes: results to ``out``, messages and errors to ``err``."""

    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def result(self, text: str) -> None:
        """A line of the command's result (stdout), what a script would read."""
        self.out.write(text if text.endswith("\n") else text + "\n")

    def json(self, data: Any) -> None:
        """The command's result as indented JSON (stdout)."""
        self.result(json.dumps(data, ensure_ascii=False, indent=2))

    def error(self, text: str) -> None:
        """What went wrong (stderr), prefixed with ``error:``."""
        self.err.write(_("error: {message}").format(message=text) + "\n")

    def message(self, text: str) -> None:
        """Progress or a note for the person at the terminal (stderr)."""
        self.err.write(text if text.endswith("\n") else text + "\n")
