"""Readers: one per source format, registered here (this table also drives the
"unknown format" error). Each takes the raw text and its catalog entry and returns a
Reading: blocks with offsets into the raw text."""

from __future__ import annotations

from govkg.core.errors import InputError
from govkg.core.model import Reading, Source
from govkg.ingest.readers import aggregator, ocr, plain, table, web

READERS = {
    "plain": plain.read,
    "web": web.read,
    "ocr": ocr.read,
    "table": table.read,
    "aggregator": aggregator.read,
}


def read(raw: str, source: Source, path: str, titles: list[str] = ()) -> Reading:
    try:
        reader = READERS[source.format]
    except KeyError:
        raise InputError(f"{path}: unknown format {source.format!r} (known: {', '.join(sorted(READERS))})") from None
    reading = reader(raw, source, list(titles))
    if not any(b.kind not in ("label", "title") for b in reading.blocks):
        raise InputError(f"{path}: the {source.format} reader found no text to use in this file")
    return reading
