"""Graph exports: networkx projections of the published graph, as GraphML, GEXF and JSON.

Everything is read from ``dist/govkg.nt`` with the SPARQL queries in ``queries/export/``
(never from pipeline internals), so the exports agree with what SPARQL users see.
Projections (see docs in ``write_exports``):

- ``commitments``: actors -> commitments -> principles, works -> commitments, works -> issuers;
- ``coverage``: works -> principles, weight = clauses of the work that concern the principle;
- ``text``: provisions and clauses with gov:relatedTo / gov:identicalTo / gov:translationOf
  edges and their gov:score;
- ``rdf``: the whole graph as a MultiDiGraph (literals are nodes, keyed by N-Triples form),
  only up to FULL_RDF_LIMIT triples; above that ``graphs/rdf.README.txt`` says so and how
  to get it (the other three grow with the corpus's documents, not with every triple).

The graph is loaded once (``GraphData``) and shared with the figures and the page; the
queries ask for one triple pattern per OPTIONAL and are joined here by key where one
query would make Oxigraph read a whole predicate per row (``text_edges``). The files are
streamed (``graphfiles``): the bytes networkx's writers give, at a fraction of the cost.
Output is deterministic (sorted nodes, edges and attributes; no timestamps) and every
string attribute is stripped of characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from govkg.core import paths
from govkg.core.errors import InputError
from govkg.core.namespaces import GOV, PREFIXES
from govkg.core.terms import label_key
from govkg.core.text import lang_case
from govkg.views import graphfiles

QUERIES = paths.ROOT / "queries" / "export"
LABEL_PREDICATES = (  # per node and language, the first of these that has a text wins
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    GOV + "text",
    GOV + "action",
    "http://www.w3.org/ns/oa#exact",
    GOV + "derivedText",
)
DISPLAY_LANGS = ("en", "zh-Hans", "zh-Hant")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMATS = ("graphml", "gexf", "json")


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (C0 controls, surrogates)."""
    return _XML_BAD.sub("", text)



def curie(iri: str) -> str:
    """Short form of an IRI with the project's prefixes (gov:Work), else the IRI."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def load_store(nt: Path) -> ox.Store:
    """An in-memory store holding the published N-Triples file."""
    nt = Path(nt)
    if not nt.is_file():
        raise InputError(f"{nt}: published graph not found (run `build.py build` first)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{nt}: cannot read N-Triples: {first}") from None
    return store


def query_text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def select(store: ox.Store, name: str) -> list[dict]:
    """Rows of ``queries/export/{name}.rq``: dicts of variable name -> term (None if unbound)."""
    result = store.query(query_text(name))
    names = [v.value for v in result.variables]
    return [dict(zip(names, row)) for row in result]


def tuples(store: ox.Store, name: str, names: str):
    """The solutions of ``queries/export/{name}.rq`` as tuples of terms, for the loops over
    many rows (a dict per row costs more than the query); ``names`` ("a b c") must be the
    query's SELECT list, in order."""
    result = store.query(query_text(name))
    found = " ".join(v.value for v in result.variables)
    if found != names:
        raise ValueError(f"queries/export/{name}.rq selects {found!r}, the code reads {names!r}")
    return result


def value(term) -> str | None:
    """Lexical value of a term (IRI, literal or blank node id); None stays None."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


@dataclass
class GraphData:
    """The published graph plus the node types and labels every projection needs, loaded
    once and shared by the exports, the figures and the page (``rows`` keeps each query's
    answer, so a query two of them need runs once)."""

    store: ox.Store
    types: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    answers: dict[str, list] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, nt: Path) -> "GraphData":
        """The graph of the N-Triples file ``nt``, loaded into memory."""
        return cls.of(load_store(nt))

    @classmethod
    def of(cls, store: ox.Store) -> "GraphData":
        """The graph held in ``store``'s default graph. The read-only on-disk query store
        that publish keeps beside dist/ would do, but answers these queries 2-3 times slower
        than an in-memory store (measured at 1,000 documents: 35 s against 21 s in all)."""
        data = cls(store)
        types = data.types
        for node, kind in tuples(data.store, "nodes", "node type"):
            types.setdefault(value(node), []).append(value(kind))
        rank_of = {p: i for i, p in enumerate(LABEL_PREDICATES)}
        found: dict[str, dict[str | None, tuple[int, str]]] = {}
        for node, pred, lit in tuples(data.store, "labels", "node pred label"):
            lang = lang_case(lit.language) if lit.language else None
            here = found.setdefault(node.value, {})  # labels.rq keeps IRIs only
            best = here.get(lang)
            rank = (rank_of[pred.value], lit.value)
            if best is None or rank < best:
                here[lang] = rank
        data.labels = {n: {lang: t for lang, (_, t) in d.items()} for n, d in found.items()}
        return data

    def rows(self, name: str) -> list[dict]:
        """``select(self.store, name)``, run once; callers must not change the rows."""
        if name not in self.answers:
            self.answers[name] = select(self.store, name)
        return self.answers[name]

    def type_of(self, iri: str) -> str:
        """The most specific gov: type (local name), else the first type's short form."""
        types = sorted(self.types.get(iri, []))
        gov = [t[len(GOV):] for t in types if t.startswith(GOV)]
        specific = [t for t in gov if t != "Commitment"] or gov
        if specific:
            return specific[0]
        return curie(types[0]) if types else ""

    def display(self, iri: str) -> str:
        """One readable label: English, then Chinese, then any, then the IRI's tail."""
        labels = self.labels.get(iri, {})
        for lang in (*DISPLAY_LANGS, None):
            if lang in labels:
                return labels[lang]
        if labels:
            return labels[sorted(labels, key=str)[0]]
        return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def node_attrs(self, iri: str, **extra) -> dict:
        attrs = {"iri": iri, "type": self.type_of(iri), "label": self.display(iri)}
        for lang, text in self.labels.get(iri, {}).items():
            attrs[label_key(lang)] = text
        attrs.update({k: v for k, v in extra.items() if v is not None})
        return attrs


def text_edges(data: GraphData) -> list[tuple[str, str, str, float | None, str | None]]:
    """(source, predicate, target, score, method) of every translationOf / identicalTo /
    relatedTo triple: the best gov:score and the first gov:method of the gov:Link nodes
    between source and target (either direction; the method first in code-point order, as
    SPARQL's MIN), None where no link explains it. Two
    queries joined here by key (one that joined them took 1.6 s at 1,000 documents)."""
    if "text_edges+scores" in data.answers:
        return data.answers["text_edges+scores"]
    scores: dict[tuple[str, str], list] = {}
    for _link, start, end, score, method in tuples(data.store, "text_scores", "link from to score method"):
        entry = scores.setdefault((min(value(start), value(end)), max(value(start), value(end))), [None, None])
        s = float(score.value)
        entry[0] = s if entry[0] is None else max(entry[0], s)
        if method is not None:
            entry[1] = method.value if entry[1] is None else min(entry[1], method.value)
    out = []
    for source, predicate, target in tuples(data.store, "text_edges", "source predicate target"):
        s, t = value(source), value(target)
        score, method = scores.get((min(s, t), max(s, t)), (None, None))
        out.append((s, predicate.value, t, score, method))
    data.answers["text_edges+scores"] = out
    return out


def commitment_network(data: GraphData) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="commitments")
    roles = {GOV + "bearer": ("actor", "commitment"), GOV + "addressee": ("actor", "commitment"),
             GOV + "opposedParty": ("actor", "commitment"),
             GOV + "concerns": ("commitment", "principle"), GOV + "statedIn": ("work", "commitment"),
             GOV + "issuedBy": ("work", "actor")}
    attrs: dict[tuple[str, str], dict] = {}
    for source, target, predicate, via in tuples(data.store, "commitment_edges", "source target predicate via"):
        s, t, p = value(source), value(target), value(predicate)
        for node, role in zip((s, t), roles[p]):
            if (node, role) not in attrs:
                attrs[node, role] = data.node_attrs(node, role=role)
            g.add_node(node, **attrs[node, role])
        extra = {"via": value(via)} if via is not None else {}
        g.add_edge(s, t, key=p, predicate=p, weight=1.0, **extra)
    return g


def coverage_network(data: GraphData) -> nx.DiGraph:
    g = nx.DiGraph(name="coverage")
    for row in data.rows("works"):
        work = value(row["work"])
        g.add_node(work, **data.node_attrs(work, role="work"))
    for row in select(data.store, "coverage"):
        work, principle = value(row["work"]), value(row["principle"])
        g.add_node(principle, **data.node_attrs(principle, role="principle"))
        g.add_edge(work, principle, predicate=GOV + "concerns", weight=float(int(row["clauses"].value)))
    return g


def text_network(data: GraphData) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="text")
    for row in data.rows("text_nodes"):
        node = value(row["node"])
        position = int(row["position"].value) if row["position"] is not None else None
        lang = lang_case(row["language"].value) if row["language"] is not None else None
        g.add_node(node, **data.node_attrs(node, work=value(row["work"]), position=position,
                                           provision=value(row["provision"]), language=lang))
    for s, p, t, score, method in text_edges(data):
        for node in (s, t):
            if node not in g:
                g.add_node(node, **data.node_attrs(node))
        extra = {}
        if score is not None:
            extra["score"] = score
        if method is not None:
            extra["method"] = method
        g.add_edge(s, t, key=p, predicate=p, weight=extra.get("score", 1.0), **extra)
    return g


def rdf_network(data: GraphData) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="rdf")
    for row in select(data.store, "all_triples"):
        ids = []
        for term in (row["s"], row["o"]):
            if isinstance(term, ox.Literal):
                node = str(term)  # its N-Triples form: unique, escaped
                attrs = {"kind": "literal", "label": term.value, "value": term.value,
                         "datatype": term.datatype.value}
                if term.language:
                    attrs["language"] = lang_case(term.language)
            elif isinstance(term, ox.BlankNode):
                node, attrs = value(term), {"kind": "blank", "label": value(term)}
            else:
                node, attrs = term.value, {"kind": "iri", **data.node_attrs(term.value)}
            g.add_node(node, **attrs)
            ids.append(node)
        p = value(row["p"])
        g.add_edge(ids[0], ids[1], key=p, predicate=p, weight=1.0)
    return g


PROJECTIONS = {
    "commitments": commitment_network,
    "coverage": coverage_network,
    "text": text_network,
    "rdf": rdf_network,
}


def canonical(g: nx.Graph) -> nx.Graph:
    """A copy with sorted nodes, edges and attribute keys, every string XML-clean."""
    def fix(attrs: dict) -> dict:
        return {clean(k): clean(v) if isinstance(v, str) else v for k, v in sorted(attrs.items())}

    out = g.__class__(name=g.graph.get("name", ""))
    for node in sorted(g.nodes):
        out.add_node(clean(node), **fix(g.nodes[node]))
    if g.is_multigraph():
        for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
            out.add_edge(clean(u), clean(v), key=clean(k), **fix(d))
    else:
        for u, v, d in sorted(g.edges(data=True), key=lambda e: e[:2]):
            out.add_edge(clean(u), clean(v), **fix(d))
    return out


def write_graph(g: nx.Graph, directory: Path, name: str) -> list[Path]:
    """Write ``g`` as {name}.graphml, {name}.gexf and {name}.json in ``directory``: sorted,
    XML-clean, streamed (graphfiles), the bytes networkx's writers give ``canonical(g)``."""
    snap = graphfiles.snapshot(g, clean)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{name}.{ext}" for ext in FORMATS]
    graphfiles.write_graphml(snap, paths[0])
    graphfiles.write_gexf(snap, paths[1])
    graphfiles.write_json(snap, paths[2])
    return paths


# triples. The rdf projection has a node per IRI, blank node and literal and an edge per
# triple: at the seed corpus's 7,700 triples its three files take 12 MB; at 100 documents
# (65,000 triples) they took 84 MB and 5 s, and they grow with the graph, so above this
# size graphs/rdf.README.txt stands in for them and says how to get the same multigraph.
FULL_RDF_LIMIT = 20_000
RDF_NOTE = (
    "The full RDF multigraph (rdf.graphml, rdf.gexf, rdf.json) is written only for graphs of at most "
    "{limit} triples; this one has {n}. The other projections here (commitments, coverage, text) are "
    "written at every size. For the whole graph, query govkg.nt with SPARQL (`build.py query`, "
    "`make serve`) or load it yourself, e.g. with rdflib: "
    "rdflib.extras.external_graph_libs.rdflib_to_networkx_multidigraph("
    "rdflib.Graph().parse('govkg.nt')).\n")


def write_exports(dist: Path, data: GraphData | None = None, full_rdf_limit: int = FULL_RDF_LIMIT) -> None:
    """Write every projection of ``dist/govkg.nt`` (``data``: that graph, already loaded)
    into ``dist/graphs/``; the rdf one only up to ``full_rdf_limit`` triples."""
    dist = Path(dist)
    data = data if data is not None else GraphData.load(dist / "govkg.nt")
    n_triples = len(data.store)  # govkg.nt's lines: one distinct triple each
    for name, build in PROJECTIONS.items():
        if name == "rdf" and n_triples > full_rdf_limit:
            (dist / "graphs").mkdir(parents=True, exist_ok=True)
            for ext in FORMATS:  # an earlier export's, of a smaller graph
                (dist / "graphs" / f"rdf.{ext}").unlink(missing_ok=True)
            (dist / "graphs" / "rdf.README.txt").write_text(RDF_NOTE.format(limit=full_rdf_limit, n=n_triples),
                                                            encoding="utf-8")
            continue
        write_graph(build(data), dist / "graphs", name)
    if n_triples <= full_rdf_limit:
        (dist / "graphs" / "rdf.README.txt").unlink(missing_ok=True)
