"""Graph exports: networkx projections of the published graph, as GraphML, GEXF and JSON.

Everything is read from ``dist/govkg.nt`` with the SPARQL queries in ``queries/export/``
(never from pipeline internals), so the exports agree with what SPARQL users see.
Projections (see docs in ``write_exports``):

- ``commitments``: actors -> commitments -> principles, works -> commitments, works -> issuers;
- ``coverage``: works -> principles, weight = clauses of the work that concern the principle;
- ``text``: provisions and clauses with gov:relatedTo / gov:identicalTo / gov:translationOf
  edges and their gov:score;
- ``rdf``: the whole graph as a MultiDiGraph (literals are nodes, keyed by N-Triples form).

Output is deterministic (sorted nodes, edges and attributes; no timestamps) and every
string attribute is stripped of characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from govkg.core import paths
from govkg.core.errors import InputError
from govkg.core.namespaces import GOV, PREFIXES
from govkg.core.text import lang_case

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



def label_key(lang: str | None) -> str:
    """Attribute name for a label in ``lang``: label_en, label_zh_Hans, label_und."""
    return "label_" + (re.sub(r"[^A-Za-z0-9]", "_", lang) if lang else "und")


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


def select(store: ox.Store, name: str) -> list[dict]:
    """Rows of ``queries/export/{name}.rq``: dicts of variable name -> term (None if unbound)."""
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    result = store.query(query)
    names = [v.value for v in result.variables]
    return [{n: row[n] for n in names} for row in result]


def value(term) -> str | None:
    """Lexical value of a term (IRI, literal or blank node id); None stays None."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


@dataclass
class GraphData:
    """The published graph plus the node types and labels every projection needs."""

    store: ox.Store
    types: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, nt: Path) -> "GraphData":
        data = cls(load_store(nt))
        for row in select(data.store, "nodes"):
            data.types.setdefault(value(row["node"]), []).append(value(row["type"]))
        found: dict[str, dict[str, tuple[int, str]]] = {}
        for row in select(data.store, "labels"):
            node, lit = value(row["node"]), row["label"]
            lang = lang_case(lit.language) if lit.language else None
            rank = LABEL_PREDICATES.index(value(row["pred"]))
            best = found.setdefault(node, {}).get(lang)
            if best is None or (rank, lit.value) < best:
                found[node][lang] = (rank, lit.value)
        data.labels = {n: {lang: t for lang, (_, t) in d.items()} for n, d in found.items()}
        return data

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


def commitment_network(data: GraphData) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="commitments")
    roles = {GOV + "bearer": ("actor", "commitment"), GOV + "addressee": ("actor", "commitment"),
             GOV + "opposedParty": ("actor", "commitment"),
             GOV + "concerns": ("commitment", "principle"), GOV + "statedIn": ("work", "commitment"),
             GOV + "issuedBy": ("work", "actor")}
    for row in select(data.store, "commitment_edges"):
        s, t, p = value(row["source"]), value(row["target"]), value(row["predicate"])
        for node, role in zip((s, t), roles[p]):
            g.add_node(node, **data.node_attrs(node, role=role))
        extra = {"via": value(row["via"])} if row["via"] is not None else {}
        g.add_edge(s, t, key=p, predicate=p, weight=1.0, **extra)
    return g


def coverage_network(data: GraphData) -> nx.DiGraph:
    g = nx.DiGraph(name="coverage")
    for row in select(data.store, "works"):
        work = value(row["work"])
        g.add_node(work, **data.node_attrs(work, role="work"))
    for row in select(data.store, "coverage"):
        work, principle = value(row["work"]), value(row["principle"])
        g.add_node(principle, **data.node_attrs(principle, role="principle"))
        g.add_edge(work, principle, predicate=GOV + "concerns", weight=float(int(row["clauses"].value)))
    return g


def text_network(data: GraphData) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="text")
    for row in select(data.store, "text_nodes"):
        node = value(row["node"])
        position = int(row["position"].value) if row["position"] is not None else None
        lang = lang_case(row["language"].value) if row["language"] is not None else None
        g.add_node(node, **data.node_attrs(node, work=value(row["work"]), position=position,
                                           provision=value(row["provision"]), language=lang))
    for row in select(data.store, "text_edges"):
        s, p, t = value(row["source"]), value(row["predicate"]), value(row["target"])
        for node in (s, t):
            if node not in g:
                g.add_node(node, **data.node_attrs(node))
        extra = {}
        if row["score"] is not None:
            extra["score"] = float(row["score"].value)
        if row["method"] is not None:
            extra["method"] = row["method"].value
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
    """Write ``g`` as {name}.graphml, {name}.gexf and {name}.json in ``directory``."""
    g = canonical(g)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{name}.{ext}" for ext in FORMATS]
    nx.write_graphml(g, paths[0], encoding="utf-8", prettyprint=True)
    gexf = "\n".join(nx.generate_gexf(g, encoding="utf-8", prettyprint=True)) + "\n"
    gexf = re.sub(r'\s+lastmodifieddate="[^"]*"', "", gexf)  # no wall-clock date
    paths[1].write_text(gexf, encoding="utf-8")
    link = nx.node_link_data(g, edges="edges")
    paths[2].write_text(json.dumps(link, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    return paths


FULL_RDF_LIMIT = 200_000  # triples; above it GraphML/GEXF of everything is neither useful nor fast


def write_exports(dist: Path) -> None:
    """Write every projection of ``dist/govkg.nt`` into ``dist/graphs/``."""
    dist = Path(dist)
    data = GraphData.load(dist / "govkg.nt")
    with open(dist / "govkg.nt", "rb") as fh:
        n_triples = sum(1 for _ in fh)
    for name, build in PROJECTIONS.items():
        if name == "rdf" and n_triples > FULL_RDF_LIMIT:
            note = (f"The full RDF multigraph is not exported for graphs over {FULL_RDF_LIMIT} triples "
                    f"(this one has {n_triples}): load govkg.nt into a graph tool or SPARQL store instead.\n")
            (dist / "graphs").mkdir(parents=True, exist_ok=True)
            (dist / "graphs" / "rdf.README.txt").write_text(note, encoding="utf-8")
            continue
        write_graph(build(data), dist / "graphs", name)
