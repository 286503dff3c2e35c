"""mappings.sssom.tsv: every cross-document link of the graph as an SSSOM/TSV mapping
set (a YAML metadata block in # lines, then the table), read back from the graph's
gov:Link nodes, plus the hand-curated principle mappings."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode

from govkg import __version__
from govkg.core import paths
from govkg.core.graphstore import Graph
from govkg.core.ids import Minter
from govkg.core.namespaces import DCT, GOV, ID, RDFS, SKOS
from govkg.link.common import TYPE, g

SEMAPV = "https://w3id.org/semapv/vocab/"
SSSOM_COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                 "mapping_justification", "confidence", "similarity_score", "similarity_measure",
                 "mapping_tool", "comment")
_LINKS_RQ = """
PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a ?b ?score ?method ?ident ?comment WHERE {
  ?l a gov:Link ; gov:linkFrom ?a ; gov:linkTo ?b ; gov:score ?score ; gov:method ?method .
  OPTIONAL { ?l rdfs:comment ?comment }
  BIND(EXISTS { ?a gov:identicalTo ?b } AS ?ident)
}"""
# what sssom_rows reads: these predicates, and rdf:type gov:Link / gov:Work
_SSSOM_PREDICATES = (GOV + "linkFrom", GOV + "linkTo", GOV + "score", GOV + "method", GOV + "identicalTo",
                     GOV + "partOf", RDFS + "comment", DCT + "title", SKOS + "prefLabel", SKOS + "closeMatch")
_SSSOM_TYPES = (GOV + "Link", GOV + "Work")


def _sssom_store(data):
    """`data` itself when it is a pyoxigraph Store (read, never copied or changed); else a
    Store of just the triples sssom_rows reads (a govkg.core.graphstore.Graph is filtered line
    by line as N-Triples text, an iterable of Triples/Quads triple by triple)."""
    import pyoxigraph as ox


    if isinstance(data, ox.Store):
        return data
    store = ox.Store()
    if isinstance(data, Graph):  # keep the N-Triples lines by their predicate field
        preds = {f"<{p}>".encode() for p in _SSSOM_PREDICATES}
        types = {f"<{t}>".encode() for t in _SSSOM_TYPES}
        rdf_type = f"<{TYPE.value}>".encode()
        for chunk in data.chunks:
            keep = []
            for line in chunk.splitlines(True):
                f = line.split(None, 2)
                if len(f) == 3 and (f[1] in preds or (f[1] == rdf_type and f[2].split(None, 1)[0] in types)):
                    keep.append(line)
            store.bulk_load(b"".join(keep), format=ox.RdfFormat.N_TRIPLES)
        return store
    preds = {NamedNode(p) for p in _SSSOM_PREDICATES}
    types = {NamedNode(t) for t in _SSSOM_TYPES}
    batch = []
    for t in data:
        if t.predicate in preds or (t.predicate == TYPE and t.object in types):
            batch.append(ox.Quad(t.subject, t.predicate, t.object))
    store.bulk_extend(batch)
    return store


def sssom_rows(triples_or_store, principles_ttl=None) -> list[dict[str, str]]:
    """One row per cross-document link and per principle crosswalk (full IRIs).
    `triples_or_store`: a pyoxigraph Store (its default graph, used as it is), a
    govkg.core.graphstore.Graph or an iterable of Triples; principles_ttl (crosswalks and
    labels) is read into a store of its own. Labels: the dct:title of the Work a unit is
    gov:partOf (transitively), or a skos:prefLabel; English first, else any language."""
    import pyoxigraph as ox

    store = _sssom_store(triples_or_store)
    vocab = ox.Store()
    if principles_ttl is not None and principles_ttl.exists():
        with open(principles_ttl, "rb") as fh:
            vocab.load(fh, ox.RdfFormat.TURTLE)
    stores = (store, vocab)
    dg = ox.DefaultGraph()

    def objects(s, p: NamedNode) -> list:
        return [q.object for st in stores for q in st.quads_for_pattern(s, p, None, dg)]

    part_of, title, pref = g("partOf"), NamedNode(DCT + "title"), NamedNode(SKOS + "prefLabel")
    work_type = g("Work")
    titles: dict = {}  # node -> titles of the Works it is (transitively) gov:partOf

    def work_titles(x) -> set:
        if x in titles:
            return titles[x]
        titles[x] = found = set()  # a partOf cycle ends here
        for w in objects(x, part_of):
            if isinstance(w, ox.NamedNode) and any(next(iter(st.quads_for_pattern(w, TYPE, work_type, dg)), None)
                                                   for st in stores):
                found.update(objects(w, title))
            found |= work_titles(w)
        return found

    labels: dict[str, str] = {}

    def label(iri: str) -> str:
        if iri not in labels:
            node = NamedNode(iri)
            cands = [lit for lit in (*work_titles(node), *objects(node, pref)) if isinstance(lit, ox.Literal)]
            best = min(((lit.language != "en", lit.language or "", lit.value) for lit in cands), default=None)
            labels[iri] = "" if best is None else best[2]
            if best is not None and "/work/" in iri:
                tail = iri.rsplit("/work/", 1)[-1].split("/", 1)
                labels[iri] += f" {tail[1]}" if len(tail) == 2 else ""
        return labels[iri]

    rows = []
    for r in store.query(_LINKS_RQ):
        ident = r["ident"].value == "true"
        a, b = r["a"].value, r["b"].value
        rows.append({"subject_id": a, "subject_label": label(a),
                     "predicate_id": "skos:exactMatch" if ident else "skos:relatedMatch",
                     "object_id": b, "object_label": label(b),
                     "mapping_justification": "semapv:LexicalMatching" if ident else "semapv:LexicalSimilarityThresholdMatching",
                     "confidence": r["score"].value, "similarity_score": r["score"].value,
                     "similarity_measure": r["method"].value, "mapping_tool": "govkg.link",
                     "comment": r["comment"].value if r["comment"] else ""})
    close = NamedNode(SKOS + "closeMatch")
    crosswalk = {(q.subject.value, q.object.value) for st in stores for q in st.quads_for_pattern(None, close, None, dg)}
    for s, o in sorted(crosswalk):
        rows.append({"subject_id": s, "subject_label": label(s), "predicate_id": "skos:closeMatch",
                     "object_id": o, "object_label": label(o), "mapping_justification": "semapv:ManualMappingCuration",
                     "confidence": "", "similarity_score": "", "similarity_measure": "",
                     "mapping_tool": "ontology/principles.ttl (hand-curated)", "comment": ""})
    return sorted(rows, key=lambda x: (x["predicate_id"], x["subject_id"], x["object_id"],
                                       *(x[c] for c in SSSOM_COLUMNS)))


def write_sssom(stage_dir, triples_or_store, *, base: str | None = None, license: str | None = None,
                principles_ttl=None) -> "Path":
    """Write mappings.sssom.tsv (SSSOM/TSV: a YAML metadata block in # lines, then the table)."""
    import csv
    import io

    import yaml


    stage_dir = Path(stage_dir)
    if principles_ttl is None:
        principles_ttl = paths.ROOT / "ontology" / "principles.ttl"
    base = base or ID
    prefixes = {"govkg": base, "skos": SKOS, "semapv": SEMAPV}
    if base != ID:
        prefixes["govkgid"] = ID

    def curie(iri: str) -> str:
        for p, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns):
                return f"{p}:{iri[len(ns):]}"
        return iri

    meta = {"curie_map": prefixes, "mapping_set_id": Minter(base).download("mappings.sssom.tsv"),
            "mapping_set_title": "govkg cross-document links and principle crosswalks",
            "mapping_set_description": ("skos:exactMatch: word-for-word identical text of two works; skos:relatedMatch: "
                                        "related provisions (score, method and shared terms in comment); "
                                        "skos:closeMatch: crosswalks of govkg principles to OECD, Berkman Klein "
                                        "and Jobin et al. 2019 taxonomies."),
            "license": license or "https://creativecommons.org/licenses/by/4.0/",
            "mapping_tool": "govkg", "mapping_tool_version": __version__}
    out = io.StringIO()
    for line in yaml.safe_dump(meta, sort_keys=True, allow_unicode=True, width=10000).splitlines():
        out.write(f"# {line}\n")
    writer = csv.DictWriter(out, fieldnames=SSSOM_COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for row in sssom_rows(triples_or_store, principles_ttl):
        row = dict(row, subject_id=curie(row["subject_id"]), object_id=curie(row["object_id"]))
        writer.writerow({k: " ".join(str(v).split()) for k, v in row.items()})
    path = stage_dir / "mappings.sssom.tsv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    return path
