"""Link: translations within a provision, identical and related text across works,
and the SSSOM mapping set that publishes every cross-document link.

* Translations: inside one provision, the clauses of two languages are aligned by a
  length-based monotone dynamic programme (Gale–Church style beads 1-1, 1-2, 2-1,
  1-3, 3-1, 2-2) and linked with gov:translationOf. A Simplified Chinese text that no
  source attests is published only as a gov:DerivedText (OpenCC t2s, with converter
  and version), never as gov:text.
* Identical text: clauses and provisions of different works whose normalised text
  (OpenCC t2s, casefolded, letters and digits only) is the same → gov:identicalTo,
  published as a star per group of equal text (each copy linked to the copy issued
  first: k copies, k - 1 links; gov:identicalTo is symmetric and an equivalence, so
  every pair of copies is in the transitive closure); the later work's provision
  prov:wasDerivedFrom the earlier one (dct:issued).
* Related provisions: character n-gram TF-IDF over clauses (OpenCC t2s first, so
  every Chinese text is in one script), best clause pair per provision pair, plus the
  Jaccard overlap of the principles the provisions concern. Candidate pairs come from
  an inverted index of each clause's most distinctive n-grams (blocking), so the cost
  grows with the number of candidate pairs, not with all pairs; their cosines are
  sparse row dot products in chunks, each distinct pair of texts once.
Every cross-document link is also a gov:Link node with score, method and explanation.
"""

from __future__ import annotations

import gc
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from govkg.core import paths
from govkg.core.ids import Minter
from govkg.core.namespaces import DCT, GOV, PROV, RDF, RDFS, SKOS, XSD
from govkg.structure.align import AlignedWork, key

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
    from govkg.ingest.readers.common import to_simplified

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
                                s = NamedNode(m.clause(wid, prov.key, la, ca[i].n))
                                o = NamedNode(m.clause(wid, prov.key, lb, cb[j].n))
                                out += [Triple(s, g("translationOf"), o), Triple(o, g("translationOf"), s)]
            if "zh-Hant" in prov.clauses and "zh-Hans" not in prov.clauses:
                conv = Literal(f"{name} {version} t2s")
                p = NamedNode(m.provision(wid, prov.key))
                derived = [(NamedNode(m.clause(wid, prov.key, "zh-Hant", c.n)), t2s(c.canonical))
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


def identical_buckets(result) -> tuple[dict, dict]:
    """Provisions and clauses grouped by normalised text (at least MIN_IDENTICAL_CHARS):
    {(script, key): [(work, position)]} and {(script, key): [(work, position, lang, n)]},
    each bucket's members distinct, in corpus order."""
    prov_buckets: dict[tuple[str, str], dict] = defaultdict(dict)
    clause_buckets: dict[tuple[str, str], dict] = defaultdict(dict)
    for aw in result.aligned:
        for p in aw.provisions:
            for lang in p.clauses:
                k = norm(p.text(lang), lang)
                if len(k) >= MIN_IDENTICAL_CHARS:
                    prov_buckets[(lang[:2], k)][(aw.work.id, p.key)] = None
                for c in p.clauses[lang]:
                    ck = norm(c.canonical, lang)
                    if len(ck) >= MIN_IDENTICAL_CHARS:
                        clause_buckets[(lang[:2], ck)][(aw.work.id, p.key, lang, c.n)] = None
    return ({k: list(v) for k, v in prov_buckets.items()}, {k: list(v) for k, v in clause_buckets.items()})


def identical_links(result, m: Minter, buckets: tuple[dict, dict] | None = None) -> list[Link]:
    """gov:identicalTo links between provisions (and between clauses) of different works
    whose normalised text is the same, as a star per bucket of equal text: every member
    is linked to the bucket's first member, the one issued earliest (work dct:issued;
    ties and unknown dates last, by IRI), so k members give k - 1 links, not k(k-1)/2.
    A member of the first member's own work (never linked inside one work) is linked to
    the earliest member of another work instead. gov:identicalTo is symmetric and, as
    text equality, an equivalence: the full set of identical pairs is the transitive
    closure of the published links (all members of a bucket are identical).
    prov:wasDerivedFrom b → a (Link.derived) only when a's work was issued first."""
    works = {aw.work.id: aw for aw in result.aligned}
    prov_buckets, clause_buckets = buckets or identical_buckets(result)
    links: dict[tuple[str, str], Link] = {}

    def add(wa, ua, wb, ub):
        if wa == wb:
            return
        swap, why = _order(works[wa], works[wb])
        if swap:
            wa, ua, wb, ub = wb, ub, wa, ua
        pair = (ua, ub) if ua < ub else (ub, ua)
        if pair not in links:
            links[pair] = Link("identical", ua, ub, 1.0, IDENTICAL_METHOD, comment=why, derived="unknown" not in why)

    def star(members: list[tuple[str, str]]) -> None:  # (work, IRI)
        if len({w for w, _ in members}) < 2:
            return
        ranked = sorted(members, key=lambda wu: (not works[wu[0]].work.date, works[wu[0]].work.date or "", wu[1]))
        lead = ranked[0]
        other = next(wu for wu in ranked if wu[0] != lead[0])  # earliest member of another work
        for w, u in ranked[1:]:
            ref = other if w == lead[0] else lead
            add(ref[0], ref[1], w, u)

    for members in prov_buckets.values():
        star([(w, m.provision(w, p)) for w, p in members])
    for members in clause_buckets.values():
        star([(w, m.clause(w, p, lang, n)) for w, p, lang, n in members])
    return [links[k] for k in sorted(links)]


def tag_principles(text: str, lang: str) -> set[str]:
    try:
        from govkg.extract.rules import tag_principles as tagger  # type: ignore[attr-defined]
    except ImportError:
        tagger = None
    if tagger is None:
        try:
            from govkg.extract.vocab import principles
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


_HAN_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
_EN_WORD = re.compile(r"[a-z][a-z-]+")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {"ai"}


def _words(text: str, lang: str) -> list[str]:
    """Terms that can explain a related link: Han character pairs (zh), or content
    words and pairs of adjacent content words (en)."""
    if lang == "zh":
        return _HAN_PAIR.findall(text)
    stop = _stop_words()
    words = _EN_WORD.findall(text.casefold().replace("artificial intelligence", "ai"))
    content = [w for w in words if w not in stop]
    is_content = set(content)
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:]) if a in is_content and b in is_content]
    return content + pairs


def _top_per_row(row, col, count, nrows: int, k: int):
    """Mask of the entries that are among the k best of their row by (count descending,
    then column), for entries grouped by row (any order within a row): a per-row
    histogram of the small integer counts finds each row's k-th best count, and only
    the entries tied at that count in rows where not all of them fit are sorted."""
    import numpy as np

    if not len(row):
        return np.zeros(0, dtype=bool)
    width = int(count.max()) + 2
    hist = np.bincount(row * width + count, minlength=nrows * width).reshape(nrows, width)
    at_least = hist[:, ::-1].cumsum(axis=1)[:, ::-1]  # [r, c]: entries of row r with count >= c
    cut = (at_least >= k).sum(axis=1) - 1  # the k-th best count of each row; -1: fewer than k
    rows = np.arange(nrows)
    quota = np.where(cut >= 0, k - at_least[rows, np.minimum(cut + 1, width - 1)], 0)
    partial = (cut >= 0) & (quota < hist[rows, np.maximum(cut, 0)])  # rows that keep only some ties
    thr = cut[row]
    keep = count > thr
    tied = count == thr
    keep |= tied & ~partial[row]
    ties = np.flatnonzero(tied & partial[row])
    ties = ties[np.lexsort((col[ties], row[ties]))]
    tr = row[ties]
    keep[ties[np.arange(len(ties)) - np.searchsorted(tr, tr) < quota[tr]]] = True
    return keep


def _candidate_arrays(X, groups: list[str], chunk: int = 1024):
    """The blocking of candidate_pairs as two arrays I < J, sorted by (I, J); the
    shared-feature counts are made `chunk` rows at a time (memory stays bounded)."""
    import numpy as np
    from scipy import sparse

    X = X.tocsr()
    n = X.shape[0]
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    df = np.diff(X.tocsc().indptr)
    usable = df <= MAX_POSTING
    # each row's TOP_FEATURES heaviest usable features (ties: the row's entry order)
    row_of = np.repeat(np.arange(n), np.diff(X.indptr))
    ent = np.flatnonzero(usable[X.indices])
    order = ent[np.lexsort((ent, -X.data[ent], row_of[ent]))]
    r = row_of[order]
    top = order[np.arange(len(order)) - np.searchsorted(r, r) < TOP_FEATURES]
    Q = sparse.csr_matrix((np.ones(len(top), dtype=np.int32), (row_of[top], X.indices[top])), shape=X.shape)
    B = sparse.csr_matrix((np.ones(len(ent), dtype=np.int32), X.indices[ent],  # the inverted index (usable features)
                           np.r_[0, np.cumsum(np.bincount(row_of[ent], minlength=n))]), shape=X.shape)
    left = sparse.hstack([Q, B], format="csr")
    right = sparse.hstack([B, Q], format="csr").T.tocsr()  # left @ right = Q @ B.T + B @ Q.T = C + C.T
    gid = {g: k for k, g in enumerate(sorted(set(groups)))}
    garr = np.array([gid[g] for g in groups], dtype=np.int32)
    codes = []
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        C = (left[s:e] @ right).tocsr()  # rows s:e of C + C.T (no zeros, each column once)
        ci = np.repeat(np.arange(e - s, dtype=np.int32), np.diff(C.indptr))
        cj, counts = C.indices, C.data
        keep = (counts >= MIN_SHARED) & (garr[s:e][ci] != garr[cj])
        ci, cj, counts = ci[keep], cj[keep], counts[keep]
        best = _top_per_row(ci, cj, counts, e - s, MAX_CANDIDATES)  # most shared first, then by column
        ci, cj = ci[best].astype(np.int64) + s, cj[best].astype(np.int64)
        codes.append(np.minimum(ci, cj) * n + np.maximum(ci, cj))
    code = np.sort(np.concatenate(codes))
    code = code[np.r_[True, code[1:] != code[:-1]]]  # distinct (np.unique's hash table is slower here)
    return code // n, code % n


def candidate_pairs(X, groups: list[str]) -> set[tuple[int, int]]:
    """Blocking, as sparse products (no all-pairs comparison): each row's TOP_FEATURES
    heaviest features that occur in at most MAX_POSTING rows are looked up in the
    inverted index (the columns of X); a pair is a candidate when it shares at least
    MIN_SHARED of them (either way round), is not inside one group (work), and is
    among the MAX_CANDIDATES best-sharing pairs of one of its rows."""
    I, J = _candidate_arrays(X, groups)
    return set(zip(I.tolist(), J.tolist()))


def pair_dots(X, I, J, budget: int = 1 << 21, rows: int = 64):
    """X[I[k]] · X[J[k]] for every pair k, bit for bit what
    ``X[I].multiply(X[J]).sum(axis=1)`` gives (the non-zero products in the order scipy's
    element-wise product emits them — column order when the rows are canonical, else the
    reverse of row I's entry order — summed by np.add.reduceat), without materialising
    X[I] and X[J]: pairs are taken grouped by J, in chunks of at most `rows` distinct J
    rows and about `budget` stored entries of their I rows; the chunk's J rows go into a
    small dense block over just their columns, from which each I entry picks its
    partner's weight."""
    import numpy as np

    X = X.tocsr()
    n = len(I)
    out = np.zeros(n)
    if not n:
        return out
    indptr, indices, data = X.indptr, X.indices, X.data
    nnz = np.diff(indptr)
    row_of = np.repeat(np.arange(X.shape[0]), nnz)
    unsorted = np.zeros(X.shape[0], dtype=bool)  # rows whose columns do not increase
    unsorted[row_of[:-1][(np.diff(indices) <= 0) & (row_of[:-1] == row_of[1:])]] = True
    forward = not (unsorted[I].any() or unsorted[J].any())
    order = np.argsort(J, kind="stable")
    Is, Js = I[order], J[order]
    group = np.cumsum(np.r_[0, np.diff(Js) != 0])  # index of each pair's distinct J row
    lens_all = nnz[Is]
    ends = np.cumsum(lens_all)
    colmap = np.full(X.shape[1], -1, dtype=np.int64)  # -1: the block's all-zero last column
    seen = np.zeros(X.shape[1], dtype=bool)
    s = 0
    while s < n:
        e = int(np.searchsorted(ends, (ends[s - 1] if s else 0) + budget, side="right"))
        e = min(e, int(np.searchsorted(group, group[s] + rows, side="left")))
        e = min(max(e, s + 1), n)
        Ic, Jc, lens = Is[s:e], Js[s:e], lens_all[s:e]
        first_of = np.r_[True, Jc[1:] != Jc[:-1]]  # Jc is sorted
        U, loc = Jc[first_of], np.cumsum(first_of) - 1
        sub = X[U]
        seen[sub.indices] = True
        cols = np.flatnonzero(seen)
        seen[cols] = False
        colmap[cols] = np.arange(len(cols))
        D = np.zeros((len(U), len(cols) + 1))
        D[np.repeat(np.arange(len(U)), np.diff(sub.indptr)), colmap[sub.indices]] = sub.data
        tot = int(lens.sum())
        if tot:
            first = np.cumsum(lens) - lens
            k = np.arange(tot) - np.repeat(first, lens)  # position in the pair's run
            off = np.repeat(indptr[Ic], lens) + k if forward else np.repeat(indptr[Ic + 1] - 1, lens) - k
            prod = data[off] * D[np.repeat(loc, lens), colmap[indices[off]]]
            keep = prod != 0
            counts = np.bincount(np.repeat(np.arange(e - s), lens)[keep], minlength=e - s)
            has = counts > 0
            res = np.zeros(e - s)
            if has.any():
                res[has] = np.add.reduceat(prod[keep], (np.cumsum(counts) - counts)[has])
            out[order[s:e]] = res
        colmap[cols] = -1
        s = e
    return out


def related_links(result, m: Minter, exclude: set[tuple[str, str]] = frozenset(),
                  identical: dict[tuple[str, int], frozenset[int]] | None = None) -> list[Link]:
    """Related provisions of different works (see the module docstring), at most the
    MAX_RELATED best of each provision (top_per_provision). `exclude`: IRI pairs (sorted)
    not to link; `identical`: (work, position) -> ids of the identical-text buckets it
    is in; two provisions that share a bucket are identical, not related."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    identical = identical or {}
    prov_index: dict[tuple[str, int], int] = {}
    row_key: list[tuple[str, int]] = []
    rows: list[tuple[str, str, str]] = []  # (script, text, clause path)
    simplified: dict[str, str] = {}
    tag_cache: dict[tuple[str, str], set[str]] = {}
    principles: dict[tuple[str, int], set[str]] = defaultdict(set)
    for aw in sorted(result.aligned, key=lambda a: a.work.id):
        for p in aw.provisions:
            pk = (aw.work.id, p.key)
            for lang in sorted(p.clauses):
                script = "zh" if lang.startswith("zh") else "en"
                for c in p.clauses[lang]:
                    text = c.canonical
                    if script == "zh":
                        if text not in simplified:
                            simplified[text] = t2s(text)
                        text = simplified[text]
                    prov_index[pk] = 0
                    row_key.append(pk)
                    rows.append((script, text, f"{aw.work.id}/{p.key}/{lang}/c{c.n}"))
                    tk = (c.canonical, lang)
                    if tk not in tag_cache:
                        tag_cache[tk] = tag_principles(c.canonical, lang)
                    principles[pk] |= tag_cache[tk]
    if len({k[0] for k in row_key}) < 2:
        return []
    keys = sorted(prov_index)  # provision ids in (work, position) order
    prov_index = {k: n for n, k in enumerate(keys)}
    pid = np.array([prov_index[k] for k in row_key], dtype=np.int64)
    # a clause text repeated across works is analysed once and has one TF-IDF row (the
    # same matrix as TfidfVectorizer(analyzer=_grams, sublinear_tf=True) over all rows)
    doc_ids: dict[tuple[str, str], int] = {}
    did = np.array([doc_ids.setdefault(r[:2], len(doc_ids)) for r in rows], dtype=np.int64)
    counts = CountVectorizer(analyzer=_grams, dtype=np.float64).fit_transform(
        [f"{script}\t{text}" for script, text in doc_ids])[did]
    X = TfidfTransformer(sublinear_tf=True).fit(counts).transform(counts, copy=False).tocsr()
    I, J = _candidate_arrays(X, [k[0] for k in row_key])
    if not len(I):
        return []
    # each distinct pair of texts once
    rep = np.zeros(len(doc_ids), dtype=np.int64)
    rep[did[::-1]] = np.arange(len(rows))[::-1]  # each text's first row
    tcode, inverse = np.unique(did[I] * len(doc_ids) + did[J], return_inverse=True)
    sims = pair_dots(X, rep[tcode // len(doc_ids)], rep[tcode % len(doc_ids)])[inverse]

    # best clause pair per provision pair (ties: the first pair in (I, J) order)
    swap = pid[I] > pid[J]
    ri, rj = np.where(swap, J, I), np.where(swap, I, J)
    code = np.minimum(pid[I], pid[J]) * len(keys) + np.maximum(pid[I], pid[J])
    order = np.lexsort((np.arange(len(I)), -sims, code))
    order = order[np.r_[True, code[order][1:] != code[order][:-1]]]  # by provision pair, ascending
    pa, pb, ri, rj, lex = pid[ri[order]], pid[rj[order]], ri[order], rj[order], sims[order]

    # principle overlap (Jaccard) as bit sets, 64 principles a word
    slugs = sorted(set().union(*principles.values()))
    words_n = max(1, (len(slugs) + 63) // 64)
    bits = np.zeros((len(keys), words_n), dtype=np.uint64)
    bit = {s: n for n, s in enumerate(slugs)}
    for k, tags in principles.items():
        for s in tags:
            bits[prov_index[k], bit[s] // 64] |= np.uint64(1) << np.uint64(bit[s] % 64)
    inter = np.bitwise_count(bits[pa] & bits[pb]).sum(axis=1)
    union = np.bitwise_count(bits[pa] | bits[pb]).sum(axis=1)
    jac = np.divide(inter, union, out=np.zeros(len(pa)), where=union > 0)
    score = LEXICAL_WEIGHT * lex + (1 - LEXICAL_WEIGHT) * jac
    iris = [m.provision(*k) for k in keys]
    keep = score >= RELATED_THRESHOLD
    # identical text (a shared bucket) is not 'related': one bucket compared as ints, more by sets
    groups = [identical.get(k) or frozenset() for k in keys]
    single = np.array([next(iter(gr)) if len(gr) == 1 else -1 - (len(gr) > 1) for gr in groups], dtype=np.int64)
    sa, sb = single[pa], single[pb]
    keep &= ~((sa >= 0) & (sa == sb))
    for n in np.flatnonzero(keep & ((sa == -2) & (sb != -1) | (sb == -2) & (sa != -1))).tolist():
        if not groups[pa[n]].isdisjoint(groups[pb[n]]):
            keep[n] = False
    if exclude:
        for n, a, b in zip(np.flatnonzero(keep).tolist(), pa[keep].tolist(), pb[keep].tolist()):
            if tuple(sorted((iris[a], iris[b]))) in exclude:
                keep[n] = False
    sel = np.flatnonzero(keep)
    pa, pb, ri, rj, lex, jac, score = pa[sel], pb[sel], ri[sel], rj[sel], lex[sel], jac[sel], score[sel]

    # the earlier work's provision first (dct:issued), as _order decides
    dates = sorted({aw.work.date for aw in result.aligned if aw.work.date})
    drank = {d: n for n, d in enumerate(dates)}
    works = {aw.work.id: aw for aw in result.aligned}
    wrank = np.array([drank.get(works[k[0]].work.date, -1) for k in keys])
    later = (wrank[pa] >= 0) & (wrank[pb] >= 0) & (wrank[pa] > wrank[pb])
    pa, pb = np.where(later, pb, pa), np.where(later, pa, pb)
    ri, rj = np.where(later, rj, ri), np.where(later, ri, rj)
    # round(score, 3) as Python rounds (correctly); np.round agrees except next to a tie
    scaled = score * 1000
    rounded_arr = np.round(score, 3)
    near_tie = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    rounded_arr[near_tie] = [round(x, 3) for x in score[near_tie].tolist()]
    rounded = rounded_arr.tolist()

    # top_per_provision, vectorised: keep a link among the MAX_RELATED best of either end
    irank = np.empty(len(keys), dtype=np.int64)
    irank[sorted(range(len(keys)), key=iris.__getitem__)] = np.arange(len(keys))
    nl = len(pa)
    unit = np.concatenate([pa, pb])
    link = np.concatenate([np.arange(nl), np.arange(nl)])
    neg = -np.array(rounded + rounded) if nl else np.zeros(0)
    order = np.lexsort((irank[pb][link], irank[pa][link], neg, unit))
    u = unit[order]
    rank = np.arange(len(u)) - np.searchsorted(u, u)
    kept = np.zeros(nl, dtype=bool)
    kept[link[order][rank < MAX_RELATED]] = True

    # explanation terms: each distinct text's words once; df counts rows (clauses)
    doc_words = [frozenset(_words(text, script)) for script, text in doc_ids]
    df: Counter[str] = Counter()
    for ws, times in zip(doc_words, np.bincount(did, minlength=len(doc_words)).tolist()):
        for w in ws:
            df[w] += times
    links = []
    sel = np.flatnonzero(kept)
    did_l = did.tolist()
    for n, a, b, i, j, lx, jc in zip(sel.tolist(), pa[sel].tolist(), pb[sel].tolist(), ri[sel].tolist(),
                                     rj[sel].tolist(), lex[sel].tolist(), jac[sel].tolist()):
        script = rows[i][0]
        shared: list[str] = []
        common_words = doc_words[did_l[i]] & doc_words[did_l[j]]
        for w in sorted(common_words, key=lambda w: (df[w], -w.count(" "), w)):  # rarest first, phrases first
            if len(shared) == 6:
                break
            if not any(w in t.split() for t in shared):
                shared.append(w)
        common = principles[keys[a]] & principles[keys[b]]
        lang = "en" if script == "en" else "zh-Hans"
        links.append(Link("related", iris[a], iris[b], rounded[n], RELATED_METHOD, [(w, lang) for w in shared],
                          sorted(common), comment=(
                              f"shared terms: {', '.join(shared) or '-'}; "
                              f"shared principles: {', '.join(sorted(common)) or '-'}; "
                              f"best clause pair: {rows[i][2]} ~ {rows[j][2]} "
                              f"(character n-gram cosine {lx:.3f}); principle overlap {jc:.3f}")))
    return links


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


def identical_groups(prov_buckets: dict) -> dict[tuple[str, int], frozenset[int]]:
    """(work, position) -> ids of the identical-text provision buckets it belongs to."""
    groups: dict[tuple[str, int], set[int]] = defaultdict(set)
    for n, members in enumerate(prov_buckets.values()):
        if len(members) > 1:
            for k in members:
                groups[k].add(n)
    return {k: frozenset(v) for k, v in groups.items()}


@contextmanager
def _no_gc():
    """Cyclic GC off while many acyclic objects are made (its full passes cost more than
    they free, as in pipeline.run)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def find_links(result, minter: Minter | None = None) -> list[Link]:
    """Identical links (a star per bucket of equal text), then related links between
    provisions that share no such bucket."""
    m = minter or Minter(result.catalog.base)
    with _no_gc():
        buckets = identical_buckets(result)
        ident = identical_links(result, m, buckets)
        return ident + related_links(result, m, identical=identical_groups(buckets[0]))


def link_triples(result, minter: Minter | None = None) -> list[Triple]:
    """Translations, derived texts, identical and related links as one list of triples
    (about 700 bytes each as Python objects: a large graph should stream
    iter_link_triples instead)."""
    with _no_gc():
        return list(iter_link_triples(result, minter))


def iter_link_triples(result, minter: Minter | None = None) -> Iterator[Triple]:
    """The triples of link_triples, in the same order, one link at a time (the links are
    found first; only their triples are made lazily), e.g. for graphstore.Graph.add."""
    from itertools import islice

    m = minter or Minter(result.catalog.base)
    with _no_gc():
        first = translation_triples(result, m)
    yield from first
    del first
    made = _triples_of(find_links(result, m), m)
    while True:
        with _no_gc():  # made in batches with the cyclic GC off, handed out with it as it was
            batch = list(islice(made, 50_000))
        if not batch:
            return
        yield from batch


def _triples_of(links: list[Link], m: Minter) -> Iterator[Triple]:
    p_ident, p_rel, p_derived = g("identicalTo"), g("relatedTo"), NamedNode(PROV + "wasDerivedFrom")
    p_from, p_to, p_score, p_method = g("linkFrom"), g("linkTo"), g("score"), g("method")
    p_comment, p_phrase, p_concerns, c_link = NamedNode(RDFS + "comment"), g("matchedPhrase"), g("concerns"), g("Link")
    methods: dict[str, Literal] = {}
    principle_nodes: dict[str, NamedNode] = {}
    for link in links:
        a, b = NamedNode(link.a), NamedNode(link.b)
        prop = p_ident if link.kind == "identical" else p_rel
        yield Triple(a, prop, b)
        yield Triple(b, prop, a)
        if link.derived:
            yield Triple(b, p_derived, a)
        node = NamedNode(f"{m.base}link/{link.iri_suffix}")
        if link.method not in methods:
            methods[link.method] = Literal(link.method)
        yield Triple(node, TYPE, c_link)
        yield Triple(node, p_from, a)
        yield Triple(node, p_to, b)
        yield Triple(node, p_score, decimal(link.score))
        yield Triple(node, p_method, methods[link.method])
        if link.comment:
            yield Triple(node, p_comment, Literal(link.comment, language="en"))
        for phrase, lang in link.terms:
            yield Triple(node, p_phrase, Literal(phrase, language=lang))
        for slug in link.principles:
            if slug not in principle_nodes:
                principle_nodes[slug] = NamedNode(m.principle(slug))
            yield Triple(node, p_concerns, principle_nodes[slug])


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
# what sssom_rows reads: these predicates, and rdf:type gov:Link / gov:Work
_SSSOM_PREDICATES = (GOV + "linkFrom", GOV + "linkTo", GOV + "score", GOV + "method", GOV + "identicalTo",
                     GOV + "partOf", RDFS + "comment", DCT + "title", SKOS + "prefLabel", SKOS + "closeMatch")
_SSSOM_TYPES = (GOV + "Link", GOV + "Work")


def _sssom_store(data):
    """`data` itself when it is a pyoxigraph Store (read, never copied or changed); else a
    Store of just the triples sssom_rows reads (a govkg.core.graphstore.Graph is filtered line
    by line as N-Triples text, an iterable of Triples/Quads triple by triple)."""
    import pyoxigraph as ox

    from govkg.core.graphstore import Graph

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
    from pathlib import Path

    import yaml

    from govkg import __version__
    from govkg.core.namespaces import ID, SKOS

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
