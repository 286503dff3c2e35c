"""govkg.ingest.readers.plain: a numbered sentence hard-wrapped onto a second line stays
one item (the wrapped first line is no heading), while a real heading over its text and
lower-case list markers still stand alone (texts written for this test)."""

from __future__ import annotations

from govkg.core.model import Source
from govkg.ingest import readers


def blocks(raw: str) -> list[tuple[str, str]]:
    src = Source(id="t", file="t.txt", format="plain", languages=("en",), works=("w",))
    return [(b.kind, raw[b.start:b.end]) for b in readers.read(raw, src, "t.txt", ["Rules for Providers"]).blocks]


def test_a_hard_wrapped_numbered_sentence_is_one_item():
    raw = ("Rules for Providers\n\n1. Providers shall keep\nrecords of every model they deploy.\n\n"
           "2. Transparency\nProviders should publish a summary of their training data.\n")
    got = blocks(raw)
    assert ("item", "Providers shall keep\nrecords of every model they deploy.") in got
    assert not any(text == "Providers shall keep" for _, text in got)
    # a capitalised line under a short title is still that title's text
    assert ("heading", "Transparency") in got
    assert ("paragraph", "Providers should publish a summary of their training data.") in got


def test_lower_case_markers_still_start_their_own_items():
    raw = ("Rules for Providers\n\n3. Duties of providers\n(a) keep records of every model;\n"
           "(b) publish a summary of their training data.\n")
    texts = [text for _, text in blocks(raw)]
    assert any(t.startswith("keep records") or t.startswith("(a) keep records") for t in texts), texts
    assert any(t.startswith("publish a summary") or t.startswith("(b) publish") for t in texts), texts
    assert not any("keep records" in t and "publish a summary" in t for t in texts), texts
