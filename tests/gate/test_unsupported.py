"""A shape the fast engine cannot run fails the gate with one line naming its file and
the feature; `--gate=pyshacl` runs it with pyshacl instead (issue 19, point 3)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from govkg.core import paths
from govkg.gate.check import main_validate

DATA = """@prefix ex: <http://example.org/> .
ex:a a ex:Thing ; ex:p 1 .
"""

HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

# each: a shape using a feature the fast engine does not run, and a word the one line must name
UNSUPPORTED = {
    "closed": ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true .", "sh:closed"),
    "sparql-target": ('ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select '
                      '"SELECT ?this WHERE { ?this ex:p ?o }" ] ; sh:nodeKind sh:BlankNode .', "sh:target"),
    "implicit-class": ("ex:Thing a sh:NodeShape, rdfs:Class ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
                       "implicit class target"),
    "alternative-path": ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property "
                         "[ sh:path [ sh:alternativePath ( ex:q ex:r ) ] ; sh:minCount 1 ] .", "path"),
    "group-by": ('ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:select '
                 '"SELECT $this WHERE { $this ex:p ?o } GROUP BY $this HAVING (COUNT(?o) < 2)" ] .', "GROUP BY"),
    "other-variable": ('ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:select '
                       '"SELECT $this WHERE { $this ex:p $shapesGraph }" ] .', "$shapesGraph"),
    "unbalanced-braces": ('ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:select '
                          '"SELECT $this WHERE { $this ex:p ?o . FILTER NOT EXISTS { ?o ex:q 1 }" ] .',
                          "braces do not balance"),
    # components and paths tests/gate/test_differential.py does not prove: refused, not run
    "equals": ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:equals ex:q ] .",
               "sh:equals"),
    "disjoint": ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:disjoint ex:q ] .",
                 "sh:disjoint"),
    "zero-or-more-path": ("ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property "
                          "[ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ] .", "path"),
}


def project_copy(tmp_path, extra: str):
    """The project's ontology, shapes and checks, plus shapes/zz-extra.shapes.ttl."""
    root = tmp_path / "root"
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(paths.ROOT / name, root / name)
    (root / "shapes" / "zz-extra.shapes.ttl").write_text(HEAD + extra + "\n", encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    return root, data


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_feature_fails_with_one_line(name, tmp_path, capsys):
    shape, word = UNSUPPORTED[name]
    root, data = project_copy(tmp_path, shape)
    assert main_validate(str(data), root=root) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    assert "zz-extra.shapes.ttl" in err and word in err and "--gate=pyshacl" in err, err
    assert "Traceback" not in err


def test_pyshacl_gate_runs_the_shape_the_fast_one_refuses(tmp_path, capsys):
    # sh:closed with no declared property: ex:a's rdf:type and ex:p are both outside it
    root, data = project_copy(tmp_path, UNSUPPORTED["closed"][0])
    assert main_validate(str(data), root=root, engine="pyshacl") == 1
    out = capsys.readouterr()
    assert "Closed" in out.out or "closed" in out.out.lower(), out.out


def test_pyshacl_gate_passes_what_conforms(tmp_path, capsys):
    shape = "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ; sh:ignoredProperties ( ex:p <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ."
    root, data = project_copy(tmp_path, shape)
    assert main_validate(str(data), root=root, engine="pyshacl") == 0


def test_the_project_shapes_need_no_fallback(tmp_path, capsys):
    """Control: without the extra file the fast gate runs every project shape."""
    root, data = project_copy(tmp_path, "")
    assert main_validate(str(data), root=root) == 0, capsys.readouterr().err


def test_build_py_validate_takes_the_gate_option(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    done = subprocess.run([sys.executable, str(paths.ROOT / "build.py"), "validate", str(data), "--gate", "pyshacl"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
