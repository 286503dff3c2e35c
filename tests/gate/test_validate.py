"""The SHACL gate end to end: the seed graph conforms; a graph missing one required
triple fails `python build.py validate` with exit 1, naming the focus node and the
shape; bad input exits 2 with one line; nothing is fetched; warnings do not block;
the report names source files and characters and is written as Turtle."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
import rdflib

from govkg.core.errors import ValidationFailed
from govkg.gate.check import gate, main_validate
from govkg.gate.validate import ROOT, validate
from tests.gate.test_shapes import load_fixture

VALID = ROOT / "tests" / "shapes" / "valid" / "initiative.ttl"
INVALID = ROOT / "tests" / "shapes" / "invalid"
GOV = "https://w3id.org/govkg/ontology#"


def cli_validate(path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "validate", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_seed_graph_conforms_no_violation_no_warning(seed_graph):
    report = validate(seed_graph.nt)
    assert report.triples > 1000
    assert report.results == [], report.text()


def test_cli_exits_1_naming_focus_and_shape_when_a_required_triple_is_gone(seed_graph, tmp_path):
    # The Initiative's provision 6 (the 2nd suggestion) in English, first clause:
    # "We should respect other countries' national sovereignty ..." (seed 000).
    lines = seed_graph.nt.read_text(encoding="utf-8").splitlines(keepends=True)
    clause_text = [ln for ln in lines if f"<{GOV}text>" in ln and "/p6/en/c1> " in ln]
    assert len(clause_text) == 1, clause_text
    assert "respect other countries" in clause_text[0]
    focus = clause_text[0].split(" ", 1)[0].strip("<>")
    broken = tmp_path / "broken.nt"
    broken.write_text("".join(ln for ln in lines if ln is not clause_text[0]), encoding="utf-8")
    proc = cli_validate(broken)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout + proc.stderr
    assert "gsh:Clause-text" in out
    assert "Every clause needs exactly one non-empty text" in out
    short = "id:" + focus.removeprefix("https://w3id.org/govkg/id/")
    assert f"Violation: {short}" in out
    assert "Traceback" not in out


def test_cli_exits_0_on_a_conforming_file():
    proc = cli_validate(VALID)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "conforms" in proc.stdout


@pytest.mark.parametrize("content,suffix,why", [
    ("<a> <b> .\n", ".ttl", "not valid Turtle"),
    ("\xff\xfe garbage", ".nt", "not valid N-Triples"),
    ("<x/> a b", ".xyz", "unknown RDF format"),
])
def test_cli_exits_2_with_one_line_on_bad_input(tmp_path, content, suffix, why):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    proc = cli_validate(path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and why in err[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_exits_2_on_missing_file(tmp_path):
    proc = cli_validate(tmp_path / "nothing.ttl")
    assert proc.returncode == 2 and "no such file" in proc.stderr


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError(f"test: network access to {address} refused")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.mark.parametrize("name,content,code", [
    ("remote-context.jsonld", '{"@context": "http://example.org/ctx.jsonld", "@id": "http://ex/a", "name": "x"}', 2),
    ("xxe.rdf", '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
                '<rdf:Description rdf:about="http://ex/a"><ex:p>&xxe;</ex:p></rdf:Description></rdf:RDF>', 2),
    ("remote-dtd.rdf", '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "http://example.org/x.dtd">\n'
                       '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">'
                       '<rdf:Description rdf:about="http://ex/a"><ex:p>v</ex:p></rdf:Description></rdf:RDF>', 2),
])  # all three refused with one line (govkg/safe_load.py); none opens a socket
def test_hostile_rdf_is_refused_or_loaded_offline(tmp_path, no_network, capsys, name, content, code):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main_validate(str(path), out=sys.stdout) == code
    assert no_network == []
    if code == 2:
        assert str(path) in capsys.readouterr().err


def test_report_names_source_file_and_characters():
    quads, _ = load_fixture(INVALID / "Clause-text--two.ttl")
    text = validate(quads, vocab_paths=[ROOT / "ontology" / "kinds.ttl"]).text()
    assert "== 004_c3d48206e3d139f0.txt" in text
    assert "-- gsh:Clause-text  (shapes/text.shapes.ttl)" in text
    assert "Violation: id:work/gaigi/p6/en/c2  path gov:text" in text
    assert "at 004_c3d48206e3d139f0.txt characters 2786-3032: 'We oppose using AI technologies" in text


def test_gate_blocks_on_violation_and_writes_the_turtle_report(tmp_path, capsys):
    quads, _ = load_fixture(INVALID / "Work-issued--missing.ttl")
    report_path = tmp_path / "build" / "shacl-report.ttl"
    with pytest.raises(ValidationFailed, match="1 violation"):
        gate(quads, report_path=report_path, owl=False)
    g = rdflib.Graph().parse(report_path)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.conforms, rdflib.Literal(False)) in g
    focus = {str(o) for o in g.objects(None, sh.focusNode)}
    shapes = {str(o) for o in g.objects(None, sh.sourceShape)}
    assert "https://w3id.org/govkg/id/work/gaigi" in focus
    assert "https://w3id.org/govkg/shapes#Work-issued" in shapes
    assert "Work-issued" in capsys.readouterr().err


def test_warnings_are_reported_but_do_not_block(tmp_path, capsys):
    quads, _ = load_fixture(INVALID / "Work-issuer-present--missing.ttl")
    report = gate(quads, report_path=tmp_path / "r.ttl", owl=False)
    assert report.conforms and len(report.warnings) == 1 and not report.violations
    assert "Warning: id:work/oecd" in capsys.readouterr().err


def test_report_turtle_is_deterministic(tmp_path):
    quads, _ = load_fixture(INVALID / "ProvisionPositionUniqueShape--duplicate.ttl")
    a = validate(quads).write_turtle(tmp_path / "a.ttl").read_bytes()
    b = validate(quads).write_turtle(tmp_path / "b.ttl").read_bytes()
    assert a == b
