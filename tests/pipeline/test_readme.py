"""The README's examples hold: its first two commands are the set-up, and the
clause and source link it shows are in the built graph, characters and all."""

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands[:2] == ["make build", "make test"]


def test_readme_source_link_example_is_real(seed_graph):
    m = re.search(r"source/embassy-cambodia-en/o(\d+)-(\d+)>\s+a gov:Occurrence", README)
    start, end = int(m.group(1)), int(m.group(2))
    nt = seed_graph.nt.read_text(encoding="utf-8")
    clause = "<https://w3id.org/govkg/id/work/global-ai-governance-initiative/p8/en/c4>"
    assert f"{clause} <https://w3id.org/govkg/ontology#occurrence> <https://w3id.org/govkg/id/source/embassy-cambodia-en/o{start}-{end}>" in nt
    raw = seed_graph.raw("000_7c46fdd1e81dd43a.txt")
    assert raw[start:end].startswith("We oppose drawing ideological lines or forming\u2002\u2002exclusive groups")
    assert "We oppose drawing ideological lines or forming exclusive groups to obstruct other countries from developing AI." in README
