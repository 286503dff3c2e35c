"""Mended tests, shown able to fail (issue 17, point 5): each mutant breaks a copy of the
repository the way its test guards against, and that test must then fail.

    .venv/bin/python tests/mutants.py            # every mutant (a few minutes)
    .venv/bin/python tests/mutants.py catalog    # one by name

Not collected by pytest (no test_ prefix): it clones the working tree per mutant.
Exit status 0 when every mutant is caught (its test fails), 1 otherwise.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ORPHAN = """
[[works]]
id = "orphan-work"
title = { en = "A work that no source carries" }
issuer = "Nobody"
date = 2024-01-01
kind = "document"
"""

PLAIN_FOLDER_FILE_BY_FILE = """        if True:  # MUTANT: new files moved into the old folder one by one (a mixed dist/ in between)
            for f in sorted(final.iterdir()):
                if f.is_file():
                    shutil.copyfile(f, dist / ".mutant")
                    os.replace(dist / ".mutant", dist / f.name)
            return
        if not _exchange(tmp, dist):"""

# name: (file, old text, new text, the mended test that must now fail)
MUTANTS = {
    "catalog": ("data/corpus.toml", None, ORPHAN,
                "tests/ingest/test_catalog.py::test_catalog_loads_and_every_work_is_carried"),
    "fs-safety": ("govkg/core/ids.py", "id {value!r} is not allowed", "id {value} is not allowed",
                  "tests/ingest/test_fs_safety.py::test_hostile_id_refused"),
    "crash-mixed-dist": ("govkg/publish/release.py", "        if not _exchange(tmp, dist):",
                         PLAIN_FOLDER_FILE_BY_FILE,
                         "tests/publish/test_crash.py::test_plain_folder_dist_is_never_missing"),
    "crash-unwritable-cache": ("govkg/ingest/cache.py", "            fd, tmp = tempfile.mkstemp(dir=path.parent, "
                               "prefix=\".tmp-\")\n        except OSError:\n            return",
                               "            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=\".tmp-\")\n"
                               "        except ZeroDivisionError:\n            return",
                               "tests/publish/test_crash.py::test_unwritable_cache_does_not_stop_the_build"),
    "endpoint-serial": ("govkg/serve/proxy.py", "class GuardServer(ThreadingHTTPServer):",
                        "from http.server import HTTPServer\n\n\nclass GuardServer(HTTPServer):",
                        "tests/serve/test_endpoint_safety.py::"
                        "test_runaway_query_times_out_while_another_client_is_served"),
    "ontology-html": ("govkg/publish/docs_html.py", 'out.append("<h2>Class hierarchy</h2>")', "pass",
                      "tests/gate/test_ontology.py::test_published_ontology_html"),
    "query-duplicate-rows": ("queries/cq03-oppositions.rq", "?practice ?work ?lang WHERE {",
                             "?practice ?work ?lang WHERE { VALUES ?dup_ { 1 2 }",
                             "tests/serve/test_queries.py::test_embedded"),
    # the SHACL engine, one component / path kind / target kind broken at a time (issue 19):
    # shacl_core.Core (gate-*) and its SPARQL plans in store_core.StoreCore (gate-store-*)
    'gate-minCount': ('govkg/gate/shacl_core.py', '"minCount" and len(values) < o', '"minCount" and len(values) < o - 1', 'tests/gate/test_differential.py'),
    'gate-maxCount': ('govkg/gate/shacl_core.py', '"maxCount" and len(values) > o', '"maxCount" and len(values) > o + 1', 'tests/gate/test_differential.py'),
    'gate-datatype': ('govkg/gate/shacl_core.py', 'v.language is None and v.datatype.value == dtype and well_formed(v))', 'v.language is None and v.datatype.value == dtype)', 'tests/gate/test_differential.py'),
    'gate-class': ('govkg/gate/shacl_core.py', 'isinstance(v, ox.Literal) or not data.is_instance(v, o)', 'isinstance(v, ox.Literal) or o not in data.values(v, RDF_TYPE)', 'tests/gate/test_differential.py'),
    'gate-nodeKind': ('govkg/gate/shacl_core.py', '"BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),', '"BlankNodeOrIRI": (ox.NamedNode,),', 'tests/gate/test_differential.py'),
    'gate-languageIn': ('govkg/gate/shacl_core.py', 'v.language.lower() == t or v.language.lower().startswith(t + "-")', 'v.language.lower() == t', 'tests/gate/test_differential.py'),
    'gate-minLength': ('govkg/gate/shacl_core.py', 'len(v.value) < n if name == "minLength" else len(v.value) > n', 'len(v.value) <= n if name == "minLength" else len(v.value) > n', 'tests/gate/test_differential.py'),
    'gate-maxLength': ('govkg/gate/shacl_core.py', 'len(v.value) < n if name == "minLength" else len(v.value) > n', 'len(v.value) < n if name == "minLength" else len(v.value) >= n', 'tests/gate/test_differential.py'),
    'gate-flags': ('govkg/gate/shacl_core.py', '(re.I if "i" in flags else 0)', '0', 'tests/gate/test_differential.py'),
    'gate-pattern': ('govkg/gate/shacl_core.py', 'fails += [v for v in values if isinstance(v, ox.BlankNode) or not o.search(v.value)]', 'fails += [v for v in values if isinstance(v, ox.BlankNode) or not o.match(v.value)]', 'tests/gate/test_differential.py'),
    'gate-in': ('govkg/gate/shacl_core.py', 'fails += [v for v in values if v not in o]', 'fails += [v for v in values if v not in o and isinstance(v, ox.Literal)]', 'tests/gate/test_differential.py'),
    'gate-hasValue': ('govkg/gate/shacl_core.py', '"hasValue" and o not in values', '"hasValue" and o not in values[:1]', 'tests/gate/test_differential.py'),
    'gate-minInclusive': ('govkg/gate/shacl_core.py', '"minInclusive": lambda a, b: a >= b', '"minInclusive": lambda a, b: a > b', 'tests/gate/test_differential.py'),
    'gate-maxInclusive': ('govkg/gate/shacl_core.py', '"maxInclusive": lambda a, b: a <= b', '"maxInclusive": lambda a, b: a < b', 'tests/gate/test_differential.py'),
    'gate-minExclusive': ('govkg/gate/shacl_core.py', '"minExclusive": lambda a, b: a > b', '"minExclusive": lambda a, b: a >= b', 'tests/gate/test_differential.py'),
    'gate-maxExclusive': ('govkg/gate/shacl_core.py', '"maxExclusive": lambda a, b: a < b', '"maxExclusive": lambda a, b: a <= b', 'tests/gate/test_differential.py'),
    'gate-uniqueLang': ('govkg/gate/shacl_core.py', 'fails += [None for n in langs.values() if n > 1]', 'fails += [None for n in langs.values() if n > 2]', 'tests/gate/test_differential.py'),
    'gate-lessThan': ('govkg/gate/shacl_core.py', 'op = (lambda a, b: a < b) if name == "lessThan" else (lambda a, b: a <= b)', 'op = (lambda a, b: a <= b) if name == "lessThan" else (lambda a, b: a <= b)', 'tests/gate/test_differential.py'),
    'gate-lessThanOrEquals': ('govkg/gate/shacl_core.py', 'op = (lambda a, b: a < b) if name == "lessThan" else (lambda a, b: a <= b)', 'op = (lambda a, b: a < b) if name == "lessThan" else (lambda a, b: a < b)', 'tests/gate/test_differential.py'),
    'gate-or': ('govkg/gate/shacl_core.py', 'not any(self.conforms(data, m, v) for m in o)', 'not any(self.conforms(data, m, v) for m in o[:1])', 'tests/gate/test_differential.py'),
    'gate-and': ('govkg/gate/shacl_core.py', 'not all(self.conforms(data, m, v) for m in o)', 'not all(self.conforms(data, m, v) for m in o[:1])', 'tests/gate/test_differential.py'),
    'gate-xone': ('govkg/gate/shacl_core.py', 'sum(self.conforms(data, m, v) for m in members) != 1', 'sum(self.conforms(data, m, v) for m in members) < 1', 'tests/gate/test_differential.py'),
    'gate-not': ('govkg/gate/shacl_core.py', 'fails += [v for v in values if self.conforms(data, o, v)]', 'fails += [v for v in values if self.conforms(data, o, v) and v != focus]', 'tests/gate/test_differential.py'),
    'gate-node': ('govkg/gate/shacl_core.py', 'fails += [v for v in values if not self.conforms(data, o, v)]', 'fails += [v for v in values if not self.conforms(data, o, v) and isinstance(v, ox.NamedNode)]', 'tests/gate/test_differential.py'),
    'gate-qualifiedMinCount': ('govkg/gate/shacl_core.py', '(lo is not None and n < int(lo)) or (hi is not None and n > int(hi))', '(lo is not None and n < int(lo) - 1) or (hi is not None and n > int(hi))', 'tests/gate/test_differential.py'),
    'gate-qualifiedMaxCount': ('govkg/gate/shacl_core.py', '(lo is not None and n < int(lo)) or (hi is not None and n > int(hi))', '(lo is not None and n < int(lo)) or (hi is not None and n > int(hi) + 1)', 'tests/gate/test_differential.py'),
    'gate-inversePath': ('govkg/gate/shacl_core.py', 'return data.inverse(focus, arg)', 'return data.values(focus, arg)', 'tests/gate/test_differential.py'),
    'gate-sequencePath': ('govkg/gate/shacl_core.py', 'current = list(dict.fromkeys(v for n in current for v in self.nodes(data, step, n)))', 'current = list(dict.fromkeys(v for n in current for v in self.nodes(data, step, n)))[:1]', 'tests/gate/test_differential.py'),
    'gate-targetClass': ('govkg/gate/shacl_core.py', 'out += [s for s, _ in _subjects_of_type(data, c)]', 'out += data.instances[c]', 'tests/gate/test_differential.py'),
    'gate-targetNode': ('govkg/gate/shacl_core.py', 'out += [to_ox(n) for n in self.get(shape, "targetNode")]', 'out += [to_ox(n) for n in self.get(shape, "targetNode") if not isinstance(n, rdflib.Literal)]', 'tests/gate/test_differential.py'),
    'gate-targetSubjectsOf': ('govkg/gate/shacl_core.py', 'out += [s for s, preds in data.out.items() if p in preds]', 'out += [s for s, preds in data.out.items() if p in preds and isinstance(s, ox.NamedNode)]', 'tests/gate/test_differential.py'),
    'gate-targetObjectsOf': ('govkg/gate/shacl_core.py', 'out += [o for s, preds in data.out.items() for o in preds.get(p, ())]', 'out += [o for s, preds in data.out.items() for o in preds.get(p, ())][:1]', 'tests/gate/test_differential.py'),
    'gate-severity': ('govkg/gate/shacl_core.py', 'sev = str(self.one(shape, "severity")', 'sev = str(None', 'tests/gate/test_differential.py'),
    'gate-store-minCount': ('govkg/gate/store_core.py', 'lambda p: p["lo"] == 1)', 'lambda p: p["lo"] == 99)', 'tests/gate/test_differential.py'),
    'gate-store-maxCount': ('govkg/gate/store_core.py', 'lambda p: p["hi"] == 1)', 'lambda p: p["hi"] == 99)', 'tests/gate/test_differential.py'),
    'gate-store-datatype': ('govkg/gate/store_core.py', 'ok = f\'isLiteral(?v) && lang(?v) = "" && datatype(?v) = <{dtype}>\'', 'ok = f\'isLiteral(?v) && lang(?v) = ""\'', 'tests/gate/test_differential.py'),
    'gate-store-class': ('govkg/gate/store_core.py', 'classes = self._subclasses(o)', 'classes = [_sparql_term(o)]', 'tests/gate/test_differential.py'),
    'gate-store-nodeKind': ('govkg/gate/store_core.py', '"BlankNodeOrIRI": "isLiteral(?v)"', '"BlankNodeOrIRI": "!isIRI(?v)"', 'tests/gate/test_differential.py'),
    'gate-store-languageIn': ('govkg/gate/store_core.py', "_sparql_string(t + '-')", "_sparql_string(t + '_')", 'tests/gate/test_differential.py'),
    'gate-store-minLength': ('govkg/gate/store_core.py', "{'<' if name == 'minLength' else '>'}", "{'<=' if name == 'minLength' else '>'}", 'tests/gate/test_differential.py'),
    'gate-store-in': ('govkg/gate/store_core.py', 'fails.append("!(" + (" || ".join(f"sameTerm(?v,', 'fails.append("!(isIRI(?v) || " + (" || ".join(f"sameTerm(?v,', 'tests/gate/test_differential.py'),
    'gate-store-hasValue': ('govkg/gate/store_core.py', 'FILTER(sameTerm(?v, {_sparql_term(o)})) }} }}")', 'FILTER(sameTerm(?v, ?v)) }} }}")', 'tests/gate/test_differential.py'),
    'gate-store-minInclusive': ('govkg/gate/store_core.py', '"minInclusive": ">="', '"minInclusive": ">"', 'tests/gate/test_differential.py'),
    'gate-store-maxExclusive': ('govkg/gate/store_core.py', '"maxExclusive": "<"}[name]', '"maxExclusive": "<="}[name]', 'tests/gate/test_differential.py'),
    'gate-store-lessThan': ('govkg/gate/store_core.py', 'op = "<" if name == "lessThan" else "<="', 'op = "<="', 'tests/gate/test_differential.py'),
    'gate-store-uniqueLang': ('govkg/gate/store_core.py', 'FILTER(?n > 1) }', 'FILTER(?n > 2) }', 'tests/gate/test_differential.py'),
    'gate-store-or': ('govkg/gate/store_core.py', 'fails.append("!(" + " || ".join(members) + ")")', 'fails.append("!(" + " && ".join(members) + ")")', 'tests/gate/test_differential.py'),
    'gate-store-xone': ('govkg/gate/store_core.py', '+ ") != 1")', '+ ") > 1")', 'tests/gate/test_differential.py'),
    'gate-store-not': ('govkg/gate/store_core.py', 'fails.append(members[0])', 'fails.append("false")', 'tests/gate/test_differential.py'),
    'gate-store-inversePath': ('govkg/gate/store_core.py', 'return f"^<{arg.value}>"', 'return f"<{arg.value}>"', 'tests/gate/test_differential.py'),
    'gate-store-sequencePath': ('govkg/gate/store_core.py', 'return "/".join(f"({self._path_sparql(step)})" for step in arg)', 'return "|".join(f"({self._path_sparql(step)})" for step in arg)', 'tests/gate/test_differential.py'),
    'gate-store-targetClass': ('govkg/gate/store_core.py', '/<{SUBCLASS.value}>* {_sparql_term(to_ox(c))} .")', ' {_sparql_term(to_ox(c))} .")', 'tests/gate/test_differential.py'),
    'gate-store-targetNode': ('govkg/gate/store_core.py', 'parts.append(f"VALUES ?this {{ {_sparql_term(to_ox(n))} }}")', 'parts.append(f"VALUES ?this {{ {_sparql_term(to_ox(n))} }} FILTER(!isLiteral(?this))")', 'tests/gate/test_differential.py'),
    'gate-store-targetSubjectsOf': ('govkg/gate/store_core.py', 'parts.append(f"?this {_sparql_term(to_ox(p))} ?target_o .")', 'parts.append(f"?this {_sparql_term(to_ox(p))} ?target_o . FILTER(isIRI(?this))")', 'tests/gate/test_differential.py'),
    'gate-store-targetObjectsOf': ('govkg/gate/store_core.py', 'parts.append(f"?target_s {_sparql_term(to_ox(p))} ?this .")', 'parts.append(f"?target_s {_sparql_term(to_ox(p))} ?this . FILTER(!isLiteral(?this))")', 'tests/gate/test_differential.py'),
}


def run(name: str) -> bool:
    path, old, new, test = MUTANTS[name]
    with tempfile.TemporaryDirectory(prefix=f"govkg-mutant-{name}-") as tmp:
        copy = Path(tmp) / "repo"
        shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(
            ".venv", "build", ".dist.*", "dist", ".git", "__pycache__", ".pytest_cache", ".hypothesis"))
        target = copy / path
        text = target.read_text(encoding="utf-8")
        if old is None:
            text += new
        else:
            if text.count(old) != 1:
                print(f"{name}: the text to mutate is not once in {path}: the mutant is stale")
                return False
            text = text.replace(old, new)
        target.write_text(text, encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-p", "no:cacheprovider", test],
                              cwd=copy, capture_output=True, text=True, timeout=1200)
        failed = done.returncode == 1 and " failed" in done.stdout
        lines = done.stdout.strip().splitlines()
        last = next((ln for ln in reversed(lines) if " failed" in ln or " passed" in ln), lines[-1] if lines else "")
        why = next((ln[1:].strip() for ln in lines if ln.startswith("E ")), "")[:160]
        print(f"{name}: {'caught' if failed else 'NOT CAUGHT'} by {test} ({last})" + (f"\n    {why}" if why else ""))
        return failed


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in MUTANTS]
    if unknown:
        print(f"unknown mutant(s) {', '.join(unknown)}; known: {', '.join(MUTANTS)}", file=sys.stderr)
        return 2
    caught = [run(n) for n in names or list(MUTANTS)]
    return 0 if all(caught) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
