"""The query store beside dist/ (govkg.publish.store): what it holds, how it is
updated, how readers find it.

Releases here are written by hand (govkg.nt sorted, ontology.ttl, and a void.ttl
recording the two files' sizes and SHA-256s the way publish.rdf.void does), so
that the expected contents come from the files, read by pyoxigraph's parser."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from govkg.publish import store

EX = "https://example.org/"
ONTOLOGY = f"""@prefix ex: <{EX}> .
ex:Work a <http://www.w3.org/2002/07/owl#Class> .
ex:shared ex:p "in both files" .
"""


def as_lines(s: ox.Store) -> set[str]:
    """A store's triples, each blank node written `_:b` (their labels are the store's own)."""
    def term(t):
        return "_:b" if isinstance(t, ox.BlankNode) else str(t)

    return {f"{term(q.subject)} {q.predicate} {term(q.object)}" for q in s.quads_for_pattern(None, None, None)}


def contents(location: Path) -> set[str]:
    return as_lines(store.open_read_only(location))


def release(folder: Path, lines: list[str], ontology: str = ONTOLOGY) -> dict[str, str]:
    """A release folder with govkg.nt (the lines, sorted), ontology.ttl and void.ttl."""
    folder.mkdir(parents=True)
    nt = "".join(sorted({ln + " .\n" for ln in lines})).encode()
    (folder / "govkg.nt").write_bytes(nt)
    (folder / "ontology.ttl").write_text(ontology, encoding="utf-8")
    shas, void = {}, []
    for name in ("govkg.nt", "ontology.ttl"):
        data = (folder / name).read_bytes()
        shas[name] = hashlib.sha256(data).hexdigest()
        void.append(f'<{EX}dataset/{name}> <http://purl.org/dc/terms/title> "{name}" ; '
                    f'<http://spdx.org/rdf/terms#checksumValue> "{shas[name]}" ; '
                    f'<http://www.w3.org/ns/dcat#byteSize> {len(data)} .\n')
    (folder / "void.ttl").write_text("".join(void), encoding="utf-8")
    return shas


def graph(folder: Path) -> set[str]:
    """What `build.py query` queried before there was a store: both files bulk-loaded
    into one in-memory store (which keeps values: "1.000"^^xsd:decimal reads "1")."""
    s = ox.Store()
    for name in ("govkg.nt", "ontology.ttl"):
        s.bulk_load(path=str(folder / name))
    return as_lines(s)


def publish(tmp: Path, name: str, lines: list[str], previous: Path | None = None, **kw):
    """Stage a release, update the store, make the release live (dist -> it)."""
    stage = tmp / "releases" / name
    shas = release(stage, lines, **kw)
    dist = tmp / "dist"
    info = store.update(dist, stage, shas, previous, len(lines))
    if dist.is_symlink():
        dist.unlink()
    dist.symlink_to(stage)
    return stage, info


def line(s: str, o: str) -> str:
    return f'<{EX}{s}> <{EX}p> "{o}"'


A = [line(f"n{i}", f"value {i}") for i in range(40)]


def test_a_first_build_loads_the_store_with_both_files(tmp_path):
    stage, info = publish(tmp_path, "r1", A)
    assert info["mode"] == "load"
    located = store.locate(tmp_path / "dist")
    assert located is not None and located.name == info["key"]
    assert contents(located) == graph(stage)
    assert len(contents(located)) == 40 + 2


def test_one_changed_line_is_applied_as_a_difference(tmp_path):
    first, info1 = publish(tmp_path, "r1", A)
    changed = A[:5] + [line("n5", "value five")] + A[6:]
    second, info2 = publish(tmp_path, "r2", changed, previous=first)
    assert (info2["mode"], info2["removed"], info2["added"]) == ("diff", 1, 1)
    assert contents(store.locate(tmp_path / "dist")) == graph(second)
    # the first release's checkpoint is untouched: a reader of it sees the old graph
    assert contents(store.folder(tmp_path / "dist") / info1["key"]) == graph(first)


def test_a_triple_in_both_files_stays_while_either_holds_it(tmp_path):
    shared = f'<{EX}shared> <{EX}p> "in both files"'
    first, _ = publish(tmp_path, "r1", A + [shared])
    second, info = publish(tmp_path, "r2", A, previous=first)  # the data no longer says it
    assert info["mode"] == "diff" and info["removed"] == 0
    assert shared in contents(store.locate(tmp_path / "dist"))
    third, info = publish(tmp_path, "r3", A, previous=second, ontology=f"@prefix ex: <{EX}> .\n")
    assert shared not in contents(store.locate(tmp_path / "dist"))
    assert contents(store.locate(tmp_path / "dist")) == graph(third)


def test_most_lines_changed_is_a_fresh_load(tmp_path):
    first, _ = publish(tmp_path, "r1", A)
    other = [line(f"m{i}", "other") for i in range(40)]
    second, info = publish(tmp_path, "r2", other, previous=first)
    assert info["mode"] == "load"
    assert contents(store.locate(tmp_path / "dist")) == graph(second)


def test_a_build_killed_while_changing_master_makes_the_next_one_reload(tmp_path):
    first, _ = publish(tmp_path, "r1", A)
    (store.folder(tmp_path / "dist") / "master.json").write_text(json.dumps({"format": 1, "key": "dirty"}))
    second, info = publish(tmp_path, "r2", A[1:], previous=first)
    assert info["mode"] == "load"
    assert contents(store.locate(tmp_path / "dist")) == graph(second)


def test_master_that_holds_another_content_is_not_diffed(tmp_path):
    """The live release is r1, but master was last brought to r2 (whose publication
    then failed): a difference against r1 would be wrong, so master is reloaded."""
    first, _ = publish(tmp_path, "r1", A)
    stage = tmp_path / "releases" / "r2"
    store.update(tmp_path / "dist", stage, release(stage, A[:30]), first, 30)  # dist stays on r1
    third, info = publish(tmp_path, "r3", A[:39], previous=first)
    assert info["mode"] == "load"
    assert contents(store.locate(tmp_path / "dist")) == graph(third)


def test_the_same_content_again_keeps_the_checkpoint(tmp_path):
    first, info1 = publish(tmp_path, "r1", A)
    _, info2 = publish(tmp_path, "r2", A, previous=first)
    assert info2 == {**info1, "mode": "kept", "removed": 0, "added": 0}


def test_a_copied_or_edited_dist_has_no_store(tmp_path):
    stage, _ = publish(tmp_path, "r1", A)
    copy = tmp_path / "elsewhere" / "dist"
    shutil.copytree(stage, copy)
    assert store.locate(copy) is None  # nothing beside it
    with open(stage / "govkg.nt", "ab") as fh:  # edited by hand: void.ttl's size no longer holds
        fh.write(f"{line('extra', 'x')} .\n".encode())
    assert store.locate(tmp_path / "dist") is None


def test_old_checkpoints_are_pruned_but_the_live_one_and_recent_ones_kept(tmp_path):
    previous, keys = None, []
    for i in range(6):
        previous, info = publish(tmp_path, f"r{i}", A[: 30 + i], previous=previous)
        keys.append(info["key"])
    kept = {d.name for d in store.folder(tmp_path / "dist").iterdir() if d.is_dir() and d.name != "master"}
    assert keys[-1] in kept and len(kept) == store.KEEP
    assert kept == set(keys[-store.KEEP:])


DEC = "<http://www.w3.org/2001/XMLSchema#decimal>"


@pytest.mark.parametrize("lines", [[line("new", "plain")], [f'<{EX}a> <{EX}p> "多语言"@zh-Hans'],
                                   [f'<{EX}a> <{EX}q> "1.0"^^{DEC}']])
def test_added_literals_arrive_as_the_files_say(tmp_path, lines):
    first, _ = publish(tmp_path, "r1", A)
    second, info = publish(tmp_path, "r2", A + lines, previous=first)
    assert info["mode"] == "diff"
    assert contents(store.locate(tmp_path / "dist")) == graph(second)


def test_removing_one_of_two_equal_values_keeps_the_value(tmp_path):
    """"1.0" and "1.000" are one xsd:decimal value, held once by the store: removing
    the line of one must leave the value that the other line still states."""
    one, other = f'<{EX}a> <{EX}q> "1.0"^^{DEC}', f'<{EX}a> <{EX}q> "1.000"^^{DEC}'
    first, _ = publish(tmp_path, "r1", A + [one, other])
    second, info = publish(tmp_path, "r2", A + [other], previous=first)
    assert (info["mode"], info["removed"]) == ("diff", 1)
    assert contents(store.locate(tmp_path / "dist")) == graph(second)
    assert f'<{EX}a> <{EX}q> "1"^^{DEC}' in graph(second)


def test_the_ontology_s_blank_nodes_are_not_doubled_by_a_difference(tmp_path):
    onto = ONTOLOGY + "ex:Work ex:restricted [ ex:on ex:p ; ex:min 1 ] .\n"
    first, _ = publish(tmp_path, "r1", A, ontology=onto)
    second, info = publish(tmp_path, "r2", A[1:], previous=first, ontology=onto)
    assert (info["mode"], info["removed"], info["added"]) == ("diff", 1, 0)
    located = store.open_read_only(store.locate(tmp_path / "dist"))
    assert len(located) == 39 + 2 + 3


def test_a_build_leaves_a_store_that_answers_like_the_files(seed_graph):
    """The seed build's own store holds exactly govkg.nt plus ontology.ttl."""
    located = store.locate(seed_graph.dist)
    assert located is not None
    assert contents(located) == graph(seed_graph.dist)
