"""Human-readable ontology documentation: dist/ontology.html.

Default: a plain generator (rdflib + html.escape), offline and byte-stable: the
ontology metadata, the class hierarchy, then every class and property with its IRI,
labels and definitions in every language, superclasses, domain, range.

``use_pylode=True`` renders with pyLODE 3.4.1 (OntPub) instead, offline, in a child
process (its wheel reads its version from a pyproject.toml it does not ship, so the
version module is supplied). Not the default because its page is not byte-identical
from run to run (the order of union members follows random blank-node ids), and dist/
must be. If pyLODE fails, the plain page is written.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import rdflib
import rdflib.collection

from govkg.core.errors import InputError
from govkg.core.namespaces import GOV, SKOS

RDFS = rdflib.RDFS
OWL = rdflib.OWL


def write_ontology_html(ontology_path, out_path, *, use_pylode: bool = False) -> Path:
    """Write the documentation of ``ontology_path`` (Turtle) to ``out_path``; returns the path."""
    ontology_path, out_path = Path(ontology_path), Path(out_path)
    if not ontology_path.is_file():
        raise InputError(f"{ontology_path}: ontology file not found")
    page = None
    if use_pylode:
        try:
            page = _pylode(ontology_path)
        except Exception as exc:  # noqa: BLE001 - any pyLODE failure falls back to the plain page
            print(f"docs: pyLODE failed ({type(exc).__name__}: {exc}); writing the plain page", file=sys.stderr)
    if page is None:
        page = plain_html(ontology_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(page, encoding="utf-8")
    return out_path


PYLODE_SCRIPT = """
import sys, types
try:
    import pylode.version
except (FileNotFoundError, ImportError):
    stub = types.ModuleType("pylode.version"); stub.__version__ = "3.4.1"; sys.modules["pylode.version"] = stub
from pylode import OntPub
sys.stdout.write(OntPub(ontology=sys.argv[1]).make_html())
"""


def _pylode(ontology_path: Path) -> str:
    """pyLODE in a child process with a fixed hash seed: its output follows set order,
    and dist/ must be byte-identical from build to build."""
    import os
    import subprocess

    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, "-c", PYLODE_SCRIPT, str(ontology_path)], capture_output=True,
                          env=env, timeout=300)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError((proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1])
    return proc.stdout.decode("utf-8")


def _lit(g: rdflib.Graph, node, prop) -> list[rdflib.Literal]:
    return sorted((o for o in g.objects(node, prop) if isinstance(o, rdflib.Literal)),
                  key=lambda lit: (lit.language or "", str(lit)))


def _name(g: rdflib.Graph, node) -> str:
    if isinstance(node, rdflib.BNode):
        members = list(rdflib.collection.Collection(g, g.value(node, OWL.unionOf))) if g.value(node, OWL.unionOf) else []
        return " or ".join(_name(g, m) for m in members) if members else "(anonymous)"
    text = str(node)
    return "gov:" + text[len(GOV):] if text.startswith(GOV) else g.namespace_manager.normalizeUri(node)


def _anchor(node) -> str:
    return str(node)[len(GOV):] if str(node).startswith(GOV) else ""


def _link(g, node) -> str:
    a = _anchor(node)
    label = html.escape(_name(g, node))
    return f'<a href="#{a}">{label}</a>' if a else label


def plain_html(ontology_path) -> str:
    g = rdflib.Graph().parse(ontology_path, format="turtle")
    definition = rdflib.URIRef(SKOS + "definition")
    onto = next(iter(g.subjects(rdflib.RDF.type, OWL.Ontology)), None)
    classes = sorted(c for c in g.subjects(rdflib.RDF.type, OWL.Class) if str(c).startswith(GOV))
    kinds = [("Object properties", OWL.ObjectProperty), ("Datatype properties", OWL.DatatypeProperty),
             ("Annotation properties", OWL.AnnotationProperty)]
    title = " / ".join(str(x) for x in _lit(g, onto, RDFS.label)) if onto else "Ontology"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', f"<title>{html.escape(title)}</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:auto}dt{font-weight:bold}"
           "section{border-top:1px solid #ccc;padding:.5em 0}</style></head><body>", f"<h1>{html.escape(title)}</h1>"]
    if onto is not None:
        for lit in _lit(g, onto, definition):
            out.append(f'<p lang="{lit.language or ""}">{html.escape(str(lit))}</p>')
        meta = [(p, g.value(onto, p)) for p in (OWL.versionIRI, rdflib.DCTERMS.license, rdflib.DCTERMS.creator,
                                                rdflib.DCTERMS.modified)]
        out.append("<dl>" + "".join(f"<dt>{html.escape(_name(g, p))}</dt><dd>{html.escape(str(v))}</dd>"
                                    for p, v in meta if v is not None) + "</dl>")
    out.append("<h2>Class hierarchy</h2>")
    children: dict = {}
    for c in classes:
        for parent in g.objects(c, RDFS.subClassOf):
            if parent in classes:
                children.setdefault(parent, []).append(c)
    roots = [c for c in classes if not any(p in classes for p in g.objects(c, RDFS.subClassOf))]

    def tree(nodes, above=frozenset()) -> str:
        """Nested lists; a class already on the path above (a subclass cycle) is not entered again."""
        return "<ul>" + "".join(
            f"<li>{_link(g, n)}"
            f"{tree(sorted(c for c in children[n] if c not in above | {n}), above | {n}) if n in children else ''}</li>"
            for n in nodes) + "</ul>"

    out.append(tree(roots))
    sections = [("Classes", classes)] + [(name, sorted(p for p in g.subjects(rdflib.RDF.type, kind)
                                                        if str(p).startswith(GOV))) for name, kind in kinds]
    for heading, terms in sections:
        out.append(f"<h2>{heading}</h2>")
        for t in terms:
            out.append(f'<section id="{_anchor(t)}"><h3>{html.escape(_name(g, t))}</h3><dl>')
            out.append(f"<dt>IRI</dt><dd><code>{html.escape(str(t))}</code></dd>")
            for label, prop in (("Labels", RDFS.label), ("Definitions", definition)):
                items = "".join(f'<li lang="{lit.language or ""}">{html.escape(str(lit))} '
                                f'<small>@{html.escape(lit.language or "")}</small></li>' for lit in _lit(g, t, prop))
                out.append(f"<dt>{label}</dt><dd><ul>{items}</ul></dd>")
            for label, prop in (("Subclass of", RDFS.subClassOf), ("Domain", RDFS.domain), ("Range", RDFS.range),
                                ("Subproperty of", RDFS.subPropertyOf)):
                values = sorted(g.objects(t, prop), key=str)
                if values:
                    out.append(f"<dt>{label}</dt><dd>{', '.join(_link(g, v) for v in values)}</dd>")
            out.append("</dl></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
