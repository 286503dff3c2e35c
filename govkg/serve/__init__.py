"""serve: questions to the published graph.

In: dist/ (govkg.nt and friends), queries/*.rq.
Out: `build.py query` (query), a read-only SPARQL endpoint (server, proxy) with a
guard that refuses updates, SERVICE calls and runaway queries (guard).
Must not touch: dist/ (read only), the build stages.
"""
