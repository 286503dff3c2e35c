"""Identifiers: the safe id alphabet and the one place IRIs are minted."""

from __future__ import annotations

import re
import unicodedata

from govkg.core.errors import InputError

ID_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")  # used with fullmatch: no "$" that lets a trailing newline in


def check_id(value: str, where: str) -> str:
    """Return ``value`` if it is a safe id, else raise one clear InputError."""
    if not isinstance(value, str) or not ID_RE.fullmatch(value) or ".." in value:
        raise InputError(
            f"{where}: id {value!r} is not allowed; use 1-80 characters from a-z 0-9 . _ - "
            "starting with a letter or digit"
        )
    return value


def slugify(text: str, max_len: int = 60) -> str:
    """A readable ASCII slug ('' when the text has no Latin letters or digits)."""
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            break
        slug = candidate
    return slug


def _segment(key: str | int) -> str:
    return f"p{key}" if isinstance(key, int) else key


class Minter:
    """Mints every IRI of the graph from one base (see docs/model.md)."""

    def __init__(self, base: str):
        self.base = base

    def work(self, work: str) -> str:
        return f"{self.base}work/{work}"

    def expression(self, work: str, lang: str) -> str:
        return f"{self.base}work/{work}/{lang}"

    def source(self, source: str) -> str:
        return f"{self.base}source/{source}"

    def provision(self, work: str, key: str | int) -> str:
        """``key``: the provision's segment (align.ProvisionOut.key): its document
        number where it has one ("para_6_h", "art_5"), else "p<position>"; an int is
        the position of an unnumbered provision."""
        return f"{self.base}work/{work}/{_segment(key)}"

    def section(self, work: str, key: str) -> str:
        return f"{self.base}work/{work}/{key}"

    def clause(self, work: str, key: str | int, lang: str, n: int) -> str:
        return f"{self.base}work/{work}/{_segment(key)}/{lang}/c{n}"

    def occurrence(self, source: str, start: int, end: int) -> str:
        return f"{self.base}source/{source}/o{start}-{end}"

    def repair(self, source: str, start: int, end: int) -> str:
        return f"{self.base}source/{source}/r{start}-{end}"

    def actor(self, slug: str) -> str:
        return f"{self.base}actor/{slug}"

    def principle(self, slug: str) -> str:
        return f"{self.base}principle/{slug}"

    def kind(self, slug: str) -> str:
        return f"{self.base}kind/{slug}"

    # nodes inside a clause or a link, and the dataset's own IRIs
    def commitment(self, clause_iri: str, n: int) -> str:
        return f"{clause_iri}/k{n}"

    def addressee(self, commitment_iri: str, i: int) -> str:
        return f"{commitment_iri}/x{i}"

    def cue(self, commitment_iri: str) -> str:
        return f"{commitment_iri}/cue"

    def variant(self, clause_iri: str, i: int) -> str:
        return f"{clause_iri}/v{i}"

    def reading(self, variant_iri: str, i: int) -> str:
        return f"{variant_iri}/r{i}"

    def derived_text(self, text_iri: str) -> str:
        """The Simplified Chinese text derived (OpenCC t2s) from a Traditional one."""
        return f"{text_iri}/t2s"

    def link(self, suffix: str) -> str:
        return f"{self.base}link/{suffix}"

    def dataset(self) -> str:
        return f"{self.base}dataset"

    def distribution(self, name: str) -> str:
        return f"{self.base}dataset/{name}"

    def download(self, name: str) -> str:
        """A published file itself (e.g. the SSSOM mapping set's id)."""
        return f"{self.base}{name}"
