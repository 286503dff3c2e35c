"""structure: documents become works with provisions.

In: ingest's SourceResults and the catalog's works.
Out: which work each block belongs to (attribute), each document's outline of
sections and numbered provisions (outline), every copy and language version aligned
onto one work's provisions (align: AlignedWork), variants between copies (collate).
Must not touch: commitments (extract), links across works (link), RDF output, dist/.
"""
