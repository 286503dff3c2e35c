"""Segment: sentence-level clauses in English and Chinese (sentences from the seeds)."""

from govkg.ingest.segment import split


def parts(text):
    return [text[s:e] for s, e in split(text)]


def test_english_sentences_from_provision_12():
    text = ("We should put ethics first. We should establish and improve ethical principles, norms, and "
            "accountability mechanisms for AI. We should clarify responsibilities.")
    assert parts(text) == ["We should put ethics first.",
                           "We should establish and improve ethical principles, norms, and accountability mechanisms for AI.",
                           "We should clarify responsibilities."]


def test_no_split_after_etc_eg_numbers_or_inside_quotes():
    assert len(split("We should avoid biases based on ethnicities, beliefs, nationalities, genders, etc., during the process.")) == 1
    assert len(split("Use tools, e.g. Python, for AI. Then stop.")) == 2
    assert len(split("See principle 2.5 of the OECD text. It is short.")) == 2
    assert len(split("He said “Stop. Now.” and left.")) == 1


def test_semicolon_and_list_markers_split():
    assert parts("First duty; Second duty.") == ["First duty;", "Second duty."]
    text = "a) Governments should act. b) Governments should work together. c) They should share."
    assert parts(text) == ["a) Governments should act.", "b) Governments should work together.", "c) They should share."]


def test_chinese_sentences_from_provision_8_zh_hant():
    text = ("——發展人工智能應堅持相互尊重、平等互利的原則,各國無論大小、強弱,無論社會制度如何,都有平等發展和利用人工智能的權利。"
            "鼓勵全球共同推動人工智能健康發展,共享人工智能知識成果,開源人工智能技術。"
            "反對以意識形態劃線或構建排他性集團,惡意阻撓他國人工智能發展。"
            "反對利用技術壟斷和單邊強制措施制造發展壁壘,惡意阻斷全球人工智能供應鏈。")
    got = parts(text)
    assert len(got) == 4 and got[1].startswith("鼓勵") and got[3].endswith("供應鏈。")


def test_chinese_quotes_do_not_split_and_colon_does_not_split():
    assert len(split("發展人工智能應堅持“以人為本。”理念,以增進人類共同福祉為目標。")) == 1
    assert parts("為此,我們倡議:") == ["為此,我們倡議:"]


def test_spans_are_trimmed_and_cover_the_text():
    text = "  One. Two!  Three?  "
    assert parts(text) == ["One.", "Two!", "Three?"]
