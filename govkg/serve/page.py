"""The query page that ``govkg serve`` answers at ``/`` (in place of Oxigraph's own).

In: the competency queries (queries/*.rq, each opening with its ``# id:``,
``# question:`` and ``# params:`` header) and the project's prefixes
(govkg.core.namespaces). Out: one self-contained HTML page: a select list of the
competency questions, each a ready query with its parameters bound to their
defaults (the same VALUES binding ``govkg query`` uses), an editor that opens on the
govkg prefixes, and a script that POSTs to this server's /query and shows the rows.
It loads nothing from elsewhere (no CDN: it works offline), and its
Content-Security-Policy allows no script but its own (pinned by hash) and no
connection but to this server. No update form: the endpoint is read-only.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from govkg.core import paths
from govkg.core.errors import InputError
from govkg.core.namespaces import PREFIXES
from govkg.serve import guard

TEMPLATES = paths.PACKAGE / "serve" / "templates"
STARTER_BODY = """
# Every work: its id and titles (pick a competency question above for more).
SELECT ?work ?title WHERE {
  ?w a gov:Work ; dct:identifier ?work ; dct:title ?title .
}
ORDER BY ?work ?title
"""


@dataclass(frozen=True)
class Example:
    id: str
    question: str
    params: str  # "name (default "x"): meaning; ..." or ""
    query: str  # ready to run: the file's text with its parameters bound to their defaults


def _header(text: str, key: str) -> str:
    m = re.search(rf"^#\s*{key}:\s*(.+?)\s*$", text, re.M)
    return m.group(1) if m else ""


def examples(folder: Path = paths.QUERIES) -> list[Example]:
    """The competency queries of ``folder`` (its top level; checks/ and export/ are not
    questions), in file-name order."""
    found = []
    for path in sorted(Path(folder).glob("*.rq")):
        where = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read the query file: {exc}") from None
        declared = guard.header_params(text, where)
        defaults = {name: p.default for name, p in declared.items()}
        described = "; ".join(f'{p.name} (default "{p.default}"): {p.meaning}' for p in declared.values())
        found.append(Example(_header(text, "id") or path.stem, _header(text, "question"), described,
                             guard.bind_values_text(text, defaults, where)))
    return found


def starter_query() -> str:
    width = max(map(len, PREFIXES))
    return "".join(f"PREFIX {name + ':':<{width + 1}} <{iri}>\n" for name, iri in PREFIXES.items()) + STARTER_BODY


def render(folder: Path = paths.QUERIES, *, timeout_s: float = 10.0) -> tuple[str, str]:
    """(the page's HTML, its Content-Security-Policy)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    script = (TEMPLATES / "query.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    found = examples(folder)
    html = env.get_template("query.html.j2").render(
        examples=found, examples_data=[asdict(e) for e in found],
        starter=starter_query(), script=Markup(script), timeout_s=f"{timeout_s:g}")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; connect-src 'self'; "
           "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return html, csp
