"""views: what people look at.

In: a published (or staged) dist/ folder: govkg.nt and its files.
Out: networkx projections and GraphML/JSON exports (export), figures (figures), the
offline HTML page (page, templates/), written as publish hooks (extras).
Must not touch: the graph itself; dist/ except through publish's staging folder.
"""
