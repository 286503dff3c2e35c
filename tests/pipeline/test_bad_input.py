"""Bad input (issue 3, point 8): one clear line naming the file and the problem,
exit status 2, no traceback, nothing published — the previous dist/ stays as it was.

Each case runs the real command line, `build.py build --catalog … --dist …`, on a
temporary copy of data/ broken in one way.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = "000_7c46fdd1e81dd43a.txt"  # the Cambodia embassy copy (source embassy-cambodia-en)


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def snapshot(dist: Path) -> dict:
    """Everything a reader of dist/ could see: the link, every file's bytes, the release folders."""
    files = {str(p.relative_to(dist)): p.read_bytes() for p in sorted(dist.rglob("*")) if p.is_file()}
    rel = dist.parent / f".{dist.name}.releases"
    return {"link": os.readlink(dist) if dist.is_symlink() else None, "files": files,
            "releases": sorted(p.name for p in rel.iterdir()) if rel.exists() else []}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A good build published once; every bad build below must leave it as it is."""
    tmp = tmp_path_factory.mktemp("bad-input")
    data = tmp / "good"
    shutil.copytree(ROOT / "data", data)
    dist = tmp / "dist"
    # published without the SHACL gate and the figures (slow, and beside the point here)
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]); from govkg.pipeline import build; "
            "build(Path(sys.argv[1]), Path(sys.argv[2]), quiet=True, extras=False)")
    done = subprocess.run([sys.executable, "-c", code, str(data / "corpus.toml"), str(dist), str(ROOT)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "GOVKG_GATE": "0"})
    assert done.returncode == 0, done.stderr
    before = snapshot(dist)
    assert "govkg.nt" in before["files"] and before["files"]["govkg.nt"]
    return tmp, dist, before


def broken_copy(tmp: Path, name: str) -> Path:
    data = tmp / name
    shutil.copytree(ROOT / "data", data)
    for p in data.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return data


def edit_catalog(data: Path, old: str, new: str, count: int = 1) -> None:
    cat = data / "corpus.toml"
    text = cat.read_text(encoding="utf-8")
    assert old in text, f"fixture out of date: {old!r} not in the catalog"
    cat.write_text(text.replace(old, new, count), encoding="utf-8")


def drop_sha(data: Path, file: str) -> None:
    """Remove the sha256 of one source so that changing its bytes is not caught as a checksum error."""
    cat = data / "corpus.toml"
    text = cat.read_text(encoding="utf-8")
    block = text.index(f'file = "{file}"')
    m = re.compile(r'\nsha256 = "[0-9a-f]+"').search(text, block)
    cat.write_text(text[:m.start()] + text[m.end():], encoding="utf-8")


def _missing_file(d):
    (d / "sources" / SEED).unlink()
    return SEED, "does not exist"


def _not_utf8(d):
    drop_sha(d, SEED)
    raw = (d / "sources" / SEED).read_bytes()
    (d / "sources" / SEED).write_bytes(raw[:200] + "Genève".encode("latin-1") + raw[200:])
    return SEED, "not UTF-8"


def _utf16(d):
    drop_sha(d, SEED)
    raw = (d / "sources" / SEED).read_text(encoding="utf-8")
    (d / "sources" / SEED).write_bytes(raw.encode("utf-16"))
    return SEED, "not UTF-8"


def _empty(d):
    drop_sha(d, SEED)
    (d / "sources" / SEED).write_bytes(b"")
    return SEED, "empty"


def _whitespace_only(d):
    drop_sha(d, SEED)
    (d / "sources" / SEED).write_bytes(b" \r\n\t\n\xe3\x80\x80\n")
    return SEED, "empty"


def _unknown_format(d):
    edit_catalog(d, 'format = "web"', 'format = "pdf"')
    return "corpus.toml", "unknown format 'pdf'"


def _duplicate_source_id(d):
    edit_catalog(d, 'id = "wechat-repost-en"', 'id = "embassy-cambodia-en"')
    return "corpus.toml", "duplicate source id 'embassy-cambodia-en'"


def _duplicate_work_id(d):
    text = (d / "corpus.toml").read_text(encoding="utf-8")
    start = text.index("\n[[works]]")  # the first entry, not the worked example in the comment
    end = text.index("\n[[sources]]", start)
    (d / "corpus.toml").write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    return "corpus.toml", "duplicate work id 'global-ai-governance-initiative'"


def _missing_required(d):
    edit_catalog(d, 'file = "002_fd095af46876dc71.txt"\n', "")
    return "corpus.toml", "required field 'file' is missing"


def _missing_languages(d):
    edit_catalog(d, 'languages = ["en"]\nformat = "web"', 'format = "web"')
    return "corpus.toml", "required field 'languages' is missing"


def _malformed_toml(d):
    edit_catalog(d, 'kind = "initiative"', 'kind = "initiative')
    return "corpus.toml", "malformed TOML"


def _catalog_missing(d):
    (d / "corpus.toml").unlink()
    return "corpus.toml", "not found"


def _catalog_not_utf8(d):
    cat = d / "corpus.toml"
    raw = cat.read_bytes()
    assert b'publisher = "govkg project"' in raw
    cat.write_bytes(raw.replace(b'publisher = "govkg project"', b'publisher = "govkg \xe9quipe"'))
    return "corpus.toml", "not UTF-8"


def _checksum(d):
    p = d / "sources" / SEED
    p.write_bytes(p.read_bytes().replace(b"Initiative", b"Initiativ3", 1))
    return "corpus.toml", "SHA-256"


def _bad_language(d):
    edit_catalog(d, 'languages = ["en"]\nformat = "web"', 'languages = ["english"]\nformat = "web"')
    return "corpus.toml", "language 'english'"


def _bad_date(d):
    edit_catalog(d, "date = 2023-10-18", 'date = "18/10/2023"')
    return "corpus.toml", "is not YYYY-MM-DD"


def _unknown_work(d):
    edit_catalog(d, 'works = ["global-ai-governance-initiative"]', 'works = ["no-such-work"]')
    return "corpus.toml", "no-such-work"


CASES = {f.__name__.lstrip("_"): f for f in (
    _missing_file, _not_utf8, _utf16, _empty, _whitespace_only, _unknown_format, _duplicate_source_id,
    _duplicate_work_id, _missing_required, _missing_languages, _malformed_toml, _catalog_missing,
    _catalog_not_utf8, _checksum, _bad_language, _bad_date, _unknown_work,
)}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_one_line_exit_2_nothing_published(published, case):
    tmp, dist, before = published
    data = broken_copy(tmp, case)
    file, problem = CASES[case](data)
    done = cli("build", "--catalog", data / "corpus.toml", "--dist", dist, "--quiet")
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, f"exit {done.returncode}, stderr: {done.stderr}"
    assert "Traceback" not in done.stderr
    assert len(lines) == 1, f"expected one line, got: {done.stderr!r}"
    assert file in lines[0], f"the message does not name {file}: {lines[0]}"
    assert problem in lines[0], f"the message does not say {problem!r}: {lines[0]}"
    assert snapshot(dist) == before, "a failed build changed the published dist/"
