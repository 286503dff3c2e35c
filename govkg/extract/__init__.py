"""extract: commitments in clauses, explained.

In: a clause's text and language (from structure), data/cues.toml, data/curation.toml,
the vocabularies ontology/actors.ttl and principles.ttl.
Out: Findings (findings): type, polarity, bearer, addressees, action, cue, with
character offsets and the rule that fired (rules, mentions, agents, subjects,
subjects_zh), projected across languages (projection), curated overrides (curation);
scoring against gold documents (scoring).
Must not touch: RDF, IRIs of the graph, other works, dist/.
"""
