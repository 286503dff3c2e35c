"""The offline pages for browsing the published graph: ``dist/index.html`` (and, for a
large corpus, one page per work in ``dist/works/``).

Works -> provisions -> clauses in each language side by side, with each clause's
commitments, actors, principles, source links (copy, offsets, quote), variants and related
texts; the figures; links to every download; a search box (inline script, no CDN).
Up to SPLIT_CLAUSES clauses it is all one page, index.html. A larger corpus would make
one page that no browser opens comfortably (16 MB at 1,000 documents), so index.html then
lists the works (with the figures and downloads) and each work gets its own page,
``works/<anchor of the work>.html``, with the same sections and its own search box; a
link to a text of another work goes to that work's page. Every page comes from one pass
over the graph (``page_context``).
Data comes from ``dist/govkg.nt`` through the SPARQL files in ``queries/export/page_*.rq``.
Every text is escaped by Jinja2 autoescaping; only http(s) URLs become links; a
Content-Security-Policy allows no script but the page's own (pinned by hash).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import shutil
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
import pyoxigraph as ox
from markupsafe import Markup

from govkg.core import paths
from govkg.core.text import lang_case
from govkg.views.export import GOV, GraphData, select, text_edges, tuples, value

TEMPLATES = paths.TEMPLATES
LANG_ORDER = ("en", "zh-Hans", "zh-Hant")
LINK_KINDS = {GOV + "translationOf": "translation", GOV + "identicalTo": "identical to",
              GOV + "relatedTo": "related to"}
SPLIT_CLAUSES = 2_000  # above this many clauses: one page per work, index.html lists them
FIGURE_TITLES = {"coverage": "Coverage of principles by work",
                 "commitments": "Who commits to what: bearers, commitment types and principles",
                 "text": "Identical and related provisions across works"}


def anchor(iri: str) -> str:
    """A fragment id for an IRI: its path with every unsafe character replaced by '-'."""
    tail = iri.split("/id/", 1)[-1]
    return "n-" + re.sub(r"[^A-Za-z0-9_-]", "-", tail)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None (no javascript:, data: ...)."""
    if not url or any(ord(ch) < 33 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def number(term) -> int | float | str | None:
    if term is None:
        return None
    try:
        return int(term.value)
    except ValueError:
        try:
            return float(term.value)
        except ValueError:
            return term.value


def natural(text: str) -> tuple:
    """Sort key that orders x2 before x10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text))


def lang_key(lang: str) -> tuple:
    return (LANG_ORDER.index(lang) if lang in LANG_ORDER else len(LANG_ORDER), lang)


def collect_sources(data: GraphData) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for node, occurrence, source, path, start, end, exact, page in tuples(
            data.store, "page_sources", "node occurrence source path start end exact page"):
        source = value(source)
        out[value(node)].append({
            "manifestation": source.rsplit("/", 1)[-1] if source else value(occurrence),
            "path": value(path), "start": number(start), "end": number(end),
            "exact": value(exact) or "", "page": safe_url(value(page)),
        })
    return {k: sorted(v, key=lambda s: (s["manifestation"], s["start"] or 0, s["end"] or 0, s["exact"]))
            for k, v in out.items()}


def collect_commitments(data: GraphData) -> dict[str, list[dict]]:
    found: dict[str, dict] = {}
    fields = ("bearers", "addressees", "parties", "principles", "opposed")
    for clause, commitment, action, *terms in tuples(
            data.store, "page_commitments", "clause commitment action bearer addressee party principle opposed"):
        k = value(commitment)
        entry = found.get(k)
        if entry is None:
            entry = found[k] = {"clause": value(clause), "iri": k, "type": data.type_of(k), "action": value(action),
                                "bearers": set(), "addressees": set(), "parties": set(), "principles": set(),
                                "opposed": set()}
        for field, term in zip(fields, terms):
            if term is not None:
                text = term.value if isinstance(term, ox.Literal) else data.display(value(term))
                entry[field].add((natural(value(term)), text) if field == "opposed" else text)
    out = defaultdict(list)
    for k in sorted(found):
        entry = found[k]
        for field in ("bearers", "addressees", "parties", "principles"):
            entry[field] = sorted(entry[field])
        entry["opposed"] = [text for _, text in sorted(entry["opposed"])]  # in the order of the text
        out[entry["clause"]].append(entry)
    return out


def collect_variants(data: GraphData) -> dict[str, list[list[dict]]]:
    readings: dict[str, dict[str, dict[str, dict]]] = defaultdict(lambda: defaultdict(dict))
    for r in select(data.store, "page_variants"):
        clause, variant, reading = value(r["clause"]), value(r["variant"]), value(r["reading"])
        if reading is None:
            continue
        entry = readings[clause][variant].setdefault(reading, {"text": "", "sources": set()})
        if r["text"] is not None:
            entry["text"] = entry["text"] or r["text"].value
        if r["source"] is not None:
            entry["sources"].add(value(r["source"]).rsplit("/", 1)[-1])
    return {c: [[{"text": e["text"], "sources": sorted(e["sources"])} for _, e in sorted(v[var].items())]
                 for var in sorted(v)] for c, v in readings.items()}


def collect_related(data: GraphData, page_of: dict[str, str] | None = None) -> dict[str, list[dict]]:
    """Per provision or clause, its translation / identical / related texts, each once.

    The graph states these symmetric links both ways (a gov:relatedTo b and b gov:relatedTo
    a, for one gov:Link); each unordered pair is listed once at each of its two ends. With
    ``page_of`` (text -> the page of its work), a link to a text on another page goes there."""
    rows = data.rows("text_nodes")
    positions = {value(r["node"]): number(r["position"]) for r in rows}
    numbers = {value(r["node"]): " ".join((r["citation"] or r["number"]).value.split()) for r in rows
               if (r["citation"] or r["number"]) is not None}
    where = {}
    for r in rows:
        node, provision = value(r["node"]), value(r["provision"])
        shown = numbers.get(provision) or f"¶{positions.get(provision, '?')}"  # the document's own number first
        text = f"{data.display(value(r['work']))} — {shown}"
        if node != provision:
            lang = lang_case(r["language"].value) if r["language"] is not None else ""
            text += f" {lang} clause {positions.get(node, '?')}"
        where[node] = text
    pairs: dict[tuple[str, str, str], float | None] = {}
    for s, p, t, score, _ in text_edges(data):
        key = (min(s, t), max(s, t), p)
        if key not in pairs or (score is not None and (pairs[key] is None or score > pairs[key])):
            pairs[key] = score
    page_of = page_of or {}
    out = defaultdict(list)
    for (a, b, p), score in pairs.items():
        for here, there in ((a, b), (b, a)) if a != b else ((a, b),):
            target = anchor(there)
            page = page_of.get(there)
            href = f"{page}#{target}" if page is not None and page != page_of.get(here) else f"#{target}"
            out[here].append({"kind": LINK_KINDS.get(p, p), "label": where.get(there, data.display(there)),
                              "anchor": target, "href": href, "score": score})
    return {k: sorted(v, key=lambda x: (x["kind"], x["label"], x["anchor"])) for k, v in out.items()}


def work_pages(works: list[str]) -> dict[str, str]:
    """work IRI -> the file name of its page: the work's anchor, numbered where two clash."""
    out, taken = {}, set()
    for w in sorted(works):
        name, n = anchor(w), 1
        while f"{name}{'' if n == 1 else f'-{n}'}.html" in taken:
            n += 1
        out[w] = f"{name}{'' if n == 1 else f'-{n}'}.html"
        taken.add(out[w])
    return out


def page_context(dist: Path, data: GraphData, split_clauses: int = SPLIT_CLAUSES) -> dict:
    """Everything the pages show, from one pass over the graph; ``split`` says whether each
    work gets a page of its own (more than ``split_clauses`` clauses)."""
    split = len(data.rows("page_clauses")) > split_clauses
    files = work_pages([value(r["work"]) for r in data.rows("works")]) if split else {}
    page_of = {value(r["node"]): files[value(r["work"])] for r in data.rows("text_nodes")
               if value(r["work"]) in files}
    sources, commitments = collect_sources(data), collect_commitments(data)
    variants, related = collect_variants(data), collect_related(data, page_of if split else None)
    derived = {value(r["source"]): {"text": r["text"].value, "lang": lang_case(r["text"].language or "und"),
                                    "converter": value(r["converter"]) or "script conversion"}
               for r in select(data.store, "page_derived")}
    concerns = defaultdict(set)
    for r in select(data.store, "page_concerns"):
        concerns[value(r["clause"])].add(data.display(value(r["principle"])))
    clauses = defaultdict(lambda: defaultdict(list))
    for r in data.rows("page_clauses"):
        iri = value(r["clause"])
        text = r["text"]
        lang = lang_case(r["language"].value) if r["language"] is not None else (
            lang_case(text.language) if text is not None and text.language else "und")
        clauses[value(r["provision"])][lang].append({
            "iri": iri, "anchor": anchor(iri), "position": number(r["position"]) or 0,
            "text": text.value if text is not None else "", "commitments": commitments.get(iri, []),
            "principles": sorted(concerns.get(iri, ())), "sources": sources.get(iri, []),
            "variants": variants.get(iri, []), "related": related.get(iri, []), "derived": derived.get(iri)})
    provisions = defaultdict(list)
    for r in data.rows("page_provisions"):
        iri = value(r["provision"])
        texts = data.labels.get(iri, {})
        langs = sorted(set(clauses[iri]) | {lang for lang in texts if lang}, key=lang_key)
        columns = [{"lang": lang, "text": texts.get(lang),
                    "clauses": sorted(clauses[iri].get(lang, []), key=lambda c: (c["position"], c["iri"]))}
                   for lang in langs]
        provisions[value(r["work"])].append({
            "iri": iri, "anchor": anchor(iri), "position": number(r["position"]) or 0,
            "number": value(r["number"]), "heading": value(r["heading"]), "columns": columns,
            "sources": sources.get(iri, []), "related": related.get(iri, [])})
    works = []
    for w in sorted({value(r["work"]) for r in data.rows("works")}):
        titles = data.labels.get(w, {})
        attrs = data.node_attrs(w)
        issuer = [value(o) for o in _objects(data, w, GOV + "issuedBy")]
        date = [o.value for o in _objects(data, w, "http://purl.org/dc/terms/issued")]
        works.append({
            "iri": w, "anchor": anchor(w), "title": attrs["label"],
            "page": files.get(w), "href": f"works/{files[w]}" if split else f"#{anchor(w)}",
            "other_titles": [(lang, t) for lang, t in sorted(titles.items(), key=lambda kv: lang_key(kv[0] or ""))
                             if lang and t != attrs["label"]],
            "issuer": ", ".join(sorted(data.display(i) for i in issuer)), "issued": min(date, default=None),
            "provisions": sorted(provisions.get(w, []), key=lambda p: (p["position"], p["iri"]))})
    works.sort(key=lambda w: (w["title"], w["iri"]))
    for w in works:
        shown = [c for p in w["provisions"] for col in p["columns"] for c in col["clauses"]]
        w["n_clauses"], w["n_commitments"] = len(shown), sum(len(c["commitments"]) for c in shown)
    return {
        "works": works, "split": split,
        "n_provisions": sum(len(w["provisions"]) for w in works),
        "n_clauses": sum(len(v) for p in clauses.values() for v in p.values()),
        "n_commitments": sum(len(v) for v in commitments.values()),
        "figures": [{"href": f"figures/{name}.svg", "alt": title} for name, title in FIGURE_TITLES.items()
                    if (dist / "figures" / f"{name}.svg").is_file()],
        "downloads": downloads(dist),
    }


def _objects(data: GraphData, subject: str, predicate: str) -> list:
    return sorted((q.object for q in data.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)),
                  key=str)


def downloads(dist: Path) -> list[dict]:
    """Every published file (top level and graphs/), as relative, URL-quoted links."""
    files = [p for p in dist.iterdir() if p.is_file() and p.name != "index.html"]
    files += sorted((dist / "graphs").glob("*")) if (dist / "graphs").is_dir() else []
    return [{"name": p.relative_to(dist).as_posix(), "href": quote(p.relative_to(dist).as_posix()),
             "size": p.stat().st_size} for p in sorted(files, key=lambda p: (p.parent != dist, p.name))]


class PageEnvironment(jinja2.Environment):
    """Jinja2 that reads ``x.name`` of a dict as ``x["name"]`` first (the page's context is
    plain dicts; Jinja's attribute-first lookup raised and caught an AttributeError for each
    of the 700,000 look-ups of the 1,000-document page). No key of the context is the name
    of a dict method, so every lookup gives what Jinja's own would."""

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


@functools.lru_cache(maxsize=2)
def environment(autoescape: bool = True) -> PageEnvironment:
    """The templates, compiled once per process (a work's page reuses them)."""
    return PageEnvironment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=autoescape,
                           undefined=jinja2.StrictUndefined, keep_trailing_newline=True, auto_reload=False)


def render(context: dict, autoescape: bool = True, template: str = "index.html.j2") -> str:
    """A page's HTML: ``index.html.j2`` for index.html, ``work.html.j2`` (with ``w``, one
    work of the context) for a work's page. ``autoescape=False`` exists only for the tests'
    negative control."""
    script = (TEMPLATES / "search.js").read_text(encoding="utf-8")
    assert "</" not in script, "search.js must not contain '</'"
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return environment(autoescape).get_template(template).render(script=Markup(script),
                                                                 script_hash=f"sha256-{digest}", **context)


def write_index(dist: Path, data: GraphData | None = None, split_clauses: int = SPLIT_CLAUSES) -> None:
    """Write ``dist/index.html`` (and, above ``split_clauses`` clauses, ``dist/works/*.html``)
    from ``dist/govkg.nt`` (``data``: that graph, already loaded); call after the graphs and
    figures, so that the page links every download."""
    dist = Path(dist)
    data = data if data is not None else GraphData.load(dist / "govkg.nt")
    context = page_context(dist, data, split_clauses)
    if (dist / "works").is_dir():  # pages of an earlier export; this one writes its own
        shutil.rmtree(dist / "works")
    if context["split"]:
        (dist / "works").mkdir()
        shared = {k: v for k, v in context.items() if k != "works"} | {"n_works": len(context["works"])}
        for w in context["works"]:
            html = render({**shared, "w": w}, template="work.html.j2")
            (dist / "works" / w["page"]).write_text(html, encoding="utf-8")
    (dist / "index.html").write_text(render(context), encoding="utf-8")
