"""Link: translations within a provision, identical and related text across works,
and the SSSOM mapping set that publishes every cross-document link.

* Translations: inside one provision, the clauses of two languages are aligned by a
  length-based monotone dynamic programme (Gale–Church style beads 1-1, 1-2, 2-1,
  1-3, 3-1, 2-2) and linked with gov:translationOf. A Simplified Chinese text that no
  source attests is published only as a gov:DerivedText (OpenCC t2s, with converter
  and version), never as gov:text.
* Identical text: clauses and provisions of different works whose normalised text
  (OpenCC t2s, casefolded, letters and digits only) is the same → gov:identicalTo;
  the later work's provision prov:wasDerivedFrom the earlier one (dct:issued).
* Related provisions: character n-gram TF-IDF over clauses (OpenCC t2s first, so
  every Chinese text is in one script), best clause pair per provision pair, plus the
  Jaccard overlap of the principles the provisions concern. Candidate pairs come from
  an inverted index of each clause's most distinctive n-grams (blocking), so the cost
  grows with the number of candidate pairs, not with all pairs.
Every cross-document link is also a gov:Link node with score, method and explanation.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from .align import AlignedWork, key
from .ids import Minter
from .namespaces import DCT, GOV, PROV, RDF, RDFS, XSD

TYPE = NamedNode(RDF + "type")
RELATED_THRESHOLD = 0.17  # chosen on tests/data/related-gold.yaml (see tests/test_link.py)
LEXICAL_WEIGHT = 0.5
TOP_FEATURES = 40  # per clause, for blocking
MAX_POSTING = 1000  # n-grams in more clauses than this do not block
MIN_SHARED = 2  # distinctive n-grams a candidate pair must share
MAX_CANDIDATES = 50  # per clause
MAX_RELATED = 8  # related links kept per provision: its best-scoring ones (keeps the graph linear)
MIN_IDENTICAL_CHARS = 20
RELATED_METHOD = ("char-ngram-tfidf-cosine (en: char 3-5 within words' context; zh: char 2-3 after OpenCC t2s; "
                  "best clause pair) x0.5 + principle-jaccard x0.5; inverted-index blocking")
IDENTICAL_METHOD = "normalised-text-equality (OpenCC t2s, casefold, letters and digits only)"
BEADS = {(1, 1): 0.0, (1, 2): 1.0, (2, 1): 1.0, (1, 3): 2.0, (3, 1): 2.0, (2, 2): 3.0, (1, 0): 4.0, (0, 1): 4.0}


def g(name: str) -> NamedNode:
    return NamedNode(GOV + name)


def decimal(x: float) -> Literal:
    return Literal(f"{x:.3f}", datatype=NamedNode(XSD + "decimal"))


@lru_cache(maxsize=1)
def converter() -> tuple[str, str]:
    """(label, version) of the script converter used for derived texts."""
    from importlib.metadata import version

    return "OpenCC", version("OpenCC")


def t2s(text: str) -> str:
    from .readers.common import to_simplified

    return to_simplified(text)


# ── translations ────────────────────────────────────────────────────────────────

def _length(text: str, lang: str) -> int:
    return sum(1 for c in text if not c.isspace()) if lang.startswith("zh") else len(text)


def sentence_beads(a: list[str], la: str, b: list[str], lb: str) -> list[tuple[list[int], list[int]]]:
    """Monotone alignment of two clause lists by length (indices into a and b)."""
    A = [_length(t, la) for t in a]
    B = [_length(t, lb) for t in b]
    ratio = sum(B) / max(1, sum(A))
    n, m = len(a), len(b)
    cost = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) not in cost:
                continue
            for (di, dj), penalty in BEADS.items():
                ii, jj = i + di, j + dj
                if ii > n or jj > m:
                    continue
                c = cost[(i, j)] + penalty
                if di and dj:
                    c += 4 * abs(math.log((sum(B[j:jj]) + 1) / (sum(A[i:ii]) * ratio + 1)))
                if c < cost.get((ii, jj), math.inf) - 1e-12:
                    cost[(ii, jj)] = c
                    back[(ii, jj)] = (i, j)
    beads, pos = [], (n, m)
    while pos != (0, 0):
        prev = back[pos]
        beads.append((list(range(prev[0], pos[0])), list(range(prev[1], pos[1]))))
        pos = prev
    return beads[::-1]


def translation_triples(result, minter: Minter | None = None) -> list[Triple]:
    m = minter or Minter(result.catalog.base)
    out: list[Triple] = []
    name, version = converter()
    for aw in sorted(result.aligned, key=lambda a: a.work.id):
        wid = aw.work.id
        for prov in aw.provisions:
            langs = sorted(prov.clauses)
            for x, la in enumerate(langs):
                for lb in langs[x + 1:]:
                    ca, cb = prov.clauses[la], prov.clauses[lb]
                    for ia, ib in sentence_beads([c.canonical for c in ca], la, [c.canonical for c in cb], lb):
                        for i in ia:
                            for j in ib:
                                s = NamedNode(m.clause(wid, prov.position, la, ca[i].n))
                                o = NamedNode(m.clause(wid, prov.position, lb, cb[j].n))
                                out += [Triple(s, g("translationOf"), o), Triple(o, g("translationOf"), s)]
            if "zh-Hant" in prov.clauses and "zh-Hans" not in prov.clauses:
                conv = Literal(f"{name} {version} t2s")
                p = NamedNode(m.provision(wid, prov.position))
                derived = [(NamedNode(m.clause(wid, prov.position, "zh-Hant", c.n)), t2s(c.canonical))
                           for c in prov.clauses["zh-Hant"]]
                derived.append((p, t2s(prov.text("zh-Hant"))))
                for src, text in derived:
                    d = NamedNode(f"{src.value}/t2s")
                    out += [Triple(d, TYPE, g("DerivedText")),
                            Triple(d, g("derivedText"), Literal(text, language="zh-Hans")),
                            Triple(d, NamedNode(DCT + "language"), Literal("zh-Hans")),
                            Triple(d, NamedNode(PROV + "wasDerivedFrom"), src), Triple(d, g("converter"), conv),
                            Triple(d, NamedNode(RDFS + "comment"), Literal(
                                "Derived by script conversion (OpenCC t2s) from the attested Traditional Chinese "
                                "text; no source carries this Simplified Chinese text.", language="en"))]
    return out


# ── cross-document links ────────────────────────────────────────────────────────

@dataclass
class Link:
    kind: str  # identical | related
    a: str  # IRIs; a is the earlier work's unit when known
    b: str
    score: float
    method: str
    terms: list[tuple[str, str]] = field(default_factory=list)  # (phrase, lang)
    principles: list[str] = field(default_factory=list)  # principle slugs
    comment: str = ""
    derived: bool = False  # b's text derives from a's (a issued first)

    @property
    def iri_suffix(self) -> str:
        return hashlib.sha1(f"{self.kind}|{self.a}|{self.b}".encode()).hexdigest()[:16]


def norm(text: str, lang: str) -> str:
    return key(t2s(text) if lang.startswith("zh") else text)


def _order(aw_a: AlignedWork, aw_b: AlignedWork) -> tuple[bool, str]:
    da, db = aw_a.work.date, aw_b.work.date
    if da and db and da != db:
        first = (aw_b if da > db else aw_a).work.id
        return da > db, f"{first} was issued first ({min(da, db)}, the other {max(da, db)})"
    return False, "which came first is unknown (no or equal dct:issued)"


def identical_links(result, m: Minter) -> list[Link]:
    works = {aw.work.id: aw for aw in result.aligned}
    prov_buckets: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    clause_buckets: dict[tuple[str, str], list[tuple[str, int, str, int]]] = defaultdict(list)
    for aw in result.aligned:
        for p in aw.provisions:
            for lang in p.clauses:
                k = norm(p.text(lang), lang)
                if len(k) >= MIN_IDENTICAL_CHARS:
                    prov_buckets[(lang[:2], k)].append((aw.work.id, p.position))
                for c in p.clauses[lang]:
                    ck = norm(c.canonical, lang)
                    if len(ck) >= MIN_IDENTICAL_CHARS:
                        clause_buckets[(lang[:2], ck)].append((aw.work.id, p.position, lang, c.n))
    links: dict[tuple[str, str], Link] = {}

    def add(wa, ua, wb, ub):
        if wa == wb:
            return
        swap, why = _order(works[wa], works[wb])
        if swap:
            wa, ua, wb, ub = wb, ub, wa, ua
        pair = tuple(sorted((ua, ub)))
        if pair not in links:
            links[pair] = Link("identical", ua, ub, 1.0, IDENTICAL_METHOD, comment=why, derived="unknown" not in why)

    for members in prov_buckets.values():
        for x, (wa, pa) in enumerate(sorted(set(members))):
            for wb, pb in sorted(set(members))[x + 1:]:
                add(wa, m.provision(wa, pa), wb, m.provision(wb, pb))
    for members in clause_buckets.values():
        for x, (wa, pa, la, na) in enumerate(sorted(set(members))):
            for wb, pb, lb, nb in sorted(set(members))[x + 1:]:
                add(wa, m.clause(wa, pa, la, na), wb, m.clause(wb, pb, lb, nb))
    return [links[k] for k in sorted(links)]


def tag_principles(text: str, lang: str) -> set[str]:
    try:
        from .extract import tag_principles as tagger  # type: ignore[attr-defined]
    except ImportError:
        tagger = None
    if tagger is None:
        try:
            from .vocab import principles
        except ImportError:
            return set()
        tagger = lambda t, _lang: principles().find(t)  # noqa: E731
    out = set()
    for hit in tagger(text, lang):  # (slug, start, end) tuples, or bare slugs / IRIs
        out.add(str(hit[0] if isinstance(hit, tuple) else hit).rsplit("/", 1)[-1])
    return out


def _grams(doc: str) -> list[str]:
    lang, text = doc.split("\t", 1)
    if lang == "zh":
        text = "".join(text.split())
        return [text[i:i + n] for n in (2, 3) for i in range(len(text) - n + 1)]
    text = f" {' '.join(text.casefold().replace('artificial intelligence', 'ai').split())} "
    return [text[i:i + n] for n in (3, 4, 5) for i in range(len(text) - n + 1)]


def _words(text: str, lang: str) -> list[str]:
    import re

    if lang == "zh":
        return [text[i:i + 2] for i in range(len(text) - 1)
                if all("\u4e00" <= ch <= "\u9fff" for ch in text[i:i + 2])]
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = re.findall(r"[a-z][a-z-]+", text.casefold().replace("artificial intelligence", "ai"))
    content = [w for w in words if w not in ENGLISH_STOP_WORDS and w != "ai"]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:]) if a in content and b in content]
    return content + pairs


def candidate_pairs(X, groups: list[str]) -> set[tuple[int, int]]:
    """Blocking, as sparse products (no all-pairs comparison): each row's TOP_FEATURES
    heaviest features that occur in at most MAX_POSTING rows are looked up in the
    inverted index (the columns of X); a pair is a candidate when it shares at least
    MIN_SHARED of them (either way round), is not inside one group (work), and is
    among the MAX_CANDIDATES best-sharing pairs of one of its rows."""
    import numpy as np
    from scipy import sparse

    X = X.tocsr()
    n = X.shape[0]
    df = np.diff(X.tocsc().indptr)
    usable = df <= MAX_POSTING
    qr, qc = [], []
    for i in range(n):
        feats, w = X.indices[X.indptr[i]:X.indptr[i + 1]], X.data[X.indptr[i]:X.indptr[i + 1]]
        keep = usable[feats]
        feats, w = feats[keep], w[keep]
        top = feats[np.argsort(-w, kind="stable")[:TOP_FEATURES]]
        qr.append(np.full(len(top), i))
        qc.append(top)
    rows_q = np.concatenate(qr) if qr else np.zeros(0, int)
    cols_q = np.concatenate(qc) if qc else np.zeros(0, int)
    Q = sparse.csr_matrix((np.ones(len(rows_q), dtype=np.int32), (rows_q, cols_q)), shape=X.shape)
    B = sparse.csr_matrix((usable[X.indices].astype(np.int32), X.indices, X.indptr), shape=X.shape)
    C = (Q @ B.T).tocsr()
    C = (C + C.T).tocsr()
    gid = {g: k for k, g in enumerate(sorted(set(groups)))}
    garr = np.array([gid[g] for g in groups])
    cand: set[tuple[int, int]] = set()
    for i in range(n):
        js, counts = C.indices[C.indptr[i]:C.indptr[i + 1]], C.data[C.indptr[i]:C.indptr[i + 1]]
        keep = (counts >= MIN_SHARED) & (garr[js] != garr[i])
        js, counts = js[keep], counts[keep]
        order = np.lexsort((js, -counts))[:MAX_CANDIDATES]
        for j in js[order].tolist():
            cand.add((i, j) if i < j else (j, i))
    return cand


def related_links(result, m: Minter, exclude: set[tuple[str, str]] = frozenset()) -> list[Link]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    rows: list[tuple[str, int, str, str, str]] = []  # (work, position, script, text, clause path)
    principles: dict[tuple[str, int], set[str]] = defaultdict(set)
    for aw in sorted(result.aligned, key=lambda a: a.work.id):
        for p in aw.provisions:
            for lang in sorted(p.clauses):
                for c in p.clauses[lang]:
                    script = "zh" if lang.startswith("zh") else "en"
                    text = t2s(c.canonical) if script == "zh" else c.canonical
                    rows.append((aw.work.id, p.position, script, text, f"{aw.work.id}/p{p.position}/{lang}/c{c.n}"))
                    principles[(aw.work.id, p.position)] |= tag_principles(c.canonical, lang)
    if len({r[0] for r in rows}) < 2:
        return []
    X = TfidfVectorizer(analyzer=_grams, sublinear_tf=True).fit_transform([f"{r[2]}\t{r[3]}" for r in rows])
    X = X.tocsr()
    cand = candidate_pairs(X, [r[0] for r in rows])
    if not cand:
        return []
    pairs = sorted(cand)
    I = np.array([p[0] for p in pairs])
    J = np.array([p[1] for p in pairs])
    sims = np.asarray(X[I].multiply(X[J]).sum(axis=1)).ravel()
    best: dict[tuple, tuple[float, int, int]] = {}
    for (i, j), s in zip(pairs, sims):
        ka, kb = rows[i][:2], rows[j][:2]
        pk = (ka, kb, i, j) if ka < kb else (kb, ka, j, i)
        if s > best.get(pk[:2], (-1.0,))[0]:
            best[pk[:2]] = (float(s), pk[2], pk[3])
    df: dict[str, int] = defaultdict(int)
    for r in rows:
        for w in set(_words(r[3], r[2])):
            df[w] += 1
    works = {aw.work.id: aw for aw in result.aligned}
    links = []
    for (ka, kb), (lex, i, j) in sorted(best.items()):
        pa, pb = principles[ka], principles[kb]
        jac = len(pa & pb) / len(pa | pb) if pa | pb else 0.0
        score = LEXICAL_WEIGHT * lex + (1 - LEXICAL_WEIGHT) * jac
        ua, ub = m.provision(*ka), m.provision(*kb)
        if score < RELATED_THRESHOLD or tuple(sorted((ua, ub))) in exclude:
            continue
        swap, _ = _order(works[ka[0]], works[kb[0]])
        if swap:
            ua, ub, i, j = ub, ua, j, i
        script = rows[i][2]
        shared = []
        common = set(_words(rows[i][3], script)) & set(_words(rows[j][3], script))
        for w in sorted(common, key=lambda w: (df[w], -w.count(" "), w)):  # rarest first, phrases first
            if not any(w in t.split() for t in shared) and len(shared) < 6:
                shared.append(w)
        lang = "en" if script == "en" else "zh-Hans"
        links.append(Link("related", ua, ub, round(score, 3), RELATED_METHOD, [(w, lang) for w in shared],
                          sorted(pa & pb), comment=(
                              f"shared terms: {', '.join(shared) or '-'}; "
                              f"shared principles: {', '.join(sorted(pa & pb)) or '-'}; "
                              f"best clause pair: {rows[i][4]} ~ {rows[j][4]} "
                              f"(character n-gram cosine {lex:.3f}); principle overlap {jac:.3f}")))
    return top_per_provision(links, MAX_RELATED)


def top_per_provision(links: list[Link], k: int) -> list[Link]:
    """Keep a link when it is among the k best of at least one of its two provisions."""
    ranked: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        ranked[link.a].append(link)
        ranked[link.b].append(link)
    keep = set()
    for unit in ranked.values():
        for link in sorted(unit, key=lambda x: (-x.score, x.a, x.b))[:k]:
            keep.add((link.a, link.b))
    return [link for link in links if (link.a, link.b) in keep]


def find_links(result, minter: Minter | None = None) -> list[Link]:
    m = minter or Minter(result.catalog.base)
    ident = identical_links(result, m)
    return ident + related_links(result, m, {tuple(sorted((x.a, x.b))) for x in ident})


def link_triples(result, minter: Minter | None = None) -> list[Triple]:
    """Translations, derived texts, identical and related links as triples."""
    m = minter or Minter(result.catalog.base)
    out = translation_triples(result, m)
    for link in find_links(result, m):
        a, b = NamedNode(link.a), NamedNode(link.b)
        prop = g("identicalTo" if link.kind == "identical" else "relatedTo")
        out += [Triple(a, prop, b), Triple(b, prop, a)]
        if link.derived:
            out.append(Triple(b, NamedNode(PROV + "wasDerivedFrom"), a))
        node = NamedNode(f"{m.base}link/{link.iri_suffix}")
        out += [Triple(node, TYPE, g("Link")), Triple(node, g("linkFrom"), a), Triple(node, g("linkTo"), b),
                Triple(node, g("score"), decimal(link.score)), Triple(node, g("method"), Literal(link.method))]
        if link.comment:
            out.append(Triple(node, NamedNode(RDFS + "comment"), Literal(link.comment, language="en")))
        for phrase, lang in link.terms:
            out.append(Triple(node, g("matchedPhrase"), Literal(phrase, language=lang)))
        for slug in link.principles:
            out.append(Triple(node, g("concerns"), NamedNode(m.principle(slug))))
    return out


# ── SSSOM ───────────────────────────────────────────────────────────────────────

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
_LABEL_RQ = """
PREFIX gov: <https://w3id.org/govkg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x ?label WHERE {
  { ?x gov:partOf+ ?w . ?w a gov:Work ; dct:title ?label . } UNION { ?x skos:prefLabel ?label . }
}"""
_CROSSWALK_RQ = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?o WHERE { ?s skos:closeMatch ?o }"""


def _store(triples_or_store, principles_ttl):
    import pyoxigraph as ox

    if isinstance(triples_or_store, ox.Store):
        store = ox.Store()
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in triples_or_store)
    else:
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples_or_store)
    if principles_ttl is not None and principles_ttl.exists():
        with open(principles_ttl, "rb") as fh:
            store.load(fh, ox.RdfFormat.TURTLE)
    return store


def sssom_rows(triples_or_store, principles_ttl=None) -> list[dict[str, str]]:
    """One row per cross-document link and per principle crosswalk (full IRIs)."""
    store = _store(triples_or_store, principles_ttl)
    found: dict[str, list[tuple[bool, str, str]]] = defaultdict(list)
    for row in store.query(_LABEL_RQ):  # English first, else any language, deterministic
        lit = row["label"]
        found[row["x"].value].append((lit.language != "en", lit.language or "", lit.value))
    labels = {iri: min(cands)[2] for iri, cands in found.items()}

    def label(iri: str) -> str:
        if iri not in labels:
            return ""
        tail = iri.rsplit("/work/", 1)[-1].split("/", 1)
        return labels[iri] + (f" {tail[1]}" if len(tail) == 2 and "/work/" in iri else "")

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
    for r in store.query(_CROSSWALK_RQ):
        s, o = r["s"].value, r["o"].value
        rows.append({"subject_id": s, "subject_label": label(s), "predicate_id": "skos:closeMatch",
                     "object_id": o, "object_label": label(o), "mapping_justification": "semapv:ManualMappingCuration",
                     "confidence": "", "similarity_score": "", "similarity_measure": "",
                     "mapping_tool": "ontology/principles.ttl (hand-curated)", "comment": ""})
    return sorted(rows, key=lambda x: (x["predicate_id"], x["subject_id"], x["object_id"]))


def write_sssom(stage_dir, triples_or_store, *, base: str | None = None, license: str | None = None,
                principles_ttl=None) -> "Path":
    """Write mappings.sssom.tsv (SSSOM/TSV: a YAML metadata block in # lines, then the table)."""
    import csv
    import io
    from pathlib import Path

    import yaml

    from . import __version__
    from .namespaces import ID, SKOS

    stage_dir = Path(stage_dir)
    if principles_ttl is None:
        principles_ttl = Path(__file__).resolve().parents[1] / "ontology" / "principles.ttl"
    base = base or ID
    prefixes = {"govkg": base, "skos": SKOS, "semapv": SEMAPV}
    if base != ID:
        prefixes["govkgid"] = ID

    def curie(iri: str) -> str:
        for p, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns):
                return f"{p}:{iri[len(ns):]}"
        return iri

    meta = {"curie_map": prefixes, "mapping_set_id": f"{base}mappings.sssom.tsv",
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
