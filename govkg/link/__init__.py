"""link: relations between texts.

In: structure's AlignedWorks (and extract's principle tagger).
Out: triples for translations inside a provision (translations), identical text
(identical) and related provisions (related) across works, as one stream (links).
Must not touch: dist/ (the SSSOM file is publish.sssom's), the gate.
"""
