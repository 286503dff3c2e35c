"""OCR'd PDF text: hard-wrapped lines and page-break blank runs. A paragraph that
does not end like a sentence, or a following one that starts in lower case, is the
same paragraph broken by the page: they are joined. OCR confusions are repaired by
the normaliser (format 'ocr'), each repair recorded."""

from __future__ import annotations

from govkg.core.model import Block, Reading, Source
from govkg.ingest.readers.common import ends_sentence, paragraphs
from govkg.ingest.readers.plain import classify


def read(raw: str, source: Source, titles: list[str]) -> Reading:
    joined: list[list[int]] = []
    for s, e in paragraphs(raw):
        text = raw[s:e]
        if joined and (not ends_sentence(raw[joined[-1][0]:joined[-1][1]]) or text[:1].islower()) and len(joined) > 1:
            joined[-1][1] = e
        else:
            joined.append([s, e])
    blocks: list[Block] = []
    for i, (s, e) in enumerate(joined):
        blocks.extend(classify(raw, s, e, source.languages, titles, first=(i == 0)))
    return Reading(blocks)
