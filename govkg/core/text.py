"""Text helpers every stage shares: which characters are CJK, and Simplified <->
Traditional Chinese by OpenCC (one converter per direction, built once)."""

from __future__ import annotations

from functools import lru_cache


def is_cjk(ch: str) -> bool:
    """CJK ideographs, punctuation and full-width forms."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x20000 <= o <= 0x2FA1F  # extensions B-F, compatibility supplement
        or 0x30000 <= o <= 0x323AF  # extensions G and H
        or 0xF900 <= o <= 0xFAFF
    )


def is_han(ch: str) -> bool:
    """A Han ideograph (unified, extension A, compatibility): what a sentence can start
    with after a full stop; narrower than is_cjk, which takes CJK punctuation and
    full-width forms too."""
    return "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


@lru_cache(maxsize=4)
def _cc(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    return _cc("s2t").convert(text)


def to_simplified(text: str) -> str:
    return _cc("t2s").convert(text)


def lang_case(tag: str) -> str:
    """BCP 47 casing of a language tag (Oxigraph lower-cases tags): zh-hant -> zh-Hant,
    en-gb -> en-GB; other subtags lower case."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)
