"""The ``kubekg`` command: every capability from the shell. ``kubekg --help`` lists them."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from kubekg.errors import KubekgError
from kubekg.knowledge_base import KnowledgeBase
from kubekg.sparql.result_formats import FORMATS, as_table, serialize

app = typer.Typer(
    help="kubekg: ask questions about Kubernetes cluster basics in Korean or English, or query the graph with SPARQL.",
    no_args_is_help=True,
    add_completion=False,
)

DataOption = Annotated[
    list[Path] | None,
    typer.Option("--data", help="RDF file(s) to use instead of the bundled graph (repeatable).", show_default=False),
]


def _load(data: list[Path] | None, **kwargs) -> KnowledgeBase:
    try:
        return KnowledgeBase.load(data or None, **kwargs)
    except KubekgError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None


@app.command()
def sparql(
    query: Annotated[str, typer.Argument(help="A SPARQL query, or - to read it from standard input.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, or one of: " + ", ".join(FORMATS))] = "table",
    data: DataOption = None,
) -> None:
    """Run a read-only SPARQL query against the graph and print the result."""
    if fmt != "table" and fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; use table or one of {', '.join(FORMATS)}")
    text = sys.stdin.read() if query == "-" else query
    kb = _load(data, index=False)
    try:
        result = kb.sparql(text)
        if fmt == "table":
            typer.echo(as_table(result))
        else:
            sys.stdout.write(serialize(result, FORMATS[fmt]).decode("utf-8"))
            sys.stdout.write("\n")
    except (KubekgError, ValueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="The file to write.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help="nquads or trig.")] = "nquads",
    data: DataOption = None,
) -> None:
    """Write what a SPARQL store must load to serve this graph: every quad after inference, and the
    dataset version in the graph kg:service-description."""
    from kubekg.graph.dataset_export import EXPORT_FORMATS
    from kubekg.graph.dataset_export import export as write_export

    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    kb = _load(data, index=False)
    try:
        version, count = write_export(kb.store, out, fmt)
    except OSError as e:
        typer.echo(f"error: cannot write {out}: {e.strerror or e}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {count} quads to {out} (dataset version {version})")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A question in Korean or English.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole answer object as JSON.")] = False,
    data: DataOption = None,
) -> None:
    """Answer a question from the graph, with the SPARQL and the evidence behind it."""
    kb = _load(data, index=True)
    try:
        answer = kb.ask(question)
    except KubekgError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    typer.echo(answer.answer)
    if not answer.abstained:
        typer.echo(f"\nconfidence {answer.confidence:.2f} · shape {answer.shape}")
        typer.echo("\nSPARQL:\n" + (answer.sparql or ""))
        if answer.evidence:
            typer.echo("\nevidence:")
            for ev in answer.evidence[:10]:
                how = "inferred" if ev.inferred else (ev.graph or "").rsplit("/", 1)[-1]
                typer.echo(f"  {ev.subject_label} — {ev.predicate_label} — {ev.object_label}  [{how}]")
    if answer.sources:
        typer.echo("\nsources:")
        for src in answer.sources:
            typer.echo(f"  [{src.section_id}] {src.title}: {src.text}")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="What to look for, in Korean or English.")],
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="How many hits.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    data: DataOption = None,
) -> None:
    """Find the passages and facts closest to a text (dense and lexical scores fused)."""
    kb = _load(data, index=True)
    try:
        hits = kb.search(text, k)
    except KubekgError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps([h.model_dump() for h in hits], ensure_ascii=False, indent=2))
        return
    for h in hits:
        where = f"[{h.section_id}]" if h.section_id else ""
        typer.echo(f"{h.score:.3f} {h.kind:<7} {where} {h.text}")


@app.command(name="eval")
def evaluate_command(
    file: Annotated[
        Path | None, typer.Argument(help="A JSON-lines question set (default: data/eval/questions.jsonl).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    min_f1: Annotated[
        float | None, typer.Option("--min-f1", help="Exit 1 if macro F1 of any language is below this.")
    ] = None,
    data: DataOption = None,
) -> None:
    """Evaluate the QA engine: macro F1 per language, abstention precision/recall, and the misses."""
    from kubekg.qa.evaluation import DEFAULT_SET, evaluate, load_questions

    kb = _load(data, index=True)
    try:
        report = evaluate(kb, load_questions(file or DEFAULT_SET))
    except (KubekgError, OSError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(report.summary(), indent=2) if as_json else report.text())
    worst = min(v for k, v in report.summary()["macro_f1"].items() if k != "all")
    if min_f1 is not None and worst < min_f1:
        raise typer.Exit(1)


@app.command()
def train(
    seed: Annotated[int, typer.Option(help="Seed of the question generator and the model.")] = 0,
    questions: Annotated[
        int | None, typer.Option(min=1, help="Train on at most this many generated questions (default: all).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the model here instead of the cache the service reads.")
    ] = None,
    data: DataOption = None,
) -> None:
    """Train the QA ranker from scratch on questions generated from the graph (never the eval sets).

    The service trains it on first start and caches it beside the semantic index; this command
    retrains it (deterministic for a seed) and prints what training measured.
    """
    from kubekg.qa import training
    from kubekg.qa.setup import build_engine_without_ranker, ranker_path

    kb = _load(data, index=False)
    engine = build_engine_without_ranker(kb)
    ranker = training.train(engine, seed=seed, limit=questions)
    target = out or ranker_path(engine, kb.settings.index_cache_dir, seed, questions)
    ranker.save(target)
    report = {**ranker.report, "model_bytes": target.stat().st_size if target.exists() else None, "path": str(target)}
    typer.echo(json.dumps(report, indent=2))


@app.command()
def validate(data: DataOption = None) -> None:
    """Check the graph against the SHACL shapes; exit 1 on any violation."""
    kb = _load(data, validate=False, index=False)
    report = kb.validate()
    typer.echo(report.text())
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def stats(
    data: DataOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print counts of triples, entities, facts and labels per language."""
    s = _load(data, index=False).stats()
    if as_json:
        typer.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    for key, value in s.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items())
        typer.echo(f"{key.replace('_', ' '):<20} {value}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1, or KUBEKG_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default 8000, or KUBEKG_PORT).")] = None,
    data: DataOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes, each with its own graph and workers.")] = 1,
    access_log: Annotated[bool | None, typer.Option("--access-log/--no-access-log", help="Log every request.")] = None,
    store: Annotated[
        str | None,
        typer.Option(
            help="A SPARQL 1.1 query endpoint to use as the store (loaded from `kubekg export`), or KUBEKG_STORE.",
            show_default=False,
        ),
    ] = None,
    store_default_graph: Annotated[
        str | None,
        typer.Option(
            help="The graph a store without a default graph of its own (Virtuoso) holds the export's default "
            "graph in, or KUBEKG_STORE_DEFAULT_GRAPH.",
            show_default=False,
        ),
    ] = None,
    root_path: Annotated[
        str | None,
        typer.Option(help="The path prefix a reverse proxy serves kubekg under (/kg), or KUBEKG_ROOT_PATH."),
    ] = None,
) -> None:
    """Serve the HTTP API: /ask, /search, /sparql (SPARQL 1.1 Protocol), /resource/NAME, /health, /docs.

    Settings come from KUBEKG_* environment variables (for example KUBEKG_QUERY_TIMEOUT=10,
    KUBEKG_MAX_ROWS=10000, KUBEKG_MAX_CONCURRENT_QUERIES=4, KUBEKG_CORS_ORIGINS='["*"]').
    """
    from pydantic import ValidationError

    from kubekg.api.server import serve as run_server
    from kubekg.settings import Settings

    if root_path is not None:
        os.environ["KUBEKG_ROOT_PATH"] = root_path
    if store:
        if data:
            raise typer.BadParameter("--data and --store exclude each other: the store holds the data")
        os.environ["KUBEKG_STORE"] = store  # the settings of every server process read it
    if store_default_graph:
        os.environ["KUBEKG_STORE_DEFAULT_GRAPH"] = store_default_graph
    try:
        settings = Settings()
    except ValidationError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    try:
        run_server(
            host or settings.host,
            port if port is not None else settings.port,
            data=data or [],
            workers=workers,
            access_log=settings.access_log if access_log is None else access_log,
            root_path=settings.root_path,
            forwarded_allow_ips=settings.forwarded_allow_ips,
        )
    except KubekgError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None


@app.command()
def mcp(data: DataOption = None) -> None:
    """Serve the MCP tools (ask, search, sparql, describe) and resources over stdin/stdout.

    For chatbot clients that start their MCP servers as commands (Claude Desktop, IDEs, agent
    frameworks). Logs go to standard error; standard output carries only the protocol. The same
    server runs over HTTP at /mcp of `kubekg serve`.
    """
    import contextlib

    from kubekg.mcp.server import run_stdio

    with contextlib.redirect_stdout(sys.stderr):  # nothing but the protocol may reach stdout
        kb = _load(data, index=True)
    run_stdio(kb)


@app.command()
def tools(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="openai (tools of the Chat Completions / Responses API) or anthropic.")
    ] = "openai",
) -> None:
    """Print the MCP tools as JSON function-calling schemas, for chatbots that do not speak MCP.

    The schemas are generated from the MCP server's tool definitions. Run the calls against the HTTP
    API: ask is POST /ask {"question"}, search is GET /search?q=&k=, sparql is POST /sparql.
    """
    from kubekg.mcp.tool_schemas import function_schemas

    if fmt not in ("openai", "anthropic"):
        raise typer.BadParameter(f"unknown format {fmt!r}; use openai or anthropic", param_hint="--format")
    typer.echo(json.dumps(function_schemas(fmt), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    app()
