"""views: what people look at.

In: a published (or staged) dist/ folder: govkg.nt and its files, loaded once.
Out: networkx projections and their GraphML/GEXF/JSON files (export, graphfiles), figures
(figures), the offline HTML pages (page, templates/: index.html, and works/*.html for a
large corpus), written by one publish hook (extras.write_views).
Must not touch: the graph itself; dist/ except through publish's staging folder.
"""
