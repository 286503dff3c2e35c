"""gate: nothing invalid is published.

In: the emitted graph, shapes/*.ttl, queries/checks/*.rq, the ontology.
Out: a Report (report) from the one entry point (check): source offsets, SHACL on the
scaled engine (fast, shacl_core, prepared) held to the reference engine (validate:
stock pyshacl), graph-wide checks, OWL consistency under HermiT (reason); raises
ValidationFailed on any violation.
Must not touch: dist/ (publish writes the report it returns).
"""
