"""emit: the graph's triples.

In: the catalog, AlignedWorks (structure), Findings (extract).
Out: pyoxigraph triples for works, expressions, manifestations, provisions, clauses,
occurrences with exact source links, repairs, actors (works) and commitments and
principles (commitments, triples), every IRI from core.ids.Minter.
Must not touch: validation, dist/.
"""
