"""Whole documents, generated: numbering of every family (deep "1.1.1.1", "(a)",
"第三条", "一、", "（二）", roman), headings and sections, runs of blank lines or none,
unmatched brackets and quotes, both scripts, sentences with and without final marks,
long lines. Each generated document is built through the real pipeline and gate as a
one-source work; it must publish (every provision with text or sub-items, every
offset exact) or be refused with one InputError line. Never another exception.

``GOVKG_FUZZ_BUILDS`` sets the number of documents (``make test``: 4, ``make fuzz``:
150); ``make fuzz`` runs it under a virtual-memory cap (see the Makefile)."""

from __future__ import annotations

import os
import resource
import tempfile
from pathlib import Path

import pyoxigraph as ox
from conftest import one_source_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg import pipeline
from govkg.core.errors import InputError
from govkg.ingest.executor import Options

BUILDS = int(os.environ.get("GOVKG_FUZZ_BUILDS", "4"))
RSS_CAP_MB = 4096  # the whole test process, builds included

EN_SENTENCES = ["Member States should test the systems.", "Developers must not misuse personal data.",
                "We support open research", "Providers shall publish a report (see annex 2.",
                "What should be done?", "“Risk” means the combination of harm and probability.",
                "Recalling its resolution 70/1,", "AI actors are encouraged to share knowledge;",
                "The following applies:", "States, in accordance with law, should cooperate."]
ZH_SENTENCES = ["研发者不应滥用用户数据。", "提供者不得非法收集个人信息。", "国家鼓励企业开展研究。",
                "用户有权知悉服务规则。", "如何保护隐私？", "本办法所称人工智能，是指机器系统。",
                "有关主管部门应当加强监管（试行", "我们反对滥用技术、", "为此，我们倡议："]
NUMBERS = ["1.", "2.", "10.", "11.", "1)", "(a)", "(b)", "a)", "(i)", "IV.", "2.5", "1.1.1.1", "第三条",
           "第十二条", "一、", "（二）", "·", "—— ", "- ", "Article 5", ""]
HEADINGS = ["Research Issues", "Chapter I General Provisions", "第一章 总则", "Section 2: Scope", "I. Principles",
            "第一节 研发", "Ethics and Values", "一、总体要求"]


@st.composite
def documents(draw) -> tuple[str, str]:
    zh = draw(st.booleans())
    pool = ZH_SENTENCES if zh else EN_SENTENCES
    lines = [draw(st.sampled_from(["A generated document", "生成的文件", "78/265. A resolution"]))]
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.sampled_from(["numbered", "numbered", "heading", "plain", "blank", "long"]))
        if kind == "heading":
            lines.append(draw(st.sampled_from(HEADINGS)))
        elif kind == "blank":
            lines.append("\n" * draw(st.integers(0, 50)))
        elif kind == "long":
            word = draw(st.sampled_from(["数据" if zh else "data ", "（" if zh else "(", "“"]))
            lines.append(word * draw(st.integers(10, 3000)))
        else:
            body = (" " if not zh else "").join(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4)))
            num = draw(st.sampled_from(NUMBERS)) if kind == "numbered" else ""
            sep = draw(st.sampled_from([" ", "", "  "])) if num else ""
            lines.append(f"{num}{sep}{body}")
        if draw(st.booleans()):
            lines.append("")
    return "\n".join(lines) + "\n", "zh-Hans" if zh else "en"




@settings(max_examples=BUILDS, deadline=None, database=None, derandomize=BUILDS < 50,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(documents())
def test_generated_documents_build_or_are_refused_in_one_line(doc):
    text, lang = doc
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        catalog = one_source_catalog(folder, text, lang, "A generated document")
        try:
            pipeline.build(catalog, folder / "dist", quiet=True, extras=False,
                           options=Options(jobs=1, executor="serial", cache=False))
        except InputError as exc:
            assert "\n" not in str(exc).strip(), str(exc)
            return
        store = ox.Store()
        store.load(path=str(folder / "dist" / "govkg.nt"), format=ox.RdfFormat.N_TRIPLES)
    bad = list(store.query("""PREFIX gov: <https://w3id.org/govkg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?o WHERE { ?o a gov:Occurrence ; oa:start ?s ; oa:end ?e ; oa:exact ?x .
                          FILTER(STRLEN(?x) != ?e - ?s) }"""))
    assert not bad
    raw = text
    for row in store.query("""PREFIX gov: <https://w3id.org/govkg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?s ?e ?x WHERE { ?o a gov:Occurrence ; oa:start ?s ; oa:end ?e ; oa:exact ?x }"""):
        assert raw[int(row["s"].value):int(row["e"].value)] == row["x"].value
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024 < RSS_CAP_MB
