"""GraphML, GEXF and node-link JSON files of a networkx graph, written element by element.

networkx's own writers hold the whole document before writing it (GEXF as one ElementTree,
JSON as one ``node_link_data`` dict) and spend several Python calls per attribute value;
on the 1,000-document graph the three formats of the text projection took 8 s. These
writers take one sorted, XML-clean snapshot of the graph (``Snapshot``) and write each
node and edge as one string, so time grows linearly with the graph and memory holds the
snapshot only. The bytes are the ones networkx 3 writes for the same graph
(``write_graphml`` through lxml, ``generate_gexf``, ``json.dumps(node_link_data(...),
indent=1, sort_keys=True, ensure_ascii=False)``): tests/views/test_graphfiles.py checks
that against networkx itself, hostile strings included.

Attribute values may be str, int, float or bool; GEXF's reserved node and edge attributes
(id, pid, start, end, spells, viz, parents; an edge's label and type) are not supported.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path

import networkx as nx

GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
GEXF_TYPES = GRAPHML_TYPES
GEXF_NODE_RESERVED = frozenset({"id", "pid", "start", "end", "spells", "viz", "parents"})
GEXF_EDGE_RESERVED = frozenset({"id", "label", "type", "start", "end", "spells", "viz"})
GRAPHML_HEAD = ('<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.'
                'graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
GEXF_HEAD = ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
             'version="1.2">\n  <meta>\n    <creator>NetworkX {version}</creator>\n  </meta>\n')
CHUNK = 2000  # elements per write


@dataclass
class Snapshot:
    """A graph as sorted lists: nodes (id, attrs) and edges (source, target, key, attrs);
    key is None in a graph that is not a multigraph."""

    name: str
    directed: bool
    multigraph: bool
    nodes: list[tuple[str, dict]]
    edges: list[tuple[str, str, object, dict]]


def snapshot(g: nx.Graph, clean) -> Snapshot:
    """``g`` with nodes, edges (by source, target, key) and attribute names sorted, every
    string passed through ``clean``, as networkx would iterate a graph built in that order."""
    def fix(attrs: dict) -> dict:
        return {clean(k): clean(v) if isinstance(v, str) else v for k, v in sorted(attrs.items())}

    nodes = [(clean(n), fix(g.nodes[n])) for n in sorted(g.nodes)]
    if g.is_multigraph():
        edges = [(clean(u), clean(v), clean(k), fix(d))
                 for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])]
    else:
        edges = [(clean(u), clean(v), None, fix(d)) for u, v, d in sorted(g.edges(data=True), key=lambda e: e[:2])]
    return Snapshot(g.graph.get("name", ""), g.is_directed(), g.is_multigraph(), nodes, edges)


_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\r\n\t]')


def _text(s: str) -> str:  # character data, as lxml escapes it
    if _TEXT_SPECIAL.search(s) is None:
        return s
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _lxml_attr(s: str) -> str:  # an attribute value, as lxml escapes it
    if _ATTR_SPECIAL.search(s) is None:
        return s
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


def _et_attr(s: str) -> str:  # an attribute value, as xml.etree escapes it
    if _ATTR_SPECIAL.search(s) is None:
        return s
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;"))


def _write(path: Path, parts, encoding: str = "utf-8", errors: str = "strict") -> None:
    with open(path, "w", encoding=encoding, errors=errors, newline="\n") as fh:
        buffer = []
        for part in parts:
            buffer.append(part)
            if len(buffer) >= CHUNK:
                fh.write("".join(buffer))
                buffer.clear()
        fh.write("".join(buffer))


def _xml_type(types: dict, value) -> str:
    try:
        return types[type(value)]
    except KeyError:
        raise TypeError(f"attribute value type is not allowed: {type(value)}") from None


def write_graphml(s: Snapshot, path: Path) -> None:
    """``s`` as ``nx.write_graphml(g, path, encoding="utf-8", prettyprint=True)`` writes it."""
    keys: dict[tuple[str, str, str], str] = {}
    graph_attrs = {"name": s.name}
    seen: set[tuple[str, type, str]] = set()
    for scope, rows in (("graph", [graph_attrs]), ("node", [a for _, a in s.nodes]),
                        ("edge", [a for *_, a in s.edges])):
        for attrs in rows:
            for name, v in attrs.items():
                if (name, type(v), scope) not in seen:
                    seen.add((name, type(v), scope))
                    keys.setdefault((name, _xml_type(GRAPHML_TYPES, v), scope), f"d{len(keys)}")
    if len({(name, scope) for name, _, scope in keys}) != len(keys):
        raise TypeError("an attribute has values of two types: write it with networkx instead")
    opening = {scope: {} for scope in ("graph", "node", "edge")}  # name -> '<data key="d3">'
    for (name, _, scope), kid in keys.items():
        opening[scope][name] = f'{"" if scope == "graph" else "  "}<data key="{kid}">'

    def data(scope: str, attrs: dict) -> str:
        tag = opening[scope]
        return "".join([f"{tag[name]}{_text(v if type(v) is str else str(v))}</data>\n" for name, v in attrs.items()])

    def parts():
        yield GRAPHML_HEAD
        for (name, xml_type, scope), kid in reversed(keys.items()):
            yield f'<key id="{kid}" for="{scope}" attr.name="{_lxml_attr(name)}" attr.type="{xml_type}"/>\n'
        yield f'<graph edgedefault="{"directed" if s.directed else "undirected"}">'
        yield data("graph", graph_attrs)
        for node, attrs in s.nodes:
            head = f'<node id="{_lxml_attr(str(node))}"'
            yield f'{head}>\n{data("node", attrs)}</node>\n' if attrs else f"{head}/>\n"
        for u, v, k, attrs in s.edges:
            head = f'<edge source="{_lxml_attr(str(u))}" target="{_lxml_attr(str(v))}"'
            if s.multigraph:
                head += f' id="{_lxml_attr(str(k))}"'
            yield f'{head}>\n{data("edge", attrs)}</edge>\n' if attrs else f"{head}/>\n"
        yield "</graph></graphml>"

    _write(path, parts())


def _gexf_value(v) -> str:
    if type(v) is str:
        return v
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float) and not math.isfinite(v):
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}[str(v)]
    return str(v)


def write_gexf(s: Snapshot, path: Path) -> None:
    """``s`` as ``"\\n".join(nx.generate_gexf(g, encoding="utf-8", prettyprint=True)) + "\\n"``
    writes it, without the meta element's date (non-ASCII as character references)."""
    ids: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    nodes, edges = [], []
    for node, attrs in s.nodes:
        if GEXF_NODE_RESERVED & attrs.keys():
            raise TypeError(f"GEXF reserves the node attributes {sorted(GEXF_NODE_RESERVED & attrs.keys())}")
        rest = {k: v for k, v in attrs.items() if k != "label"}
        nodes.append((node, str(attrs.get("label", node)), rest))
    for n, (u, v, k, attrs) in enumerate(s.edges):
        if GEXF_EDGE_RESERVED & attrs.keys():
            raise TypeError(f"GEXF reserves the edge attributes {sorted(GEXF_EDGE_RESERVED & attrs.keys())}")
        rest = {a: x for a, x in attrs.items() if a != "weight"} | ({"networkx_key": k} if s.multigraph else {})
        edges.append((u, v, str(n), attrs.get("weight"), rest))
    counter = 0
    for scope, rows in (("node", [r for *_, r in nodes]), ("edge", [r for *_, r in edges])):
        for attrs in rows:
            for name, v in attrs.items():
                if name not in ids[scope]:
                    ids[scope][name] = (str(counter), _xml_type(GEXF_TYPES, v))
                    counter += 1

    opening = {scope: {name: f'          <attvalue for="{aid}" value="' for name, (aid, _) in found.items()}
               for scope, found in ids.items()}

    def attvalues(scope: str, attrs: dict) -> str:
        tag = opening[scope]
        rows = "".join([f'{tag[name]}{_et_attr(_gexf_value(v))}" />\n' for name, v in attrs.items()])
        return f"        <attvalues>\n{rows}        </attvalues>\n"

    def parts():
        yield GEXF_HEAD.format(version=nx.__version__)
        kind = "directed" if s.directed else "undirected"
        yield f'  <graph defaultedgetype="{kind}" mode="static" name="{_et_attr(s.name)}">\n'
        for scope in ("edge", "node"):  # networkx inserts each block first, nodes' before edges'
            if ids[scope]:
                yield f'    <attributes mode="static" class="{scope}">\n'
                for name, (aid, xml_type) in ids[scope].items():
                    yield f'      <attribute id="{aid}" title="{_et_attr(name)}" type="{xml_type}" />\n'
                yield "    </attributes>\n"
        if not nodes:
            yield "    <nodes />\n"
        else:
            yield "    <nodes>\n"
            for node, label, attrs in nodes:
                head = f'      <node id="{_et_attr(str(node))}" label="{_et_attr(label)}"'
                yield f"{head}>\n{attvalues('node', attrs)}      </node>\n" if attrs else f"{head} />\n"
            yield "    </nodes>\n"
        if not edges:
            yield "    <edges />\n"
        else:
            yield "    <edges>\n"
            for u, v, eid, weight, attrs in edges:
                head = f'      <edge source="{_et_attr(str(u))}" target="{_et_attr(str(v))}" id="{eid}"'
                if weight is not None:
                    head += f' weight="{_et_attr(str(weight))}"'
                yield f"{head}>\n{attvalues('edge', attrs)}      </edge>\n" if attrs else f"{head} />\n"
            yield "    </edges>\n"
        yield "  </graph>\n</gexf>\n"

    _write(path, parts(), encoding="ascii", errors="xmlcharrefreplace")


def _json_scalar(v) -> str:  # as json.dumps(v, ensure_ascii=False) writes it
    if type(v) is str:
        return encode_basestring(v)
    if isinstance(v, bool) or v is None:
        return {True: "true", False: "false", None: "null"}[v]
    if isinstance(v, str):
        return encode_basestring(v)
    if isinstance(v, int):
        return int.__repr__(v)
    if isinstance(v, float):
        return float.__repr__(v) if math.isfinite(v) else "NaN" if v != v else "Infinity" if v > 0 else "-Infinity"
    raise TypeError(f"attribute value type is not allowed: {type(v)}")


def write_json(s: Snapshot, path: Path) -> None:
    """``s`` as ``json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1,
    sort_keys=True) + "\\n"`` writes it."""
    encode = encode_basestring
    key_lines: dict[str, str] = {}  # attribute name -> '   "name": '

    def obj(d: dict) -> str:
        if not d:
            return "  {}"
        rows = []
        for k in sorted(d):
            if k not in key_lines:
                key_lines[k] = f"   {encode(k)}: "
            rows.append(key_lines[k] + _json_scalar(d[k]))
        return "  {\n" + ",\n".join(rows) + "\n  }"

    def items(rows) -> object:
        first = True
        for row in rows:
            yield obj(row) if first else ",\n" + obj(row)
            first = False

    def parts():
        yield f'{{\n "directed": {json.dumps(s.directed)},\n "edges": '
        if s.edges:
            yield "[\n"
            yield from items({**d, "source": u, "target": v, **({"key": k} if s.multigraph else {})}
                             for u, v, k, d in s.edges)
            yield "\n ]"
        else:
            yield "[]"
        yield f',\n "graph": {{\n  "name": {encode(s.name)}\n }},\n "multigraph": {json.dumps(s.multigraph)},\n "nodes": '
        if s.nodes:
            yield "[\n"
            yield from items({**d, "id": n} for n, d in s.nodes)
            yield "\n ]"
        else:
            yield "[]"
        yield "\n}\n"

    _write(path, parts())
