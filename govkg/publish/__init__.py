"""publish: the only package that writes dist/.

In: the validated triples, the gate's report, and hooks that write into the staging
folder it hands them (sssom, collation_report, views).
Out: dist/ as one atomic release (release: N-Triples, Turtle, JSON-LD, void.ttl with
checksums, ontology and shapes copies, docs_html; tables: the CSV tables), swapped in whole under a lock;
republish for rewriting part of a live release.
Must not touch: the stages before it (it only reads their results).
"""
