"""Normalise: fold whitespace and invisible characters, repair OCR confusions.

The folded text keeps, for every character, the raw offsets it came from, so any
span of it maps back to ``raw[start:end]``. Folding whitespace is not a repair (the
raw quote keeps it); every change of a visible character is a recorded ``Repair``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from govkg.core.model import Repair, Text
from govkg.core.text import is_cjk

ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
TOKEN_RE = re.compile(r"[A-Za-z0-9]+")
# OCR confusions inside words, each tried alone: (seen, meant)
CONFUSIONS = (("c", "e"), ("rn", "m"), ("cl", "d"), ("li", "h"), ("vv", "w"), ("ii", "u"), ("e", "c"))
DIGIT_FOR_LETTER = {"1": ("i", "l"), "0": ("o",), "5": ("s",)}


def _invisible(ch: str) -> bool:
    if ch in ZERO_WIDTH:
        return True
    cat = unicodedata.category(ch)
    return cat in ("Cf", "Cc", "Cs", "Co", "Cn") and not ch.isspace()


def fold(raw: str, start: int, end: int) -> Text:
    """Whitespace runs become one space (none between two CJK characters)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    run_start = None
    for i in range(start, end):
        ch = raw[i]
        if ch.isspace():
            if run_start is None:
                run_start = i
            continue
        if _invisible(ch):
            continue
        if run_start is not None:
            if chars and not (is_cjk(chars[-1]) and is_cjk(ch)):
                chars.append(" ")
                starts.append(run_start)
                ends.append(i)
            run_start = None
        chars.append(ch)
        starts.append(i)
        ends.append(i + 1)
    return Text("".join(chars), starts, ends, [])


@lru_cache(maxsize=1)
def _speller():
    from spellchecker import SpellChecker

    return SpellChecker(language="en")


def _known(word: str) -> bool:
    return bool(_speller().known([word.lower()]))


def _candidates(token: str, doc_tokens: frozenset[str]) -> tuple[str, str, str] | None:
    """(replacement, rule, note) for an OCR-confused token, or None."""
    # A capital l standing for I in an acronym ("Al" for "AI"), when the document
    # itself writes the acronym correctly somewhere.
    if "l" in token and re.fullmatch(r"[A-Z][A-Zl]*", token) and token.count("l") < len(token):
        fixed = token.replace("l", "I")
        if fixed in doc_tokens:
            return fixed, "ocr-l-for-I", f"'{fixed}' is written correctly elsewhere in the same file"
    lower = token.lower()
    if any(c.isdigit() for c in token) and re.search(r"[a-z]", token):
        if _known(lower):
            return None
        options = [""]
        for ch in token:
            options = [o + alt for o in options for alt in DIGIT_FOR_LETTER.get(ch, (ch,))]
        known = sorted({o for o in options if _known(o)})
        if len(known) == 1:
            return known[0], "ocr-digit-for-letter", f"'{known[0]}' is an English word; '{token}' is not"
        return None
    if token.islower() and len(token) >= 4 and not _known(token):
        found = set()
        for seen, meant in CONFUSIONS:
            for m in re.finditer(re.escape(seen), token):
                cand = token[: m.start()] + meant + token[m.end() :]
                if _known(cand):
                    found.add(cand)
        if len(found) == 1:
            cand = found.pop()
            return cand, "ocr-letter-confusion", f"'{cand}' is an English word; '{token}' is not"
    return None


def document_tokens(raw: str) -> frozenset[str]:
    return frozenset(TOKEN_RE.findall(raw))


def repair_ocr(text: Text, raw: str, doc_tokens: frozenset[str]) -> Text:
    """Apply OCR repairs to folded English text; each one is recorded."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    repairs: list[Repair] = []
    pos = 0
    seen: dict[str, tuple[str, str, str] | None] = {}  # a long file repeats its words
    for m in TOKEN_RE.finditer(text.text):
        token = m.group()
        found = seen[token] if token in seen else seen.setdefault(token, _candidates(token, doc_tokens))
        if not found:
            continue
        replacement, rule, note = found
        s, e = m.span()
        out.append(text.text[pos:s])
        starts.extend(text.starts[pos:s])
        ends.extend(text.ends[pos:s])
        rs, re_ = text.starts[s], text.ends[e - 1]
        out.append(replacement)
        if len(replacement) == e - s:
            starts.extend(text.starts[s:e])
            ends.extend(text.ends[s:e])
        else:
            starts.extend([rs] * len(replacement))
            ends.extend([re_] * len(replacement))
        repairs.append(Repair(rs, re_, raw[rs:re_], replacement, rule, note))
        pos = e
    if not repairs:
        return text
    out.append(text.text[pos:])
    starts.extend(text.starts[pos:])
    ends.extend(text.ends[pos:])
    return Text("".join(out), starts, ends, text.repairs + repairs)


def drop_spans(text: Text, raw: str, drops: tuple[tuple[int, int], ...]) -> Text:
    """Leave out the raw spans a reader marked as not text (footnote markers inside a
    sentence): each removal is a recorded repair with an empty replacement."""
    inside = [(s, e) for s, e in drops if text.starts and text.starts[0] <= s and e <= text.ends[-1]]
    if not inside:
        return text
    keep = [i for i, st in enumerate(text.starts) if not any(s <= st < e for s, e in inside)]
    repairs = [Repair(s, e, raw[s:e], "", "footnote-marker",
                      f"footnote marker {raw[s:e]} left out of the clause text; the footnote is not text of the work")
               for s, e in inside]
    return Text("".join(text.text[i] for i in keep), [text.starts[i] for i in keep], [text.ends[i] for i in keep],
                text.repairs + repairs)


def normalise(raw: str, start: int, end: int, *, ocr: bool = False, lang: str = "en",
              doc_tokens: frozenset[str] | None = None, drops: tuple[tuple[int, int], ...] = ()) -> Text:
    text = fold(raw, start, end)
    if drops:
        text = drop_spans(text, raw, drops)
    if ocr and lang == "en":
        text = repair_ocr(text, raw, doc_tokens if doc_tokens is not None else document_tokens(raw))
    return text
