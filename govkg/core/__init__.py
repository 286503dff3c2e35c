"""core: what every stage shares and nothing else.

In: nothing from other stages (the bottom layer).
Out: the dataclasses passed between stages (model: Work, Source, Block, Reading, Text,
Sentence, Entry, SourceResult), errors, namespaces, the one IRI minter (ids.Minter),
the one term converter (terms), text helpers (text: CJK, OpenCC), the project's paths
(paths), the one RDF loader (safe_load), limits, source kinds and the graph buffer
between emit and publish (graphstore).
Must not touch: any other govkg package; dist/.
"""
