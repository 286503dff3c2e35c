"""OWL consistency: the ontology (plus vocabularies, plus data) under HermiT via owlready2.

``check_consistency`` returns None when the ontology and data are consistent and no
class is unsatisfiable; otherwise it raises ``ValidationFailed`` naming the offending
classes, or for an inconsistency the nodes and the axioms they break (found by a
short structural diagnosis, since HermiT itself only answers yes or no).

Scale: HermiT works on the whole merged graph in memory. Data with more than
``max_data_triples`` triples (default 200,000, ~25x the seed graph) is given to HermiT
as a deterministic sample of about ``SAMPLE_TRIPLES`` triples: every triple of the
subjects whose CRC-32 falls in one residue class. A subset of a consistent graph is
consistent, so the sample can only miss an inconsistency, never invent one; the SHACL
gate (which enforces every range, cardinality and disjointness the data can break)
covers all of the data.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from govkg.core.errors import GovkgError, ValidationFailed
from govkg.core.namespaces import GOV, OWL, RDF, RDFS, XSD
from govkg.core.safe_load import parse_files
from govkg.core.terms import graph_of as to_rdflib

MAX_DATA_TRIPLES = 200_000
SAMPLE_TRIPLES = 20_000
_TYPE = RDF + "type"
_SUBCLASS = RDFS + "subClassOf"
_NUMERIC_DERIVED = {
    XSD + "integer": {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "int", "long", "short", "byte",
                                        "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "negativeInteger",
                                        "nonPositiveInteger")},
}
_NUMERIC_DERIVED[XSD + "nonNegativeInteger"] = {XSD + t for t in ("nonNegativeInteger", "positiveInteger", "unsignedInt",
                                                                  "unsignedLong", "unsignedShort", "unsignedByte")}
_NUMERIC_DERIVED[XSD + "decimal"] = _NUMERIC_DERIVED[XSD + "integer"] | {XSD + "decimal"}


def java_available() -> bool:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def sample_lines(nt_path: Path, k: int) -> bytes:
    """Every N-Triples line of `nt_path` whose subject's CRC-32 is 0 modulo k (whole
    subjects, so each sampled node keeps all its properties), plus the rdf:type lines
    of every IRI those lines point to (so HermiT need not guess the type of a node
    from a domain or range that is a union, which makes it branch): deterministic."""
    import zlib

    out, wanted = [], set()
    type_pred = f" <{_TYPE}> ".encode()
    with open(nt_path, "rb") as fh:
        for line in fh:
            cut = line.find(b" ")
            if cut > 0 and zlib.crc32(line[:cut]) % k == 0:
                out.append(line)
                obj = line[line.find(b" ", cut + 1) + 1:].rstrip(b" .\n")
                if obj.startswith(b"<"):
                    wanted.add(obj)
    with open(nt_path, "rb") as fh:
        for line in fh:
            cut = line.find(b" ")
            if line[cut:cut + len(type_pred)] == type_pred and line[:cut] in wanted \
                    and zlib.crc32(line[:cut]) % k != 0:
                out.append(line)
    return b"".join(out)


def check_consistency(ontology_paths, data_nt_path=None, *, max_data_triples: int = MAX_DATA_TRIPLES) -> None:
    """Run HermiT on the ontology files (+ the N-Triples data); raise ValidationFailed if not consistent."""
    import owlready2

    if not java_available():
        raise GovkgError("Java is required for the HermiT reasoner but was not found "
                         "(install it: apt-get install default-jre-headless)")
    paths = [Path(p) for p in ([ontology_paths] if isinstance(ontology_paths, (str, Path)) else ontology_paths)]
    sample = b""
    if data_nt_path is not None:
        data = Path(data_nt_path)
        n = sum(1 for _ in open(data, "rb")) if data.exists() else 0
        if n <= max_data_triples:
            paths.append(data)
        else:
            sample = sample_lines(data, -(-n // SAMPLE_TRIPLES))
            kept = sample.count(b"\n")
            print(f"reason: {data} has {n} lines > {max_data_triples}; HermiT checks the ontology, the "
                  f"vocabularies and a sample of {kept} data triples (SHACL covers all the data)", file=sys.stderr)

    quads = parse_files(paths)
    if sample:
        quads += list(ox.parse(sample, format=ox.RdfFormat.N_TRIPLES))
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    with tempfile.TemporaryDirectory(prefix="govkg-hermit-") as tmp:
        merged = Path(tmp) / "merged.nt"
        merged.write_bytes(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                        format=ox.RdfFormat.N_TRIPLES))
        world = owlready2.World()
        try:
            world.get_ontology(merged.as_uri()).load()
            # xsd:date (dct:issued) is outside the OWL 2 datatype map: HermiT treats it as opaque.
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            causes = diagnose(store)
            raise ValidationFailed("OWL: the ontology plus data is inconsistent under HermiT: "
                                   + ("; ".join(causes) if causes else "no simple cause found "
                                      "(look for owl:sameAs, cardinality or datatype clashes)")) from None
        except owlready2.OwlReadyJavaError as exc:
            lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
            start = next((i for i, ln in enumerate(lines) if "Exception" in ln), 0)
            detail = " ".join(ln for ln in lines[start:start + 6] if not ln.startswith("at "))
            raise ValidationFailed(f"OWL: HermiT could not process the ontology plus data: {detail}") from None
        unsat = sorted(c.iri for c in world.inconsistent_classes())
        world.close()
    if unsat:
        raise ValidationFailed("OWL: unsatisfiable classes (equivalent to owl:Nothing): " + ", ".join(unsat))


def _iri(term) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _superclasses(store: ox.Store) -> dict[str, set[str]]:
    direct: dict[str, set[str]] = defaultdict(set)
    for q in store.quads_for_pattern(None, ox.NamedNode(_SUBCLASS), None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            direct[q.subject.value].add(q.object.value)
    closure: dict[str, set[str]] = {}

    def up(c: str) -> set[str]:
        if c not in closure:
            closure[c] = {c}
            for parent in direct.get(c, ()):
                closure[c] |= up(parent)
        return closure[c]

    for c in list(direct):
        up(c)
    return closure


def _rdf_list(store: ox.Store, node) -> list[str | None]:
    items: list[str | None] = []
    lists = list(store.quads_for_pattern(node, ox.NamedNode(OWL + "members"), None))
    cur = lists[0].object if lists else None
    while cur is not None and cur != ox.NamedNode(RDF + "nil") and len(items) < 10_000:
        firsts = list(store.quads_for_pattern(cur, ox.NamedNode(RDF + "first"), None))
        rests = list(store.quads_for_pattern(cur, ox.NamedNode(RDF + "rest"), None))
        items.append(_iri(firsts[0].object) if firsts else None)
        cur = rests[0].object if rests else None
    return items


def _disjoint_pairs(store: ox.Store) -> dict[frozenset, str]:
    pairs: dict[frozenset, str] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(OWL + "disjointWith"), None):
        a, b = _iri(q.subject), _iri(q.object)
        if a and b:
            pairs[frozenset((a, b))] = f"DisjointClasses(<{a}> <{b}>)"
    for q in store.quads_for_pattern(None, ox.NamedNode(_TYPE), ox.NamedNode(OWL + "AllDisjointClasses")):
        members = [m for m in _rdf_list(store, q.subject) if m]
        names = " ".join(m.replace(GOV, "gov:") for m in members)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs[frozenset((a, b))] = f"AllDisjointClasses({names})"
    return pairs


def diagnose(store: ox.Store, limit: int = 10) -> list[str]:
    """Name the nodes and axioms behind an inconsistency, for the common causes."""
    supers = _superclasses(store)
    pairs = _disjoint_pairs(store)
    causes: list[str] = []
    types: dict[str, set[str]] = defaultdict(set)
    for q in store.quads_for_pattern(None, ox.NamedNode(_TYPE), None):
        s, o = _iri(q.subject), _iri(q.object)
        if s and o and not o.startswith(OWL):
            types[s] |= supers.get(o, {o})
    for node in sorted(types):
        for pair, axiom in pairs.items():
            if pair <= types[node]:
                a, b = sorted(pair)
                causes.append(f"<{node}> is both <{a}> and <{b}>, against {axiom}")
    functional = [r["p"] for r in store.query(f"SELECT ?p WHERE {{ ?p a <{OWL}FunctionalProperty> }}")]
    for p in functional:
        for r in store.query(f"SELECT ?s (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?s {p} ?o }} GROUP BY ?s HAVING (?n > 1) ORDER BY ?s"):
            causes.append(f"<{r['s'].value}> has {r['n'].value} values of functional property <{p.value}>")
    for r in store.query(f"SELECT ?p ?dt WHERE {{ ?p a <{OWL}DatatypeProperty> ; <{RDFS}range> ?dt FILTER(isIRI(?dt) && STRSTARTS(STR(?dt), '{XSD}')) }}"):
        allowed = _NUMERIC_DERIVED.get(r["dt"].value, {r["dt"].value})
        for q in store.quads_for_pattern(None, r["p"], None):
            if isinstance(q.object, ox.Literal) and q.object.datatype.value not in allowed:
                causes.append(f"<{_iri(q.subject)}> <{r['p'].value}> {q.object} is outside the range <{r['dt'].value}>")
    return sorted(set(causes))[:limit]


PROFILE_CHECK_JAVA = """
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;
import java.io.File;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println("VIOLATION\\t" + v.toString().replace('\\n', ' '));
        }
        System.out.println(report.isInProfile() ? "IN-PROFILE" : "NOT-IN-PROFILE");
    }
}
"""


def dl_profile_violations(ontology_paths) -> list[str]:
    """OWL 2 DL profile violations of the ontology files, by the OWL API's OWL2DLProfile
    checker (the OWL API bundled in owlready2's HermiT.jar, run as a Java source file).

    That OWL API (3.x, 2013) predates RDF 1.1 and reports rdf:langString as an unknown
    datatype; callers decide whether to accept that one (see tests/gate/test_ontology.py).
    """
    import subprocess

    import owlready2
    import rdflib

    if not java_available():
        raise GovkgError("Java is required for the OWL 2 DL profile check but was not found "
                         "(install it: apt-get install default-jre-headless)")

    paths = [ontology_paths] if isinstance(ontology_paths, (str, Path)) else list(ontology_paths)
    graph = to_rdflib(parse_files(paths), rdflib.Graph())
    with tempfile.TemporaryDirectory(prefix="govkg-profile-") as tmp:
        owl = Path(tmp) / "ontology.owl"
        graph.serialize(owl, format="xml")
        src = Path(tmp) / "ProfileCheck.java"
        src.write_text(PROFILE_CHECK_JAVA, encoding="utf-8")
        jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
        proc = subprocess.run([owlready2.JAVA_EXE, "-cp", str(jar), str(src), str(owl)],
                              capture_output=True, text=True, timeout=300)
    if "IN-PROFILE" not in proc.stdout:
        raise GovkgError(f"OWL 2 DL profile check could not run: {(proc.stderr or proc.stdout).strip()[:500]}")
    return sorted({line.split("\t", 1)[1] for line in proc.stdout.splitlines() if line.startswith("VIOLATION\t")})
