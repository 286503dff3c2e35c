"""Web-page text: keep the body, drop navigation, dates, advertising and the run of
unrelated headlines after it. Paragraphs, numbered lines, mastheads and footnotes
are found as in plain text (govkg/readers/plain.py). A paragraph belongs to the body when it is running
text in the page's language (ends like a sentence, six words or more); the body is
the span from the first such paragraph to the last, and short non-prose lines
inside it are kept only as headings."""

from __future__ import annotations

from govkg.core.model import Block, Reading, Source
from govkg.ingest.readers.common import is_prose
from govkg.ingest.readers.plain import blocks_of


def read(raw: str, source: Source, titles: list[str]) -> Reading:
    blocks = blocks_of(raw, source, titles, page=True)
    body = [i for i, b in enumerate(blocks) if b.kind in ("paragraph", "item") and is_prose(raw[b.start:b.end], b.lang)
            and b.lang in source.languages]
    if not body:
        return Reading([])
    first, last = body[0], body[-1]
    kept: list[Block] = []
    for i, b in enumerate(blocks):
        if b.kind == "title" and i < first:
            kept.append(b)
        elif first <= i <= last:
            if i in body or b.kind == "heading":
                kept.append(b)
            else:
                kept.append(Block(b.start, b.end, "label", b.lang))
    return Reading(kept)
