"""Text compared the forgiving way people expect: "Finance ", "finance" and "FINANCE" match."""

from __future__ import annotations


def fold(text: str) -> str:
    """``text`` case-folded with its whitespace collapsed, for matching names and answers."""
    return " ".join(text.casefold().split())
