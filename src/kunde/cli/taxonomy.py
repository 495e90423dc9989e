"""``kunde taxonomy``: import, search, show and map skills-language concepts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kunde.cli import context
from kunde.cli._output import (
    EXIT_BAD_INPUT,
    EXIT_NOT_FOUND,
    console,
    fail,
    print_json,
    progress_printer,
    reported_errors,
)
from kunde.errors import InvalidInput
from kunde.taxonomy import views
from kunde.taxonomy.bundle import EMBEDDINGS_CACHE, bundled_parts
from kunde.taxonomy.model import ImportReport
from kunde.taxonomy.service import TaxonomyService

app = typer.Typer(help="Skills languages: ESCO, ISCO-08, O*NET, CompetentNL.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
LangOption = Annotated[str, typer.Option("--lang", help="Language of the labels: nl or en.")]


def _print_reports(reports: list[ImportReport], as_json: bool) -> None:
    if as_json:
        print_json([views.import_report(r) for r in reports])
        return
    for report in reports:
        if not report.changed:
            console.print(f"{report.source}: already up to date, nothing changed.")
            continue
        console.print(
            f"{report.source}: {report.concepts_added} concepts added, "
            f"{report.concepts_updated} updated, {report.labels_added} labels added, "
            f"{report.labels_removed} removed, {report.relations_added} relations, "
            f"{report.mappings_added} mappings, {report.embeddings_added} embeddings."
        )


@app.command("import")
def import_(
    path: Annotated[
        Path | None,
        typer.Argument(help="ESCO download folder, O*NET folder, crosswalk or SKOS/CSV file."),
    ] = None,
    bundled: Annotated[
        bool, typer.Option("--bundled", help="Import the snapshot that ships with Kunde.")
    ] = False,
    version: Annotated[
        str | None, typer.Option(help="Version of the source, if the folder name lacks it.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Import taxonomy files; each source is all or nothing, and importing again changes nothing."""
    if (path is None) == (not bundled):
        fail("Name a folder or file to import, or use --bundled.")
    service = context.taxonomy()
    paths = bundled_parts() if bundled else [path] if path else []
    update, stop = progress_printer() if not as_json and sys.stderr.isatty() else (None, None)
    reports: list[ImportReport] = []
    try:
        with reported_errors():
            for part in paths:
                reports += service.import_path(
                    part, cache_file=EMBEDDINGS_CACHE, version=version, progress=update
                )
    finally:
        if stop:
            stop()
    _print_reports(reports, as_json)


def _read_batch(path: Path) -> list[dict[str, Any]]:
    requests: list[dict[str, Any]] = []
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(f"{path}, line {number}: not valid JSON ({exc.msg}).")
        if not isinstance(item, dict) or not str(item.get("q", "")).strip():
            fail(f"{path}, line {number}: each line needs an object with a non-empty \"q\".")
        requests.append(item)
    return requests


def _search_batch(service: TaxonomyService, path: Path, limit: int) -> None:
    if str(path) != "-" and not path.is_file():
        fail(f"{path}: no such file.")
    requests = _read_batch(path)
    for item in requests:
        try:
            hits = service.search(
                str(item["q"]),
                language=str(item.get("lang") or "en"),
                type_=item.get("type") or None,
                limit=int(item.get("limit") or limit),
            )
            out: dict[str, Any] = {"id": item.get("id"), "results": [views.hit(h) for h in hits]}
        except InvalidInput as exc:
            out = {"id": item.get("id"), "results": [], "error": str(exc)}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="Words to look for, Dutch or English.")] = None,
    lang: LangOption = "nl",
    type_: Annotated[
        str | None,
        typer.Option("--type", help="skill, knowledge, occupation, skill_group, technology, ..."),
    ] = None,
    scheme: Annotated[str | None, typer.Option(help="Only esco, isco, onet or competentnl.")] = None,
    limit: Annotated[int, typer.Option(help="How many results.")] = 10,
    input_: Annotated[
        Path | None,
        typer.Option("--input", help='JSON lines {"id", "q", "lang", "type"}; - for stdin.'),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Find concepts by label, with typos, synonyms and in either language."""
    service = context.taxonomy()
    if input_ is not None:
        _search_batch(service, input_, limit)
        return
    if query is None:
        fail("Give a search text, or --input FILE.jsonl for a batch.")
    with reported_errors():
        hits = service.search(query, language=lang, type_=type_, scheme=scheme, limit=limit)
    if as_json:
        print_json([views.hit(h) for h in hits])
        return
    if not hits:
        console.print("Nothing found.")
        raise typer.Exit(EXIT_NOT_FOUND)
    table = Table("score", "type", "label", "uri")
    for h in hits:
        label = h.label.text + (f" [dim]({h.label.language})[/dim]" if h.label.language != lang else "")
        table.add_row(f"{h.score:.2f}", h.kind.value, label, h.uri)
    console.print(table)


@app.command()
def show(
    uri: Annotated[str, typer.Argument(help="The concept's URI.")],
    lang: LangOption = "nl",
    as_json: JsonOption = False,
) -> None:
    """Show a concept: labels, description, hierarchy and relations."""
    service = context.taxonomy(embeddings=False)
    with reported_errors():
        concept = service.concept(uri, language=lang)
    if as_json:
        print_json(views.detail(concept))
        return
    console.print(f"[bold]{concept.label.text}[/bold] ({concept.kind.value}, {concept.scheme.value})")
    console.print(concept.uri)
    if concept.code:
        console.print(f"code: {concept.code}")
    if concept.description:
        console.print(concept.description.text)
    others = [lab.text for lab in concept.labels if lab.language == lang and lab.kind.value == "alternative"]
    if others:
        console.print("also called: " + "; ".join(others[:15]))
    for title, items in (("broader", concept.broader), ("narrower", concept.narrower)):
        if items:
            console.print(f"{title}: " + "; ".join(s.label.text for s in items[:15]))
    for kind, items in concept.related.items():
        console.print(f"{kind} ({len(items)}): " + "; ".join(s.label.text for s in items[:10]))


@app.command("map")
def map_(
    uri: Annotated[str, typer.Argument(help="The concept's URI.")],
    to: Annotated[str, typer.Option("--to", help="onet, isco, esco or competentnl.")],
    lang: LangOption = "en",
    as_json: JsonOption = False,
) -> None:
    """Translate a concept into another skills language (SKOS exact/close/broad/narrow)."""
    service = context.taxonomy(embeddings=False)
    with reported_errors():
        mappings = service.map(uri, to=to, language=lang)
    if as_json:
        print_json([views.mapping(m) for m in mappings])
        return
    if not mappings:
        console.print(f"No {to} mapping is known for {uri}.")
        raise typer.Exit(EXIT_NOT_FOUND)
    table = Table("match", "target", "label", "source")
    for m in mappings:
        table.add_row(m.match.value, m.target, m.label or "", m.provenance)
    console.print(table)


@app.command()
def skills(
    uri: Annotated[str, typer.Argument(help="An occupation's URI.")],
    lang: LangOption = "nl",
    as_json: JsonOption = False,
) -> None:
    """List an occupation's essential and optional skills."""
    service = context.taxonomy(embeddings=False)
    with reported_errors():
        found = service.occupation_skills(uri, language=lang)
    if as_json:
        print_json([views.occupation_skill(s) for s in found])
        return
    for s in found:
        console.print(f"{s.relation.value:16} {s.skill.label.text}  [dim]{s.skill.uri}[/dim]")


@app.command()
def status(as_json: JsonOption = False) -> None:
    """What has been imported, and how many concepts there are."""
    service = context.taxonomy(embeddings=False)
    info = service.status()
    if as_json:
        print_json(info)
        return
    console.print(f"{info['concepts']} concepts")
    for item in info["imports"]:  # type: ignore[attr-defined]
        console.print(f"  {item['imported_at'][:19]}  {item['source']}")


__all__ = ["EXIT_BAD_INPUT", "app"]
