"""govkg/cli.py: the subcommands, the default subcommand, usage errors and exit codes."""

from __future__ import annotations

import argparse
import sys
import types
from pathlib import Path

import pytest

from govkg import cli
from govkg.core.errors import GovkgError, InputError, ValidationFailed

ROOT = Path(__file__).resolve().parents[2]

# README "Using it" (build, validate, query, publish, export, add) and the Makefile (serve, eval, bench)
SUBCOMMANDS = {"build", "add", "validate", "query", "serve", "publish", "export", "eval", "bench"}


def subparsers(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [action] = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


class Recorder:
    """Stands in for a stage function: records its calls, returns or raises what it is told."""

    def __init__(self, result=None, raises: BaseException | None = None):
        self.calls, self.result, self.raises = [], result, raises

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        if self.raises is not None:
            raise self.raises
        return self.result


def fake_module(monkeypatch, name: str, **attrs) -> types.ModuleType:
    """Put a stand-in for module `name` in sys.modules (the heavy stages are never imported)."""
    mod = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(mod, k, v)
    monkeypatch.setitem(sys.modules, name, mod)
    return mod


@pytest.fixture
def fake_build(monkeypatch):
    rec = Recorder()
    fake_module(monkeypatch, "govkg.pipeline", build=rec)
    return rec


# ── the parser ───────────────────────────────────────────────────────────────────

def test_parser_lists_every_subcommand():
    p = cli.parser()
    assert set(subparsers(p)) == SUBCOMMANDS
    help_text = p.format_help()
    for name in SUBCOMMANDS:
        assert name in help_text


def test_every_subcommand_has_a_handler_and_help():
    p = cli.parser()
    [action] = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
    helped = {c.dest: c.help for c in action._choices_actions}
    for name, sp in subparsers(p).items():
        assert callable(sp.get_default("func")), name
        assert helped.get(name), f"{name} has no help line"


def test_build_is_marked_as_the_default_in_its_help():
    p = cli.parser()
    [action] = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
    helped = {c.dest: c.help for c in action._choices_actions}
    assert "default" in helped["build"]


def test_documented_defaults():
    p = cli.parser()
    build = p.parse_args(["build"])
    assert (build.catalog, build.dist, build.sources, build.quiet) == (
        ROOT / "data" / "corpus.toml", ROOT / "dist", None, False)
    assert (build.jobs, build.executor, build.no_cache, build.cache_dir) == (None, "process", False, None)
    serve = p.parse_args(["serve"])
    assert (serve.host, serve.port) == ("127.0.0.1", 7878)  # README: make serve on 127.0.0.1:7878
    query = p.parse_args(["query", "q.rq"])
    assert (query.format, query.param, query.endpoint, query.dist) == ("table", [], None, ROOT / "dist")
    add = p.parse_args(["add", "f.txt", "--work", "w"])
    assert (add.file, add.work, add.catalog, add.source_id, add.lang, add.format) == (
        Path("f.txt"), "w", ROOT / "data" / "corpus.toml", None, None, None)


def test_query_params_accumulate():
    args = cli.parser().parse_args(["query", "q.rq", "--param", "work=a", "--param", "lang=en", "--format", "csv"])
    assert (args.param, args.format) == (["work=a", "lang=en"], "csv")


# ── build: the default subcommand ────────────────────────────────────────────────

def test_no_arguments_runs_build_with_the_defaults(fake_build):
    assert cli.main([]) == 0
    [(args, kwargs)] = fake_build.calls
    assert args == (ROOT / "data" / "corpus.toml", ROOT / "dist")
    options = kwargs.pop("options")
    assert kwargs == {"sources_dir": None, "quiet": False, "validate": True, "gate_engine": "fast"}
    assert (options.jobs, options.executor, options.scheduler, options.cache, options.cache_dir) == (
        None, "process", None, True, None)


def test_build_passes_its_options_on(fake_build, tmp_path):
    code = cli.main(["build", "--catalog", str(tmp_path / "c.toml"), "--dist", str(tmp_path / "d"),
                     "--sources", str(tmp_path / "s"), "--quiet", "--no-validate", "--jobs", "3",
                     "--executor", "serial", "--no-cache", "--cache-dir", str(tmp_path / "cache"),
                     "--gate", "pyshacl"])
    assert code == 0
    [(args, kwargs)] = fake_build.calls
    assert args == (tmp_path / "c.toml", tmp_path / "d")
    options = kwargs.pop("options")
    assert kwargs == {"sources_dir": tmp_path / "s", "quiet": True, "validate": False, "gate_engine": "pyshacl"}
    assert (options.jobs, options.executor, options.cache, options.cache_dir) == (3, "serial", False,
                                                                                  tmp_path / "cache")


def test_build_options_without_the_word_build(fake_build, tmp_path):
    assert cli.main(["--quiet", "--dist", str(tmp_path / "d")]) == 0
    [(args, kwargs)] = fake_build.calls
    assert args[1] == tmp_path / "d" and kwargs["quiet"] is True


# ── bad arguments: exit 2, no traceback ──────────────────────────────────────────

BAD = [
    (["frobnicate"], "frobnicate"),
    (["build", "--jobs", "x"], "--jobs"),
    (["build", "--executor", "threads"], "threads"),
    (["build", "--no-such-option"], "--no-such-option"),
    (["add"], "--work"),
    (["add", "f.txt"], "--work"),
    (["add", "f.txt", "--work", "w", "--lang", "fr"], "'fr'"),
    (["add", "f.txt", "--work", "w", "--format", "pdf"], "'pdf'"),
    (["validate"], "file"),
    (["query", "q.rq", "--format", "xml"], "'xml'"),
    (["serve", "--port", "eighty"], "--port"),
    (["publish"], "--endpoint"),
]


def run_bad(argv, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    err = capsys.readouterr().err
    return info.value.code, err


@pytest.mark.parametrize("argv, problem", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_arguments_exit_2_naming_the_problem(argv, problem, capsys, fake_build):
    code, err = run_bad(argv, capsys)
    assert code == 2
    assert "Traceback" not in err
    errors = [ln for ln in err.splitlines() if "error:" in ln]
    assert len(errors) == 1 and problem in errors[0], err
    assert fake_build.calls == [], "nothing ran"


@pytest.mark.parametrize("argv", [["frobnicate"], ["build", "--jobs", "x"], ["add", "f.txt"]])
def test_bad_arguments_print_one_line(argv, capsys, fake_build):
    code, err = run_bad(argv, capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err


def test_help_exits_0(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in SUBCOMMANDS)


# ── errors map to exit codes ─────────────────────────────────────────────────────

class Unusual(GovkgError):
    """A GovkgError subclass with its own exit code: main() honours exit_code."""

    exit_code = 1


@pytest.mark.parametrize("exc, code", [
    (InputError("data/corpus.toml: [[sources]] #1: unknown format 'pdf'"), 2),
    (ValidationFailed("3 violations of the shapes"), 1),
    (GovkgError("something the user can act on"), 2),
    (Unusual("a subclass with exit code 1"), 1),
])
def test_errors_map_to_exit_codes_with_one_line(exc, code, fake_build, capsys):
    fake_build.raises = exc
    assert cli.main(["build"]) == code
    captured = capsys.readouterr()
    assert captured.err == f"error: {exc}\n"
    assert "Traceback" not in captured.err and captured.out == ""


def test_publish_error_is_bad_input(fake_build, capsys):
    from govkg.publish.release import PublishError

    fake_build.raises = PublishError("dist: cannot publish (rename): read-only file system")
    assert cli.main(["build", "--quiet"]) == 2
    assert capsys.readouterr().err == "error: dist: cannot publish (rename): read-only file system\n"


def test_the_default_build_maps_errors_too(fake_build, capsys):
    fake_build.raises = ValidationFailed("gate failed")
    assert cli.main([]) == 1
    assert capsys.readouterr().err == "error: gate failed\n"


def test_interrupt_is_130(fake_build, capsys):
    fake_build.raises = KeyboardInterrupt()
    assert cli.main(["build"]) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_other_exceptions_are_not_disguised_as_exit_codes(fake_build):
    fake_build.raises = RuntimeError("a crash is a crash")
    with pytest.raises(RuntimeError, match="a crash is a crash"):
        cli.main(["build"])


# ── each subcommand is one call into its module ─────────────────────────────────

def test_add_calls_add_with_its_arguments(monkeypatch, tmp_path):
    rec = Recorder()
    fake_module(monkeypatch, "govkg.add", add=rec)
    argv = ["add", str(tmp_path / "doc.txt"), "--work", "w", "--id", "src", "--title", "T", "--lang", "zh-Hant",
            "--date", "2024-01-01", "--issuer", "I", "--kind", "law", "--format", "web", "--publisher", "P",
            "--url", "https://example.org/", "--catalog", str(tmp_path / "c.toml")]
    assert cli.main(argv) == 0
    [((args,), _)] = rec.calls
    got = {k: getattr(args, k) for k in ("file", "work", "source_id", "title", "lang", "date", "issuer", "kind",
                                         "format", "publisher", "url", "catalog", "sources")}
    assert got == {"file": tmp_path / "doc.txt", "work": "w", "source_id": "src", "title": "T", "lang": "zh-Hant",
                   "date": "2024-01-01", "issuer": "I", "kind": "law", "format": "web", "publisher": "P",
                   "url": "https://example.org/", "catalog": tmp_path / "c.toml", "sources": None}


def test_add_refusal_is_exit_2(monkeypatch, capsys):
    fake_module(monkeypatch, "govkg.add", add=Recorder(raises=InputError("nope.txt: file not found")))
    assert cli.main(["add", "nope.txt", "--work", "w"]) == 2
    assert capsys.readouterr().err == "error: nope.txt: file not found\n"


def test_real_add_bad_work_id_is_one_line_exit_2(tmp_path, capsys):
    (tmp_path / "doc.txt").write_text("Title\n\nMembers should test.\n", encoding="utf-8")
    code = cli.main(["add", str(tmp_path / "doc.txt"), "--work", "Bad Id!", "--catalog", str(tmp_path / "c.toml")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "'Bad Id!'" in err and "--work" in err
    assert not (tmp_path / "c.toml").exists()


@pytest.mark.parametrize("returned, code", [(0, 0), (1, 1), (2, 2)])
def test_validate_returns_what_the_gate_says(monkeypatch, returned, code):
    rec = Recorder(result=returned)
    fake_module(monkeypatch, "govkg.gate.check", main_validate=rec)
    assert cli.main(["validate", "graph.ttl"]) == code
    assert rec.calls == [(("graph.ttl",), {"engine": "fast"})]


def test_validate_passes_the_gate_engine(monkeypatch):
    rec = Recorder(result=0)
    fake_module(monkeypatch, "govkg.gate.check", main_validate=rec)
    assert cli.main(["validate", "graph.ttl", "--gate", "pyshacl"]) == 0
    assert rec.calls == [(("graph.ttl",), {"engine": "pyshacl"})]


@pytest.mark.parametrize("sub, module, func, argv", [
    ("query", "govkg.serve.query", "main_query", ["query", "q.rq"]),
    ("serve", "govkg.serve.server", "main_serve", ["serve"]),
    ("publish", "govkg.serve.server", "main_publish", ["publish", "--endpoint", "http://127.0.0.1:1/store"]),
    ("export", "govkg.views.extras", "main_export", ["export"]),
    ("bench", "bench.run", "main_bench", ["bench", "--sizes", "10"]),
])
@pytest.mark.parametrize("returned, code", [(None, 0), (0, 0), (1, 1), (2, 2)])
def test_other_subcommands_call_their_module(monkeypatch, sub, module, func, argv, returned, code):
    rec = Recorder(result=returned)
    fake_module(monkeypatch, module, **{func: rec})
    assert cli.main(argv) == code
    [((args,), kwargs)] = rec.calls
    assert kwargs == {} and args.command == sub


@pytest.mark.parametrize("argv, passed", [(["eval"], []), (["eval", "gold", "-v"], ["gold", "-v"])])
def test_eval_calls_the_evaluation_with_folder_and_verbosity(monkeypatch, argv, passed):
    rec = Recorder(result=0)
    fake_module(monkeypatch, "govkg.evaluate", main=rec)
    assert cli.main(argv) == 0
    assert rec.calls == [((passed,), {})]


@pytest.mark.parametrize("exc, code", [(InputError("q.rq: syntax error at line 1"), 2),
                                       (ValidationFailed("x"), 1)])
def test_errors_of_any_subcommand_map_to_exit_codes(monkeypatch, capsys, exc, code):
    fake_module(monkeypatch, "govkg.serve.query", main_query=Recorder(raises=exc))
    assert cli.main(["query", "q.rq"]) == code
    assert capsys.readouterr().err == f"error: {exc}\n"
