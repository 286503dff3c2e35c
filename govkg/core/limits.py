"""Limits on one source file, read once from ``data/limits.toml``: what a document
may not exceed to be built in bounded time. `check_text` is called wherever a
source file's text is decoded (`build.py add` and the read stage), so a document
that breaks a limit is refused with one line naming the file, where, and which
limit, before anything is written or published."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from itertools import chain
from pathlib import Path

from govkg.core import paths
from govkg.core.errors import InputError

LIMITS_TOML = paths.ROOT / "data" / "limits.toml"
SENTENCE_END = ".!?;。！？；"
# a run ends at a sentence end or at a blank line (a paragraph break)
_RUN_BREAK = re.compile(r"[" + re.escape(SENTENCE_END) + r"]|\n[^\S\n]*\n")
_BLANK = re.compile(r"\n(?:[^\S\n]*\n)+")


@dataclass(frozen=True)
class Limits:
    max_source_bytes: int
    max_lines: int
    max_paragraph_lines: int
    max_chars_without_sentence_end: int


def load(path: Path = LIMITS_TOML) -> Limits:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the limits: {exc}") from None
    names = [f.name for f in fields(Limits)]
    for name in names:
        if not isinstance(data.get(name), int) or isinstance(data.get(name), bool) or data[name] < 1:
            raise InputError(f"{path}: '{name}' must be a positive whole number")
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise InputError(f"{path}: unknown limit '{unknown[0]}' (known: {', '.join(names)})")
    return Limits(**{n: data[n] for n in names})


LIMITS = load()


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _refuse(path, what: str, name: str, limit: int) -> InputError:
    return InputError(f"{path}: {what}, over the limit of {limit:,} ({LIMITS_TOML.parent.name}/{LIMITS_TOML.name}: {name})")


def check_text(path, text: str, limits: Limits | None = None) -> None:
    """Refuse (InputError, one line) a text that breaks a limit; linear in its length."""
    lim = limits or LIMITS
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > lim.max_lines:
        raise _refuse(path, f"{lines:,} lines", "max_lines", lim.max_lines)
    start = 0
    for m in chain(_BLANK.finditer(text), [None]):
        end = m.start() if m else len(text.rstrip("\r\n"))
        n = text.count("\n", start, end) + 1
        if n > lim.max_paragraph_lines:
            raise _refuse(path, f"the paragraph at line {_line(text, start):,} has {n:,} lines with no blank line "
                          "between them", "max_paragraph_lines", lim.max_paragraph_lines)
        start = m.end() if m else start
    start = 0
    for m in chain(_RUN_BREAK.finditer(text), [None]):
        end = m.start() if m else len(text)
        if end - start > lim.max_chars_without_sentence_end:
            lead = len(text[start:end]) - len(text[start:end].lstrip())
            raise _refuse(path, f"the text at line {_line(text, start + lead):,} runs {end - start:,} characters "
                          f"without a sentence end ({' '.join(SENTENCE_END)})", "max_chars_without_sentence_end",
                          lim.max_chars_without_sentence_end)
        start = m.end() if m else start
