"""The per-document stages for one source: read it (ingest.readers), normalise each
block (ingest.normalise) and split it into sentences (ingest.segment). A pure function
of the source file and its catalog entry: no cross-document state, so the executor can
run it anywhere and the cache can keep its result."""

from __future__ import annotations

import hashlib

from govkg.core.model import Entry, Sentence, Source, SourceResult
from govkg.ingest import catalog as catalog_mod
from govkg.ingest import readers, segment
from govkg.ingest.normalise import document_tokens, fold, normalise


def process_source(cat: catalog_mod.Catalog, source: Source, titles: list[str]) -> SourceResult:
    """Per-document stages: read, normalise, segment (no cross-document state)."""
    raw = catalog_mod.read_source(cat, source)
    path = str(cat.sources_dir / source.file)
    reading = readers.read(raw, source, path, titles)
    tokens = document_tokens(raw) if source.format == "ocr" else None
    entries = []
    for i, block in enumerate(reading.blocks):
        if block.kind in ("label", "title"):
            continue
        text = normalise(raw, block.start, block.end, ocr=source.format == "ocr", lang=block.lang, doc_tokens=tokens,
                         drops=block.drops)
        sentences = []
        if block.kind != "section":  # a heading's sentences are its text only when it heads nothing
            for s, e in segment.split(text.text):
                rs, re_ = text.raw_span(s, e)
                sentences.append(Sentence(
                    source=source.id, lang=block.lang, text=text.text[s:e], folded=fold(raw, rs, re_).text,
                    start=rs, end=re_, block=i,
                    repairs=tuple(r for r in text.repairs if rs <= r.start and r.end <= re_),
                    map_starts=tuple(text.starts[s:e]), map_ends=tuple(text.ends[s:e]),
                ))
        entries.append(Entry(i, block, text, sentences))
    sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return SourceResult(source, raw, sha, reading, entries)
