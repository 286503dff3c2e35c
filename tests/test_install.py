"""`pip install .` gives a working `govkg` command in any folder (issue 18).

The wheel is built from the checkout (`pip wheel --no-deps --no-build-isolation`, with
the hatchling of the project venv: no network), installed into a fresh venv whose only
way to the dependencies is a .pth line naming the project venv's site-packages (a path
line: the project's own editable .pth there is not read), and run from a folder outside
the repository on a small corpus: two seed documents of the Global AI Governance
Initiative (data/sources/000, the embassy's English page, and 004, the bilingual table).
Also: the lock (requirements.txt) pins every distribution pyproject.toml asks for.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
import rdflib
import tomli_w
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SUBCOMMANDS = ("build", "add", "validate", "query", "serve", "publish", "export", "eval", "bench")
SOURCES = ("embassy-cambodia-en", "bilingual-table")
GOV = "https://w3id.org/govkg/ontology#"
DCT = "http://purl.org/dc/terms/"


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=900, **kw)


def repo_files(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                "--disable-pip-version-check", "-w", out, ROOT])
    assert done.returncode == 0, done.stderr
    [whl] = out.glob("govkg-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("venv") / "fresh"
    done = run([sys.executable, "-m", "venv", "--without-pip", env])
    assert done.returncode == 0, done.stderr
    py = env / "bin" / "python"
    site = Path(run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "project-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = run([sys.executable, "-m", "pip", "--python", py, "install", "--quiet", "--no-deps",
                "--disable-pip-version-check", wheel])
    assert done.returncode == 0, done.stderr
    return env


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder outside the repository: corpus.toml with one work and two of its seed copies."""
    folder = tmp_path_factory.mktemp("elsewhere")
    assert not folder.resolve().is_relative_to(ROOT)
    seed = tomllib.loads((ROOT / "data" / "corpus.toml").read_text(encoding="utf-8"))
    sources = [s for s in seed["sources"] if s["id"] in SOURCES]
    works = [w for w in seed["works"] if w["id"] == "global-ai-governance-initiative"]
    assert len(sources) == 2 and len(works) == 1, "seed catalog changed: pick the documents again"
    (folder / "sources").mkdir()
    for s in sources:
        (folder / "sources" / s["file"]).write_bytes((ROOT / "data" / "sources" / s["file"]).read_bytes())
    catalog = {"dataset": seed["dataset"], "works": works, "sources": sources}
    (folder / "corpus.toml").write_text(tomli_w.dumps(catalog), encoding="utf-8")
    return folder


def govkg(venv: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache"), "PYTHONPATH": ""}
    return run([venv / "bin" / "govkg", *args], cwd=cwd, env=env)


@pytest.fixture(scope="module")
def built(venv, corpus) -> Path:
    done = govkg(venv, "build", "--catalog", corpus / "corpus.toml", "--dist", corpus / "out", "--quiet",
                 cwd=corpus)
    assert done.returncode == 0, done.stderr[-2000:]
    return corpus / "out"


# ── the wheel ────────────────────────────────────────────────────────────────────

def test_wheel_holds_the_package_data_byte_for_byte(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        expected = {f"govkg/{p.relative_to(ROOT)}": p for folder in ("ontology", "shapes", "queries")
                    for p in repo_files(folder)}
        expected |= {f"govkg/data/{n}": ROOT / "data" / n for n in ("cues.toml", "curation.toml", "layout.toml",
                                                                    "limits.toml")}
        expected |= {str(p.relative_to(ROOT)): p for p in repo_files("govkg")
                     if "templates" in p.parts}
        missing = sorted(set(expected) - names)
        assert not missing, f"not in the wheel: {missing}"
        for name, path in expected.items():
            assert z.read(name) == path.read_bytes(), name
        assert not [n for n in names if n.startswith(("tests/", "bench/", "data/", "govkg/data/sources"))]
        entry_points = z.read("govkg-0.1.0.dist-info/entry_points.txt").decode()
    assert re.search(r"^govkg = govkg\.cli:main$", entry_points, re.M), entry_points


# ── the installed command, outside the repository ──────────────────────────────

def test_installed_package_reads_its_own_data(venv, corpus):
    code = "from govkg.core import paths; print(paths.INSTALLED, paths.ONTOLOGY, paths.CATALOG)"
    done = run([venv / "bin" / "python", "-c", code], cwd=corpus, env={**os.environ, "PYTHONPATH": ""})
    installed, ontology, catalog = done.stdout.split()
    assert installed == "True", done.stderr
    assert Path(ontology).is_relative_to(venv) and (Path(ontology) / "govkg.ttl").is_file()
    assert Path(catalog) == corpus / "corpus.toml"


def test_help_lists_every_subcommand(venv, corpus):
    done = govkg(venv, "--help", cwd=corpus)
    assert done.returncode == 0, done.stderr
    for name in SUBCOMMANDS:
        assert re.search(rf"^\s+{name}\s", done.stdout, re.M), f"{name} missing from govkg --help"


def test_build_elsewhere_publishes_the_small_corpus(built, corpus):
    out = built
    for name in ("govkg.ttl", "govkg.nt", "void.ttl", "ontology.ttl", "shapes.ttl", "index.html"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    assert any((out / "figures").iterdir()), "no figures"
    g = rdflib.Graph().parse(out / "govkg.nt", format="nt")
    works = {str(i) for w in g.subjects(rdflib.RDF.type, rdflib.URIRef(GOV + "Work"))
             for i in g.objects(w, rdflib.URIRef(DCT + "identifier"))}
    assert works == {"global-ai-governance-initiative"}
    langs = {str(lang) for c in g.subjects(rdflib.RDF.type, rdflib.URIRef(GOV + "Clause"))
             for lang in g.objects(c, rdflib.URIRef(DCT + "language"))}
    assert langs == {"en", "zh-Hant"}  # 000 is English; 004 pairs Traditional Chinese with English
    assert (corpus / ".cache" / "govkg" / "cache").is_dir(), "the cache belongs in the user cache folder"
    # beside dist/ the build writes only the gate's convenience copy of its report
    assert sorted(p.name for p in (corpus / "build").iterdir()) == ["shacl-report.ttl"]


def test_installed_query_files_run_on_the_build(venv, corpus, built):
    cq01 = Path(run([venv / "bin" / "python", "-c",
                     "from govkg.core import paths; print(paths.QUERIES / 'cq01-works.rq')"]).stdout.strip())
    done = govkg(venv, "query", cq01, "--dist", built, "--format", "csv", cwd=corpus)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("global-ai-governance-initiative,Global AI Governance Initiative")


def test_default_catalog_missing_is_one_line(venv, tmp_path):
    done = govkg(venv, "build", "--quiet", cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "--catalog" in done.stderr, done.stderr


@pytest.mark.parametrize("args, says", [(["bench"], "checkout"), (["eval"], "govkg eval FOLDER")])
def test_checkout_only_commands_say_so_in_one_line(venv, tmp_path, args, says):
    done = govkg(venv, *args, cwd=tmp_path)
    assert done.returncode == 2 and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


# ── the lock ─────────────────────────────────────────────────────────────────────

def lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            m = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)", line.strip())
            assert m, f"requirements.txt: {line!r} is not name==version"
            pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def test_lock_pins_every_declared_dependency_within_its_range():
    pins = lock()
    project = PYPROJECT["project"]
    declared = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    for text in declared:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        assert name in pins, f"requirements.txt does not pin {req.name} (pyproject.toml: {text})"
        assert req.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} is outside {text}"


def test_lock_is_closed_under_the_requirements_of_what_it_pins():
    """Every distribution a pinned one requires (for the platform here) is pinned too."""
    pins = lock()
    for name in pins:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            pytest.fail(f"requirements.txt pins {name}, which is not installed in this venv: run make")
        for text in requires:
            req = Requirement(text)
            if req.marker and not req.marker.evaluate({"extra": ""}):
                continue
            assert canonicalize_name(req.name) in pins, f"{name} requires {req.name}, which is not pinned"
