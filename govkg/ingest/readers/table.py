"""Bilingual table: one row per provision, cells separated by '|' (a leading and
trailing bar, as in Markdown, is allowed; separator rows are skipped). Each
non-empty cell is a block in its own language; a line with one cell is a label
(for example the source line)."""

from __future__ import annotations

import re

from govkg.core.model import Block, Reading, Source
from govkg.ingest.readers.common import detect_lang, lines, strip_marker, strip_span

SEPARATOR = re.compile(r"^[\s|:\-]+$")


def read(raw: str, source: Source, titles: list[str]) -> Reading:
    blocks: list[Block] = []
    row = 0
    for ls, le in lines(raw, 0, len(raw)):
        line = raw[ls:le]
        if SEPARATOR.match(line):
            continue
        cells = []
        pos = ls
        for part in line.split("|"):
            cs, ce = strip_span(raw, pos, pos + len(part))
            if ce > cs:
                cells.append((cs, ce))
            pos += len(part) + 1
        if len(cells) < 2:
            for cs, ce in cells:
                blocks.append(Block(cs, ce, "label", detect_lang(raw[cs:ce], source.languages)))
            continue
        row += 1
        for cs, ce in cells:
            ms, me, _ = strip_marker(raw, cs, ce)
            blocks.append(Block(ms, me, "cell", detect_lang(raw[ms:me], source.languages), row=row))
    return Reading(blocks)
