"""The plain objects that flow between the stages (see docs/model.md)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Work:
    id: str
    titles: dict[str, str]
    issuer: str | None = None
    date: str | None = None  # ISO date
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    declared_in: str = "catalog"  # "catalog" or "source:<id>" when a reader named it
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> other titles (dct:alternative)


@dataclass
class Source:
    id: str
    file: str
    format: str
    languages: tuple[str, ...]
    works: tuple[str, ...]
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    sha256: str | None = None
    title: str | None = None


@dataclass
class Attribution:
    """Who and what an aggregator says an excerpt comes from."""

    titles: dict[str, str]
    issuer: str | None
    date: str | None
    start: int
    end: int


@dataclass
class Block:
    """A structural unit a reader found: raw[start:end] holds its text."""

    start: int
    end: int
    kind: str  # title | section | heading | paragraph | item | cell | label
    lang: str
    row: int | None = None
    number: str | None = None  # the document's own number, exactly as written ("6.", "(a)", "第三条")
    excerpt: int | None = None
    family: str | None = None  # numbering family of `number` (data/layout.toml)
    heading: str | None = None  # an inline heading before the text ("1) Research Goal: …"), folded
    heading_start: int | None = None  # raw span of the inline heading (or of a section's heading words)
    heading_end: int | None = None
    drops: tuple[tuple[int, int], ...] = ()  # raw spans left out of the text (footnote markers)
    level: int = 0  # a section's level (data/layout.toml)
    depth: int = 0  # dotted numbers: 1.1 -> 1, 1.1.1 -> 2
    bare: bool = False  # a number alone on its line ("Article 5", "1."): raw[start:end] is the number


@dataclass
class Reading:
    """What a reader returns for one source file."""

    blocks: list[Block]
    attributions: dict[int, Attribution] = field(default_factory=dict)


@dataclass(frozen=True)
class Repair:
    start: int
    end: int
    exact: str
    replacement: str
    rule: str
    note: str


@dataclass
class Text:
    """Folded text of a raw span, with per-character maps back to raw offsets."""

    text: str
    starts: list[int]
    ends: list[int]
    repairs: list[Repair]

    def raw_span(self, s: int, e: int) -> tuple[int, int]:
        return self.starts[s], self.ends[e - 1]


@dataclass
class Sentence:
    source: str
    lang: str
    text: str  # the copy's reading: folded, repairs applied
    folded: str  # the copy's reading before repairs (whitespace folded only)
    start: int  # raw offsets
    end: int
    block: int  # index of its block in the source reading
    repairs: tuple[Repair, ...]
    map_starts: tuple[int, ...]  # per character of `text`: raw start
    map_ends: tuple[int, ...]


@dataclass
class Entry:
    """One block of one copy, with its folded text and sentences."""

    index: int
    block: Block
    text: Text
    sentences: list[Sentence]


@dataclass
class SourceResult:
    """One source after the per-document stages (read, normalise, segment)."""

    source: Source
    raw: str
    sha256: str
    reading: Reading
    entries: list[Entry]
