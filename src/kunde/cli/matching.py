"""``kunde extract``, ``kunde match`` (vacancy, all, next-role, team-training),
``kunde career-paths``, ``kunde learning import``."""

from __future__ import annotations

import contextlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kunde.accounts import service as accounts
from kunde.cli import context
from kunde.cli._output import console, fail, print_json, reported_errors
from kunde.errors import ImportFileError, InvalidInput
from kunde.matching import advice, batch, service, talent, views
from kunde.matching.learning import parse_offers
from kunde.matching.pool import ConsentLog

if TYPE_CHECKING:
    from kunde.db.session import UnitOfWork

match_app = typer.Typer(help="Rank candidates for a vacancy.", no_args_is_help=True)
learning_app = typer.Typer(help="The learning-offer catalogue.", no_args_is_help=True)
MIN_TITLE_SCORE = 0.5  # a job title matching no occupation better than this names none
Lang = Annotated[str | None, typer.Option("--lang", help="nl or en (default: both).")]


def _matching(*, embeddings: bool | None = None) -> service.MatchingService:
    return service.MatchingService(context.taxonomy(embeddings=embeddings))


def _labeller(matching: service.MatchingService, language: str) -> views.Labeller:
    catalog = matching.taxonomy.catalog()

    def label(uri: str) -> str:
        position = catalog.position.get(uri)
        return catalog.display(position, language).text if position is not None else uri

    return label


def extract(
    text: Annotated[str | None, typer.Argument(help="Text to read skills from.")] = None,
    lang: Lang = None,
    limit: Annotated[int, typer.Option(help="At most this many skills.")] = 10,
    input_file: Annotated[
        Path | None, typer.Option("--input", help='JSON lines {"id","text","lang"}.')
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Skills in a Dutch or English text (or a JSON-lines file of texts), best first."""
    matching = _matching()
    if input_file is not None:
        try:
            lines = input_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            fail(f"{input_file}: {exc.strerror}.")
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                found = matching.extract(str(row["text"]), language=row.get("lang"), limit=limit)
            except (ValueError, KeyError, TypeError) as exc:
                fail(f"{input_file}, line {n}: {exc}")
            sys.stdout.write(
                json.dumps(
                    {"id": row.get("id"), "skills": [views.skill(s) for s in found]},
                    ensure_ascii=False,
                )
                + "\n"
            )
        return
    if not text:
        fail("Give a TEXT or --input FILE.jsonl.")
    with reported_errors():
        found = matching.extract(text, language=lang, limit=limit)
    if as_json:
        print_json([views.skill(s) for s in found])
        return
    if not found:
        fail("No skills found in this text.", 1)
    for s in found:
        console.print(
            f"{s.score:.2f}  {s.label}  [dim]\u2190 \u201c{s.span.text}\u201d  {s.uri}[/dim]"
        )


@match_app.command("vacancy")
def match_vacancy(
    vacancy_id: Annotated[str, typer.Argument(help="The vacancy id.")],
    account: Annotated[str, typer.Option(help="E-mail of a member of the employer.")],
    limit: Annotated[int, typer.Option(help="At most this many candidates.")] = 20,
    lang: Annotated[str, typer.Option("--lang")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Ranked candidates from the matching pool with the reason per skill."""
    matching = _matching(embeddings=False)
    keys = context.keys()
    with reported_errors(), context.database().unit_of_work() as uow:
        actor = accounts.account_by_email(uow, account)
        found, matches = service.vacancy_matches(
            uow,
            matching,
            actor_id=actor.id,
            vacancy_id=vacancy_id,
            keys=keys,
            now=datetime.now(UTC),
            recorder=ConsentLog(),
            limit=limit,
        )
    label = _labeller(matching, lang)
    if as_json:
        print_json(
            {"vacancy": views.vacancy(found), "matches": [views.match(m, label) for m in matches]}
        )
        return
    console.print(f"[bold]{found.profile.title}[/bold]: {len(matches)} candidates")
    for m in matches:
        gaps = ", ".join(label(s.requirement.uri) for s in m.gaps[:5])
        console.print(f"{m.score:.3f}  {m.holder_id}  [dim]gaps: {gaps or '-'}[/dim]")


@match_app.command("all")
def match_all(
    k: Annotated[int, typer.Option("--k", help="Best this many per vacancy.")] = 50,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (default: KUNDE_DASK_SCHEDULER; none: here)."),
    ] = None,
    chunk: Annotated[int, typer.Option(help="Passports per task.")] = batch.DEFAULT_CHUNK,
) -> None:
    """Every vacancy against the passports eligible for it; JSON ids and scores only."""
    matching = _matching(embeddings=False)
    config = context.settings()
    keys = context.keys()
    with reported_errors(), context.database().unit_of_work() as uow:
        client = batch.connect(scheduler or config.dask_scheduler)
        try:
            result = batch.batch_matches(
                uow,
                matching,
                keys=keys,
                now=datetime.now(UTC),
                k=k,
                client=client,
                chunk_size=chunk,
            )
        finally:
            if client is not None:
                client.close()  # type: ignore[no-untyped-call]
    print_json(batch.as_mapping(result))


def _occupation(matching: service.MatchingService, start: str, language: str) -> str:
    """``start`` itself when it is a URI, else the ESCO occupation its job title names."""
    if start.startswith(("http://", "https://")):
        return start
    hits = matching.taxonomy.occupations_for_title(start, language=language, limit=1)
    if not hits or hits[0].score < MIN_TITLE_SCORE:
        raise InvalidInput(
            f"No ESCO occupation found for {start!r}: try another job title or give its URI.",
            details={"field": "from"},
        )
    sys.stderr.write(f"From: {hits[0].label.text} ({hits[0].uri})\n")
    return hits[0].uri


Organisation = Annotated[
    str | None,
    typer.Option(help="The organisation id (default: the account's only organisation)."),
]
Team = Annotated[str | None, typer.Option(help="Only this team (default: all who shared).")]


def _organisation(uow: UnitOfWork, actor_id: str, organisation_id: str | None) -> str:
    if organisation_id:
        return organisation_id
    found = [m.organisation.id for m in accounts.memberships(uow, actor_id)]
    if len(found) != 1:
        fail("Name the organisation with --organisation.")
    return found[0]


@match_app.command("next-role")
def match_next_role(
    profile: Annotated[str, typer.Argument(help="An ESCO occupation URI or a vacancy id.")],
    account: Annotated[str, typer.Option(help="E-mail of a member of the employer.")],
    organisation: Organisation = None,
    team: Team = None,
    lang: Annotated[str, typer.Option("--lang")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Staff who shared for talent management, closest to a role first (logged for each)."""
    matching = _matching(embeddings=False)
    keys = context.keys()
    with reported_errors(), context.database().unit_of_work() as uow:
        actor = accounts.account_by_email(uow, account)
        found, people = talent.next_role(
            uow,
            matching,
            actor_id=actor.id,
            organisation_id=_organisation(uow, actor.id, organisation),
            target=profile,
            keys=keys,
            now=datetime.now(UTC),
            team=team,
            language=lang,
        )
    label = _labeller(matching, lang)
    if as_json:
        print_json({"profile": found.title, "people": [views.colleague(c, label) for c in people]})
        return
    console.print(f"[bold]{found.title}[/bold]: {len(people)} people who shared")
    for c in people:
        gaps = ", ".join(label(s.requirement.uri) for s in c.match.gaps[:5])
        console.print(
            f"{c.match.score:.3f}  {c.name} ({c.team})  "
            f"[dim]route {c.route.hours:g} h; gaps: {gaps or '-'}[/dim]"
        )


@match_app.command("team-training")
def match_team_training(
    profiles: Annotated[
        list[str], typer.Argument(help="ESCO occupation URIs or vacancy ids (up to 10).")
    ],
    account: Annotated[str, typer.Option(help="E-mail of a member of the employer.")],
    organisation: Organisation = None,
    team: Team = None,
    lang: Annotated[str, typer.Option("--lang")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """A team's largest gaps for the roles and the training that closes most (counts only)."""
    matching = _matching(embeddings=False)
    settings = context.settings()
    keys = context.keys()
    with reported_errors(), context.database().unit_of_work() as uow:
        actor = accounts.account_by_email(uow, account)
        found = talent.team_training(
            uow,
            matching,
            actor_id=actor.id,
            organisation_id=_organisation(uow, actor.id, organisation),
            targets=profiles,
            keys=keys,
            now=datetime.now(UTC),
            min_group=settings.team_min_group,
            team=team,
            language=lang,
        )
    label = _labeller(matching, lang)
    if as_json:
        print_json(views.training(found, label))
        return
    if found.hidden or found.plan is None:
        console.print(f"Hidden: fewer than {found.min_group} people in this group shared.")
        return
    console.print(f"{found.people} people; gap weight {found.plan.weight:g}")
    for step in found.plan.steps:
        skills = ", ".join(label(uri) for uri, _people in step.closes[:5])
        console.print(
            f"{step.offer.hours:g} h  {step.offer.title} ({step.offer.provider})  "
            f"[dim]{step.people} people; {skills}[/dim]"
        )
    console.print(f"Total {found.plan.hours:g} h; closes {found.plan.closed:g} of the gap weight")


def career_paths(
    start: Annotated[
        str,
        typer.Option("--from", help="An ESCO occupation URI, or a job title (Dutch or English)."),
    ],
    limit: Annotated[int, typer.Option(help="At most this many occupations.")] = 10,
    lang: Annotated[str, typer.Option("--lang")] = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Occupations in other sectors that fit an occupation's skills, with the route."""
    matching = _matching(embeddings=False)
    with reported_errors(), context.database().unit_of_work() as uow:
        moves = advice.career_paths(
            uow,
            matching,
            start=_occupation(matching, start, lang),
            holder_id=None,
            keys=None,
            now=datetime.now(UTC),
            limit=limit,
        )
    label = _labeller(matching, lang)
    if as_json:
        print_json([views.career(m, label) for m in moves])
        return
    for m in moves:
        steps = "; ".join(s.offer.title for s in m.route.steps) or "-"
        console.print(
            f"{m.match.score:.2f} -> {m.reach:.2f}  {label(m.occupation_uri)} "
            f"(ISCO {m.major_group}), "
            f"{m.essential_gaps} gaps  [dim]route: {steps}[/dim]"
        )


@learning_app.command("import")
def learning_import(file: Annotated[Path, typer.Argument(help="Offers as .json or .csv.")]) -> None:
    """Add or update learning offers (by their ref); importing again changes nothing."""
    try:
        offers = parse_offers(file.read_text(encoding="utf-8"), file.name)
    except OSError as exc:
        fail(f"{file}: {exc.strerror}.")
    except ImportFileError as exc:
        fail(str(exc))
    with reported_errors(), context.database().unit_of_work() as uow:
        added, updated = advice.import_offers(uow, offers)
    typer.echo(f"{added} offers added, {updated} updated.")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
    app.command("career-paths")(career_paths)
    app.add_typer(match_app, name="match")
    app.add_typer(learning_app, name="learning")
    app.add_typer(demo_app, name="demo")
    app.add_typer(bench_app, name="bench")


demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)


@demo_app.command("load")
def demo_load() -> None:
    """Load a labour-market service with demo holders in its matching pool, an employer
    with vacancies and staff who share for talent management, and learning offers
    (idempotent)."""
    from kunde.matching import demo  # noqa: PLC0415

    matching = _matching()
    keys = context.keys()
    with reported_errors(), context.database().unit_of_work() as uow:
        added = demo.load(
            uow,
            matching,
            keys=keys,
            concepts=matching.taxonomy,
            now=datetime.now(UTC),
            max_days=context.settings().share_max_days,
        )
    typer.echo(", ".join(f"{v} {k} added" for k, v in added.items()))


bench_app = typer.Typer(help="Benchmarks.", no_args_is_help=True)
MIN_BENCH_PASSPORTS = 100
WAREHOUSE_WORKER = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"


@bench_app.command("matching")
def bench_matching(
    passports: Annotated[int, typer.Option(help="Synthetic passports.")] = 100_000,
    postgres_url: Annotated[
        str | None, typer.Option(help="PostgreSQL to use (default: start a throwaway one).")
    ] = None,
    naive_limit: Annotated[int, typer.Option(help="Run the naive loop up to this N.")] = 50_000,
    occupation: Annotated[str, typer.Option(help="ESCO occupation as the vacancy.")] = (
        WAREHOUSE_WORKER
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Top 50 for one vacancy among N synthetic passports: index, scipy, PostgreSQL, naive."""
    from kunde.matching import _throwaway_pg, bench  # noqa: PLC0415 - only this command

    if passports < MIN_BENCH_PASSPORTS:
        fail("Give at least 100 passports.")
    graph = _matching(embeddings=False).graph()
    log = (lambda _: None) if as_json else console.print
    with contextlib.ExitStack() as stack:
        url = postgres_url or stack.enter_context(_throwaway_pg.cluster())
        figures = bench.run(
            graph,
            occupation,
            passports=passports,
            postgres_url=url,
            naive_limit=naive_limit,
            log=log,
        )
    if as_json:
        print_json(figures.as_dict())
        return
    index = figures.latency_ms["index"]["median"]
    for name, value in figures.latency_ms.items():
        console.print(
            f"{name:>9}  median {value['median']:10.3f} ms  p95 {value['p95']:10.3f} ms"
            f"  CPU {value['cpu_median']:10.3f} ms  ({value['median'] / index:,.0f}x index)"
        )
    for phase, value in figures.phases_ms.items():
        console.print(
            f"[dim]index phase {phase}: {value['median']:.3f} ms (CPU {value['cpu_median']:.3f})"
        )
    for note in figures.notes:
        console.print(f"[dim]{note}[/dim]")
