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
