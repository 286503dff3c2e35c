"""The tables of dist/ for spreadsheets and pandas: commitments.csv, actors.csv and
provisions.csv.

Each is read off the graph being published (its govkg.nt plus ontology.ttl, the store
`build.py query` answers from) with the SELECT queries ``queries/export/table_*.rq``,
never from the pipeline's internals, so a table cannot disagree with the graph. A
cell that holds several values joins them with `SEP` (" | "): ids sorted by code
point, opposed practices in the order the text gives them. Names are the English
ones where the graph has one, else Simplified Chinese, Traditional Chinese, then the
first by language tag. Rows come in a fixed order (see each builder); the files are
CSV after RFC 4180 (header row, CRLF line ends, fields quoted where needed, the csv
module's "excel" dialect), UTF-8 without a byte-order mark: the same graph gives the
same bytes.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from govkg.core import paths
from govkg.core.errors import InputError
from govkg.core.namespaces import GOV
from govkg.core.terms import label_key
from govkg.core.text import lang_case

QUERIES = paths.ROOT / "queries" / "export"
SEP = " | "
PREFERRED_LANGS = ("en", "zh-Hans", "zh-Hant")
TABLES = ("commitments.csv", "actors.csv", "provisions.csv")

COMMITMENT_COLUMNS = (
    "commitment", "work", "work_title", "provision", "position", "number", "section", "language",
    "clause", "clause_text", "type", "polarity", "bearer", "bearer_label", "addressees", "action",
    "cue", "cue_start", "cue_end", "principles", "opposes", "source_file", "start", "end", "quote",
    "origin", "projected_from",
)
PROVISION_COLUMNS = (
    "provision", "work", "position", "number", "citation", "section", "language", "clauses",
    "source_file", "start", "end",
)



def load(nt: Path, ontology: bytes | None = None) -> ox.Store:
    """A store of the N-Triples file `nt` and the ontology's Turtle (the vocabularies)."""
    store = ox.Store()
    try:
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        if ontology:
            store.bulk_load(ontology, format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{nt}: cannot load the graph for the tables: {first}") from None
    return store


def select(store: ox.Store, name: str) -> list[dict]:
    """Rows of ``queries/export/{name}.rq``: variable name -> lexical value (None if unbound)."""
    result = store.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    names = [v.value for v in result.variables]
    return [{n: (None if row[n] is None else row[n].value) for n in names} for row in result]


def tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class Names:
    """The names of works (dct:title), actors and principles (skos:prefLabel) and sections
    (gov:number + gov:heading), per node and language; and the ids of nodes."""

    def __init__(self, store: ox.Store):
        self.texts: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        result = store.query((QUERIES / "table_labels.rq").read_text(encoding="utf-8"))
        for row in result:
            lit = row["label"]
            lang = lang_case(lit.language) if lit.language else ""
            self.texts[(row["node"].value, tail(row["pred"].value))][lang].add(lit.value)
        self.ids = {node: min(v[""]) for (node, pred), v in self.texts.items() if pred == "identifier" and v[""]}

    def languages(self, node: str, pred: str) -> dict[str, set[str]]:
        return self.texts.get((node, pred), {})

    def best(self, node: str | None, pred: str) -> str:
        """The node's name for `pred` in the first preferred language it has."""
        if node is None:
            return ""
        by_lang = self.languages(node, pred)
        for lang in (*PREFERRED_LANGS, *sorted(by_lang)):
            if by_lang.get(lang):
                return SEP.join(sorted(by_lang[lang]))
        return ""

    def section(self, node: str | None) -> str:
        """A section as the document heads it: its number and its heading."""
        if node is None:
            return ""
        return " ".join(t for t in (self.best(node, "number"), self.best(node, "heading")) if t)


def node_id(iri: str | None, ids: dict[str, str]) -> str:
    """A node's dct:identifier, else the last segment of its IRI."""
    if iri is None:
        return ""
    return ids.get(iri) or tail(iri)


def integer(text: str | None) -> str:
    return "" if text is None else str(int(text))


def order(text: str | None) -> tuple[int, int]:
    return (1, 0) if text is None else (0, int(text))


def gather(rows: list[dict], key) -> dict:
    """Rows grouped by `key(row)`: per variable, the set of values it takes."""
    out: dict = {}
    for row in rows:
        cells = out.setdefault(key(row), defaultdict(set))
        for name, v in row.items():
            if v is not None:
                cells[name].add(v)
    return out


def first(cells: dict, name: str) -> str | None:
    """The least of the cell's values (by code point), None when it has none."""
    return min(cells[name]) if cells.get(name) else None


def one(cells: dict, name: str, convert=None) -> str:
    """The cell's value; several (which the model does not expect) are all shown, joined."""
    values = sorted(cells.get(name, ()))
    if convert is not None:
        values = [convert(v) for v in values]
    return SEP.join(values)


def to_csv(header, rows) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, dialect="excel", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def commitments(store: ox.Store, names: Names) -> bytes:
    """One row per commitment, ordered by work id, provision position, language, clause
    position, where the cue stands, then IRI."""
    ids = names.ids
    many: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in select(store, "table_commitment_values"):
        many[row["commitment"]][row["column"]].append(row)
    rows = gather(select(store, "table_commitments"), lambda r: r["commitment"])
    where: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in select(store, "table_occurrences"):
        where[(row["clause"], row["source"])].append(row)
    for cue in select(store, "table_cues"):  # the cue, and the clause's place in the cue's file
        c = rows.get(cue["commitment"])
        if c is None:
            continue
        for name in ("cue", "cueStart", "cueEnd", "path"):
            if cue[name] is not None:
                c[name].add(cue[name])
        if cue["source"] is not None:
            for clause in c.get("clause", ()):
                for occ in where.get((clause, cue["source"]), ()):
                    for name in ("start", "end", "quote"):
                        c[name].add(occ[name])
    out = []
    for iri, c in rows.items():
        values = many.get(iri, {})
        practices = sorted({(order(r["order"]), r["value"]) for r in values.get("opposes", ())})
        projected = one(c, "projectedFrom")
        origin = "curated" if "true" in c.get("curated", ()) else "projected" if projected else "extracted"
        bearers = sorted(c.get("bearer", ()), key=lambda b: (node_id(b, ids), b))
        sort_key = (one(c, "workId"), order(first(c, "position")), one(c, "language"),
                    order(first(c, "clausePosition")), order(first(c, "cueStart")), iri)
        out.append((sort_key, [
            iri, one(c, "workId"), names.best(first(c, "work"), "title"), one(c, "provision"),
            one(c, "position", integer), one(c, "number"),
            SEP.join(names.section(s) for s in sorted(c.get("section", ()))), one(c, "language"),
            one(c, "clause"), one(c, "text"), SEP.join(tail(t) for t in sorted(c.get("type", ()))),
            one(c, "polarity"), SEP.join(node_id(b, ids) for b in bearers),
            SEP.join(names.best(b, "prefLabel") for b in bearers),
            SEP.join(sorted({node_id(r["value"], ids) for r in values.get("addressees", ())})),
            one(c, "action"), one(c, "cue"), one(c, "cueStart", integer), one(c, "cueEnd", integer),
            SEP.join(sorted({node_id(r["value"], ids) for r in values.get("principles", ())})),
            SEP.join(text for _, text in practices), one(c, "path"), one(c, "start", integer),
            one(c, "end", integer), one(c, "quote"), origin, projected,
        ]))
    return to_csv(COMMITMENT_COLUMNS, [row for _, row in sorted(out)])


def actors(store: ox.Store, names: Names) -> bytes:
    """One row per actor, ordered by id then IRI; a label column per language the actors'
    skos:prefLabels are in (en, zh-Hans, zh-Hant first)."""
    ids = names.ids
    rows = gather(select(store, "table_actors"), lambda r: r["actor"])
    langs = {lang for iri in rows for lang in names.languages(iri, "prefLabel")}
    langs = [*PREFERRED_LANGS, *sorted(langs - set(PREFERRED_LANGS))]
    header = ["actor", "iri", *(label_key(lang) for lang in langs), "kind", "origin", "commitments"]
    out = []
    for iri, c in rows.items():
        kinds = sorted(k[len(GOV):] for k in c.get("kind", ()))
        kinds = [k for k in kinds if k != "Actor"] or kinds
        labels = names.languages(iri, "prefLabel")
        out.append([node_id(iri, ids), iri, *(SEP.join(sorted(labels.get(lang, ()))) for lang in langs),
                    SEP.join(kinds), "minted" if "false" in c.get("reviewed", ()) else "vocabulary",
                    one(c, "commitments", integer) or "0"])
    return to_csv(header, sorted(out))


def provisions(store: ox.Store, names: Names) -> bytes:
    """One row per provision and copy, ordered by work id, position, language, file, start."""
    out = []
    for (iri, _), c in gather(select(store, "table_provisions"),
                              lambda r: (r["provision"], r["occurrence"])).items():
        row = [iri, one(c, "workId"), one(c, "position", integer), one(c, "number"), one(c, "citation"),
               SEP.join(names.section(s) for s in sorted(c.get("section", ()))), one(c, "language"),
               one(c, "clauses", integer), one(c, "path"), one(c, "start", integer), one(c, "end", integer)]
        key = (row[1], order(row[2] or None), row[6], row[8], order(row[9] or None), iri)
        out.append((key, row))
    return to_csv(PROVISION_COLUMNS, [row for _, row in sorted(out)])


def tables(nt: Path, ontology: bytes | None = None) -> dict[str, bytes]:
    """The three tables of the graph in `nt` (with the ontology's Turtle), by file name."""
    return from_store(load(nt, ontology))


def from_store(store: ox.Store) -> dict[str, bytes]:
    """The three tables of the graph a store holds (the build's query store), by file name."""
    names = Names(store)
    return {"commitments.csv": commitments(store, names), "actors.csv": actors(store, names),
            "provisions.csv": provisions(store, names)}
