"""An outside user validates dist/ with stock pyshacl from the published files alone,
following the README, and gets what the build's gate gets (issue 19, point 5)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

from govkg.core import paths
from govkg.gate import fast

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Validating the published graph yourself", 1)[1].split("\n## ", 1)[0]
SNIPPET = re.search(r"```python\n(.*?)```", SECTION, re.S).group(1)

DCT = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"

KEYS = '''
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
rows = sorted({(str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)),
                str(report.value(r, SH.resultPath) or ""), str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1])
               for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)})
import json, sys
json.dump({"conforms": conforms, "rows": rows}, sys.stderr)
'''


def damaged_copy(dist, folder):
    """The published files, with every work's dct:issued and the first work's
    dct:identifier removed from the graph (Work-issued, Work-identifier)."""
    folder.mkdir()
    for name in ("ontology.ttl", "shapes.ttl"):
        shutil.copy(dist / name, folder / name)
    lines = (dist / "govkg.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    works = sorted({ln.split(" ", 1)[0] for ln in lines if f"<{DCT}issued>" in ln and "/work/" in ln})
    assert len(works) >= 2, "the seed graph has several works with an issue date"
    kept = [ln for ln in lines if not (ln.split(" ", 1)[0] in works and f"<{DCT}issued>" in ln)
            and not (ln.startswith(works[0] + " ") and f"<{DCT}identifier>" in ln)]
    assert len(lines) - len(kept) == len(works) + 1
    (folder / "govkg.nt").write_text("".join(kept), encoding="utf-8")
    return works


def test_readme_block_with_stock_pyshacl_equals_the_gate(seed_graph, tmp_path):
    folder = tmp_path / "outside"
    works = damaged_copy(seed_graph.dist, folder)
    (folder / "check.py").write_text(SNIPPET + KEYS, encoding="utf-8")
    done = subprocess.run([sys.executable, "check.py"], cwd=folder, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    outside = json.loads(done.stderr.strip().splitlines()[-1])
    assert done.stdout.strip(), "the README's print(text) shows the report"

    gate = fast.validate_sharded(folder / "govkg.nt", checks=False)
    ours = sorted([r.focus, r.shape, r.path, r.severity] for r in gate.results)
    assert outside["rows"] == ours
    assert outside["conforms"] is False and gate.conforms is False
    # and what was damaged is what both report
    shapes = {(row[0], row[1].rsplit("#", 1)[-1]) for row in outside["rows"]}
    assert {(w.strip("<>"), "Work-issued") for w in works} <= shapes
    assert (works[0].strip("<>"), "Work-identifier") in shapes


def test_published_shapes_are_the_gate_shapes_not_the_ontology_style(seed_graph):
    import rdflib

    g = rdflib.Graph().parse(seed_graph.dist / "shapes.ttl")
    shapes = {str(s).rsplit("#", 1)[-1] for s in g.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "NodeShape"))}
    assert "WorkShape" in shapes or any(s.startswith("Work") for s in shapes)
    assert not any(s.startswith("Term") or s.startswith("Ontology") for s in shapes), sorted(shapes)
