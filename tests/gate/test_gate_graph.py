"""The gate on the build's graph (a govkg.core.graphstore.Graph: N-Triples chunks, exact
lexical forms and datatypes) reports exactly what pyshacl reports on the same triples,
although it runs the core shapes as SPARQL on a pyoxigraph Store, which folds
xsd:nonNegativeInteger, xsd:int, … into xsd:integer: the integer datatypes are judged
on the exact text (gate.literals.folded_datatype_results)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_shapes import INVALID, VOCAB, fired, load_fixture

from govkg import pipeline
from govkg.core import graphstore
from govkg.core.errors import ValidationFailed
from govkg.gate import check as gate
from govkg.gate import fast as gate_fast
from govkg.gate import validate
from govkg.ingest.executor import Options

ROOT = Path(__file__).resolve().parents[2]
XSD = "http://www.w3.org/2001/XMLSchema#"
GSH = "https://w3id.org/govkg/shapes#"
NEG = [p for p in INVALID if "# base: ontology" not in p.read_text(encoding="utf-8")]


def graph_of(triples: list, parts: int = 3) -> graphstore.Graph:
    """A Graph of `triples` in several chunks (a blank node may span chunks)."""
    graph = graphstore.Graph()
    step = max(1, -(-len(triples) // parts))
    for i in range(0, len(triples), step):
        graph.add(triples[i:i + step])
    return graph


def _same(whole, fast) -> None:
    a, b = gate_fast.keys(whole), gate_fast.keys(fast)
    assert a == b, f"only pyshacl: {sorted(a - b)[:5]}; only the gate: {sorted(b - a)[:5]}"


@pytest.mark.parametrize("path", NEG, ids=lambda p: p.stem)
def test_gate_on_a_graph_equals_pyshacl_on_negative_control(path):
    """Each data negative control fires exactly the shape its '# expect:' line names
    under pyshacl (the reference engine), and the gate gives the same results."""
    quads, head = load_fixture(path)
    assert head["expect"], f"{path.name}: no '# expect:' line"
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    whole = validate.validate(triples, vocab_paths=VOCAB)
    assert whole.results, "a negative control must produce a result"
    assert fired(whole) == head["expect"], whole.text()
    fast = gate_fast.validate_sharded(graph_of(triples), jobs=1, vocab_paths=VOCAB)
    _same(whole, fast)
    assert fast.triples == whole.triples


@pytest.mark.parametrize("name, value", [("Occurrence-start--integer", "2069"), ("Occurrence-start--int", "2069"),
                                         ("Occurrence-start--negative", "-1"), ("Clause-position--int", "2")])
def test_folded_datatypes_are_reported_with_the_value_as_written(name, value):
    quads, _ = load_fixture(ROOT / "tests" / "shapes" / "invalid" / f"{name}.ttl")
    shape = GSH + name.split("--")[0]
    for data in (graph_of([q.triple for q in quads]), quads):  # a Graph, and a plain list
        fast = gate_fast.validate_sharded(data, jobs=1, vocab_paths=VOCAB)
        got = [(r.shape, r.value, r.severity) for r in fast.results]
        assert got == [(shape, value, "Violation")], got


def test_two_values_folded_into_one_still_break_max_count():
    """"2069"^^xsd:int and "2069"^^xsd:integer are two values for pyshacl (sh:maxCount 1),
    one triple in a Store."""
    quads, _ = load_fixture(ROOT / "tests" / "shapes" / "invalid" / "Occurrence-start--int.ttl")
    triples = [q.triple for q in quads]
    node, start = ox.NamedNode("https://w3id.org/govkg/id/source/s003/o2069-2208"), \
        ox.NamedNode("http://www.w3.org/ns/oa#start")
    triples.append(ox.Triple(node, start, ox.Literal("2069", datatype=ox.NamedNode(XSD + "integer"))))
    whole = validate.validate(triples, vocab_paths=VOCAB)
    fast = gate_fast.validate_sharded(graph_of(triples), jobs=1, vocab_paths=VOCAB)
    _same(whole, fast)
    values = lambda report: sorted(r.value for r in report.results if r.shape == GSH + "Occurrence-start")  # noqa
    assert values(fast) == values(whole) == ["", "2069"]  # sh:maxCount (no value), sh:datatype (both "2069")


@pytest.fixture(scope="module")
def seed():
    result = pipeline.run(ROOT / "data" / "corpus.toml", quiet=True, options=Options(cache=False))
    return result, pipeline.emit(result)


def _retype(graph: graphstore.Graph, every: int) -> graphstore.Graph:
    """`graph` with every `every`-th oa:start retyped xsd:integer and gov:position xsd:int."""
    out, n = graphstore.Graph(), {True: 0, False: 0}
    for chunk in graph.chunks:
        lines = chunk.splitlines(keepends=True)
        for i, line in enumerate(lines):
            if b"<http://www.w3.org/ns/oa#start> " in line or b"<https://w3id.org/govkg/ontology#position> " in line:
                n[b"position" in line] += 1
                if n[b"position" in line] % every == 0:
                    lines[i] = re.sub(rb"\^\^<[^>]+> \.", f"^^<{XSD}{'int' if b'position' in line else 'integer'}> ."
                                      .encode(), line)
        out.add_ntriples(b"".join(lines))
    return out


def test_gate_on_the_seed_graph_equals_pyshacl(seed):
    _, graph = seed
    assert isinstance(graph, graphstore.Graph)
    whole = validate.validate(list(graphstore.triples(graph)))
    fast = gate_fast.validate_sharded(graph, jobs=2)
    _same(whole, fast)
    assert fast.conforms and fast.triples == whole.triples
    damaged = _retype(graph, 7)
    whole = validate.validate(list(graphstore.triples(damaged)))
    assert {r.shape for r in whole.results} >= {GSH + "Occurrence-start", GSH + "Provision-position",
                                                GSH + "Clause-position"}
    _same(whole, gate_fast.validate_sharded(damaged, jobs=2))


def test_build_gate_takes_the_graph(seed, tmp_path, monkeypatch):
    """gate.check on a Graph: offsets by SPARQL, SHACL on the exact triples, and HermiT
    given the exact N-Triples (the Graph's chunks as emitted)."""
    result, graph = seed
    seen = []
    monkeypatch.setattr(gate, "check_consistency", lambda onto, nt: seen.append(Path(nt).read_bytes()))
    said = []
    report = gate.check(result, graph, tmp_path / "dist", said.append)
    assert said and "0 violation(s)" in said[0]
    assert sorted(set(seen[0].splitlines())) == graphstore.sorted_ntriples(graph).splitlines()
    assert b"XMLSchema#nonNegativeInteger" in seen[0]
    assert report.conforms and not report.violations and report.triples == len(set(seen[0].splitlines()))

    with pytest.raises(ValidationFailed, match="violation"):
        gate.check(result, _retype(graph, 50), tmp_path / "dist", said.append)

    shifted = graphstore.Graph()  # one occurrence one character off: the offset check
    done = False
    for chunk in graph.chunks:
        if not done:
            m = re.search(rb'<http://www.w3.org/ns/oa#start> "(\d+)"', chunk)
            if m:
                chunk = chunk[:m.start(1)] + str(int(m.group(1)) + 1).encode() + chunk[m.end(1):]
                done = True
        shifted.add_ntriples(chunk)
    assert done
    with pytest.raises(ValidationFailed, match="do not quote their files exactly"):
        gate.check(result, shifted, tmp_path / "dist", said.append)
