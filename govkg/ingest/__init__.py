"""ingest: from the catalog to sentences, one document at a time.

In: the catalog (data/corpus.toml) and the source files it names; data/layout.toml.
Out: per source, a core.model.SourceResult: its reading (blocks with kinds and raw
offsets), folded text with a map back to raw offsets, sentences (catalog, readers,
normalise, segment, document), run in parallel and cached (executor, cache).
Must not touch: works across documents (structure's job), RDF, dist/.
"""
