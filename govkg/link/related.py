"""Related provisions across works: character n-gram TF-IDF over clauses (OpenCC
t2s first, so every Chinese text is in one script), best clause pair per provision
pair, plus the Jaccard overlap of the principles the provisions concern. Candidate
pairs come from an inverted index of each clause's most distinctive n-grams
(blocking), so the cost grows with the number of candidate pairs, not with all pairs;
their cosines are sparse row dot products in chunks, each distinct pair of texts once."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from govkg.core.ids import Minter
from govkg.extract.rules import tag_principles as tagger
from govkg.link.common import (
    LEXICAL_WEIGHT,
    MAX_CANDIDATES,
    MAX_POSTING,
    MAX_RELATED,
    MIN_SHARED,
    RELATED_METHOD,
    RELATED_THRESHOLD,
    TOP_FEATURES,
    Link,
    t2s,
)


def tag_principles(text: str, lang: str) -> set[str]:
    """The principle slugs a text's trigger phrases name (extract.rules.tag_principles)."""
    return {str(hit[0]).rsplit("/", 1)[-1] for hit in tagger(text, lang)}


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

    # the earlier work's provision first (dct:issued), as issued_order decides
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
