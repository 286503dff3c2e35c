"""The command line (`govkg`, or `python build.py` in a checkout): one subcommand per
stage, each body one call into a module.

Exit codes: 0 done (published), 1 invalid data (validation failed), 2 bad input or usage.
Defaults come from govkg/core/paths.py: in a checkout data/corpus.toml and dist/ of
the checkout; installed, corpus.toml and dist/ in the current folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govkg.core import paths
from govkg.core.errors import GovkgError, InputError


def _need_catalog(catalog: Path) -> None:
    """The default catalog of an installed package is ./corpus.toml: say so when there is none."""
    if paths.INSTALLED and catalog == paths.CATALOG and not catalog.is_file():
        raise InputError(f"{catalog}: catalog file not found; pass --catalog PATH (a corpus.toml listing the "
                         "works and their source files), or start one here with `govkg add FILE --work ID`")


def _build(args) -> int:
    from govkg.ingest.executor import Options
    from govkg.pipeline import build

    _need_catalog(args.catalog)
    options = Options(jobs=args.jobs, executor=args.executor, scheduler=args.scheduler, cache=not args.no_cache,
                      cache_dir=args.cache_dir)
    build(args.catalog, args.dist, sources_dir=args.sources, quiet=args.quiet, validate=not args.no_validate,
          options=options, gate_engine=args.gate)
    return 0


def _add(args) -> int:
    from govkg.add import add

    add(args)
    return 0


def _validate(args) -> int:
    from govkg.gate.check import main_validate

    return main_validate(args.file, engine=args.gate)


def _query(args) -> int:
    from govkg.serve.query import main_query

    return main_query(args) or 0


def _serve(args) -> int:
    from govkg.serve.server import main_serve

    return main_serve(args) or 0


def _publish(args) -> int:
    from govkg.serve.server import main_publish

    return main_publish(args) or 0


def _export(args) -> int:
    from govkg.views.extras import main_export

    return main_export(args) or 0


def _eval(args) -> int:
    from govkg.evaluate import main as main_eval

    if args.folder is None and paths.INSTALLED:
        raise InputError("eval: the gold documents (tests/gold/docs) are in a checkout of the repository, "
                         "not in the installed package; give a folder: govkg eval FOLDER")
    return main_eval([*([str(args.folder)] if args.folder else []), *(["-v"] if args.verbose else [])]) or 0


def _bench(args) -> int:
    # The benchmark (bench/: synthetic corpora, baselines, bench/results.md) is a tool for
    # developers of govkg and writes into the repository; it is not installed with the package.
    if paths.INSTALLED:
        raise InputError("bench: the benchmark runs in a checkout of the govkg repository (bench/ is not "
                         "installed with the package): clone it and run `make bench`")
    try:
        from bench.run import main_bench
    except ModuleNotFoundError as exc:
        raise InputError(f"bench: cannot import the benchmark ({exc}); run it from the checkout: "
                         f"python {paths.ROOT / 'build.py'} bench") from None
    return main_bench(args) or 0


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (exit 2) instead of the usage block."""

    def error(self, message: str):
        self.exit(2, f"error: {self.prog}: {' '.join(message.split())} (see {self.prog} --help)\n")


def parser(prog: str = "govkg") -> argparse.ArgumentParser:
    p = Parser(prog=prog, description="govkg: build, validate, query and serve the graph.")
    sub = p.add_subparsers(dest="command")

    def common(sp, dist=True):
        sp.add_argument("--catalog", type=Path, default=paths.CATALOG,
                        help=f"the corpus catalog (default: {_shown(paths.CATALOG)})")
        sp.add_argument("--sources", type=Path, default=None, help="folder of source files (default: beside the catalog)")
        if dist:
            sp.add_argument("--dist", type=Path, default=paths.DIST,
                            help=f"where to publish (default: {_shown(paths.DIST)})")
        sp.add_argument("--quiet", action="store_true", help="no progress display")

    b = sub.add_parser("build", help="run every stage, validate, publish dist/ (the default)")
    common(b)
    b.add_argument("--no-validate", action="store_true", help=argparse.SUPPRESS)
    b.add_argument("--jobs", type=int, default=None, help="worker processes for the per-document stages (default: all cores)")
    b.add_argument("--executor", choices=["process", "serial", "dask"], default="process")
    b.add_argument("--scheduler", help="Dask scheduler address, with --executor dask")
    b.add_argument("--no-cache", action="store_true", help="ignore the per-document cache: a clean build")
    b.add_argument("--cache-dir", type=Path, default=None, help="per-document cache (default: build/cache/)")
    b.add_argument("--gate", choices=["fast", "pyshacl"], default="fast",
                   help="SHACL engine: fast (default; a shape it cannot run fails the build) or pyshacl (slow)")
    b.set_defaults(func=_build)

    a = sub.add_parser("add", help="copy a document into the sources folder beside the catalog and write its "
                                   "catalog entry")
    common(a, dist=False)
    a.add_argument("file", type=Path)
    a.add_argument("--work", required=True, help="work id: a new work when new, else a new copy of it")
    a.add_argument("--id", dest="source_id", help="source id (default: from the file name)")
    a.add_argument("--title", help="the work's title; for a work that has another, kept as an alternative title")
    a.add_argument("--lang", choices=["en", "zh-Hans", "zh-Hant"])
    a.add_argument("--date", help="YYYY-MM-DD: the issue date of a new work, and the date of this copy")
    a.add_argument("--issuer", help="who issued the work (refused if the catalog names another)")
    a.add_argument("--kind", help="a kind of ontology/kinds.ttl: initiative, principles, resolution, ... "
                   "(refused if unknown, or if the catalog gives the work another)")
    a.add_argument("--format", choices=["plain", "web", "ocr", "table", "aggregator"], default=None)
    a.add_argument("--publisher")
    a.add_argument("--url")
    a.set_defaults(func=_add)

    v = sub.add_parser("validate", help="validate an RDF file against the shapes")
    v.add_argument("file")
    v.add_argument("--gate", choices=["fast", "pyshacl"], default="fast",
                   help="SHACL engine: fast (default) or pyshacl (slow; runs every SHACL feature)")
    v.set_defaults(func=_validate)

    q = sub.add_parser("query", help="run a SPARQL query on dist/ (or an endpoint)")
    q.add_argument("file")
    q.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    q.add_argument("--format", choices=["table", "csv", "json", "tsv"], default="table")
    q.add_argument("--endpoint")
    q.add_argument("--allow-service", action="store_true")
    q.add_argument("--dist", type=Path, default=paths.DIST)
    q.set_defaults(func=_query)

    s = sub.add_parser("serve", help="serve dist/ on a read-only SPARQL endpoint")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7878)
    s.add_argument("--dist", type=Path, default=paths.DIST)
    s.set_defaults(func=_serve)

    pub = sub.add_parser("publish", help="upload dist/govkg.nt to a SPARQL Graph Store endpoint")
    pub.add_argument("--endpoint", required=True)
    pub.add_argument("--dist", type=Path, default=paths.DIST)
    pub.set_defaults(func=_publish)

    e = sub.add_parser("export", help="write networkx graphs, figures and the HTML page into dist/")
    e.add_argument("--dist", type=Path, default=paths.DIST)
    e.set_defaults(func=_export)

    ev = sub.add_parser("eval", help="score commitment extraction against gold documents")
    ev.add_argument("folder", type=Path, nargs="?", default=None,
                    help="folder of gold documents (default: tests/gold/docs of the checkout)")
    ev.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    ev.set_defaults(func=_eval)

    bn = sub.add_parser("bench", help="scale benchmark on synthetic corpora (in a checkout)")
    bn.add_argument("--sizes", default="100 1000 10000")
    bn.set_defaults(func=_bench)
    return p


def _shown(path: Path) -> str:
    """A default path as the help shows it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd())) or "."
    except ValueError:
        return str(path)


def main(argv=None, prog: str = "govkg") -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["build", *argv]  # build is the default subcommand: `build.py --quiet` is `build.py build --quiet`
    args = parser(prog).parse_args(argv)
    try:
        return args.func(args)
    except GovkgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
