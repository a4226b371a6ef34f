"""The ``dialogue`` command: demo, acts, status, erase-person, projections, replay, verify, export."""

import json
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

import click
import psycopg
from eventsourcing.persistence import PersistenceError

from application.demo import ScenarioError, load_scenario, record_demo
from application.dialogues import DialogueApp
from application.errors import ApplicationError
from application.settings import SettingsError, persistence_env
from application.signing import HeadSigner, fingerprint_of, head_every, signing_key_file
from cli.verifiable_log import export, verify_database
from domain.account import normalise_login
from domain.errors import DomainError
from projections.catalogue import all_projections
from projections.replay import ReplayError, as_of_position, replay
from projections.replay_snapshots import SPACING
from projections.runner import ProjectionRunner


@contextmanager
def opened(database_url: str | None) -> Iterator[DialogueApp]:
    """The application on ``database_url``; a clear message if the store can't be reached."""
    try:
        app = DialogueApp(persistence_env(database_url))
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    except (PersistenceError, psycopg.Error, sqlite3.Error, OSError) as error:
        raise click.ClickException(f"cannot open the database {database_url or ''}: {error}") from None
    try:
        yield app
    except (ApplicationError, DomainError) as error:
        raise click.ClickException(str(error)) from None
    finally:
        app.close()


def dialogue_of(app: DialogueApp, reference: str) -> UUID:
    """A dialogue given by its id or its slug."""
    try:
        return UUID(reference)
    except ValueError:
        return app.dialogue_id(reference)


@click.group()
@click.option(
    "--database-url",
    envvar="DATABASE_URL",
    default=None,
    help="sqlite:///path or postgresql://user@host:port/db (default: sqlite:///var/dialogue.sqlite3).",
)
@click.pass_context
def main(context: click.Context, database_url: str | None) -> None:
    """Territorial dialogue: every act of the process, recorded and verifiable."""
    context.obj = database_url


@main.command()
@click.option(
    "--scenario",
    "scenario_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A scenario of your own (docs/scenarios.md); default: the bundled Vèze valley demo.",
)
@click.pass_obj
def demo(database_url: str | None, scenario_file: Path | None) -> None:
    """Record the demo dialogues, or a scenario's (once; running it again changes nothing)."""
    try:
        scenario = None if scenario_file is None else load_scenario(scenario_file)
    except ScenarioError as error:
        raise click.ClickException(str(error)) from None
    with opened(database_url) as app:
        before = app.recorder.max_notification_id() or 0
        try:
            result = record_demo(app, scenario)
        except ScenarioError as error:
            raise click.ClickException(str(error)) from None
        after = app.recorder.max_notification_id() or 0
        click.echo(f"{after - before} acts recorded" if after > before else "demo already recorded")
        for slug, dialogue_id in result.dialogues.items():
            click.echo(f"dialogue {slug}: {dialogue_id}")
        for role, account in result.accounts.items():
            click.echo(f"  {role:<16} {account}")
        click.echo(f"  {'administrator':<16} {result.administrator}")
        click.echo(f"password of every demo login: {result.password}")


@main.command()
@click.option("--dialogue", "reference", help="Only the acts of this dialogue (id or slug).")
@click.option("--format", "output", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_obj
def acts(database_url: str | None, reference: str | None, output: str) -> None:
    """List every recorded act in log order."""
    with opened(database_url) as app:
        dialogue_id = None if reference is None else dialogue_of(app, reference)
        for act in app.acts(dialogue_id):
            if output == "jsonl":
                click.echo(json.dumps(act, ensure_ascii=False))
            else:
                click.echo(
                    f"{act['position']:>7}  {act['recorded_at'][:19]}  {act['stage']:<22}  "
                    f"{act['act']:<31}  {act['actor_role']:<15}  {act['actor_id']}"
                )


def print_status(status: dict[str, Any]) -> None:
    state = "closed" if status["closed"] else "open"
    click.echo(f"{status['title']} ({status['slug']}, {status['id']})")
    click.echo(f"  stage: {status['stage']} [{state}]")
    for indicator in status["indicators"]:
        mark = "met    " if indicator["met"] else "NOT MET"
        click.echo(f"  {mark}  {indicator['name']}: {indicator['detail']}")
    counts = ", ".join(f"{name}: {n}" for name, n in status["counts"].items())
    click.echo(f"  {counts}")
    for waiver in status["waivers"]:
        click.echo(f"  waiver {waiver['from']} -> {waiver['to']}: {waiver['waiver']}")


@main.command()
@click.option("--dialogue", "reference", help="Only this dialogue (id or slug); default: every dialogue.")
@click.pass_obj
def status(database_url: str | None, reference: str | None) -> None:
    """Print the current stage and each exit indicator, met or not."""
    with opened(database_url) as app:
        if reference is not None:
            ids = [dialogue_of(app, reference)]
        else:
            ids = [UUID(d["id"]) for d in app.dialogues()]
            if not ids:
                click.echo("no dialogue recorded yet (try: dialogue demo)")
        for dialogue_id in ids:
            print_status(app.status(dialogue_id))


@main.command("erase-person")
@click.argument("person_id", type=click.UUID)
@click.pass_obj
def erase_person(database_url: str | None, person_id: UUID) -> None:
    """Erase a person's personal data (their key); every event stays as it is."""
    with opened(database_url) as app:
        app.erase_person(person_id)
        click.echo(f"person {person_id} erased: their name, e-mail and phone can no longer be read")


@main.command("create-admin")
@click.argument("login")
@click.password_option(help="Asked for (twice) when not given.")
@click.pass_obj
def create_admin(database_url: str | None, login: str, password: str) -> None:
    """Create a platform administrator (the first one), asking for the password."""
    with opened(database_url) as app:
        app.create_administrator(login, password)
        click.echo(f"administrator {normalise_login(login)} created: sign in and create the other accounts")


# --- projections -------------------------------------------------------------


def projection_runner(
    app: DialogueApp, batch_size: int = 2000, database_url: str | None = None
) -> ProjectionRunner:
    """Every read model; the Merkle log signs its heads with the key of SIGNING_KEY_FILE.

    A rebuild opens it again in worker processes, on ``database_url`` (default: DATABASE_URL).
    """
    try:
        projections = all_projections(HeadSigner(), head_every())
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    opener = partial(open_projection_runner, database_url, batch_size)
    return ProjectionRunner(app.recorder, app.mapper, projections, batch_size=batch_size, opener=opener)


@contextmanager
def open_projection_runner(database_url: str | None, batch_size: int) -> Iterator[ProjectionRunner]:
    """``projection_runner`` on its own application, for a rebuild's worker process."""
    with opened(database_url) as app:
        yield projection_runner(app, batch_size, database_url)


class ProgressReport:
    """Reports a runner's progress: a bar with events/s and ETA on a terminal, plain lines otherwise."""

    WIDTH = 30

    def __init__(self, label: str, start: int, *, every: float = 1.0, tty: bool | None = None):
        self.label = label
        self.start = start
        self.every = every
        self.tty = sys.stdout.isatty() if tty is None else tty
        self.began = self.shown = time.monotonic()
        self.position = start
        self.head = start

    def __call__(self, position: int, head: int) -> None:
        self.position, self.head = position, head
        now = time.monotonic()
        if self.tty:
            click.echo("\r" + self.line(now), nl=False)
        elif now - self.shown >= self.every:
            click.echo(self.line(now))
            self.shown = now

    def rate(self, now: float) -> float:
        return (self.position - self.start) / max(now - self.began, 1e-6)

    def line(self, now: float) -> str:
        total = max(self.head - self.start, 1)
        done = min(max(self.position - self.start, 0) / total, 1.0)
        rate = self.rate(now)
        eta = (self.head - self.position) / rate if rate > 0 else 0.0
        minutes, seconds = divmod(int(eta), 60)
        counts = f"{self.position}/{self.head} {done:4.0%}, {rate:,.0f} events/s, ETA {minutes}:{seconds:02d}"
        if self.tty:
            filled = int(done * self.WIDTH)
            return f"{self.label} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {counts}"
        return f"{self.label}: {counts}"

    def finish(self) -> None:
        now = time.monotonic()
        events = self.position - self.start
        line = f"{self.label}: {events} events in {now - self.began:.1f} s ({self.rate(now):,.0f} events/s)"
        click.echo(("\r\033[K" if self.tty else "") + line)


@main.group()
def projections() -> None:
    """Read models built from the log: their positions, rebuild, follow."""


@projections.command("status")
@click.pass_obj
def projections_status(database_url: str | None) -> None:
    """Each read model's position in the log, the head of the log and the lag."""
    with opened(database_url) as app:
        runner = projection_runner(app)
        head = runner.head()
        click.echo(f"{'projection':<20} {'position':>10} {'head':>10} {'lag':>10}")
        for name, position in runner.positions().items():
            click.echo(f"{name:<20} {position:>10} {head:>10} {head - position:>10}")


@projections.command("rebuild")
@click.argument("name", required=False)
@click.option("--batch-size", type=click.IntRange(min=1), default=50_000, show_default=True)
@click.pass_obj
def projections_rebuild(database_url: str | None, name: str | None, batch_size: int) -> None:
    """Drop the read model NAME (default: every one) and build it again from position 0."""
    with opened(database_url) as app:
        runner = projection_runner(app, batch_size, database_url)
        if name is not None and name not in runner.projections:
            known = ", ".join(runner.projections)
            raise click.BadParameter(f"no projection {name!r}; known: {known}", param_hint="NAME")
        names = [name] if name else list(runner.projections)
        report = ProgressReport(f"rebuilding {', '.join(names)}", 0)
        runner.rebuild(names, report)
        report.finish()


@projections.command("run")
@click.option("--batch-size", type=click.IntRange(min=1), default=2000, show_default=True)
@click.option(
    "--interval",
    type=click.FloatRange(min=0.01),
    default=0.5,
    show_default=True,
    help="Seconds between polls.",
)
@click.pass_obj
def projections_run(database_url: str | None, batch_size: int, interval: float) -> None:
    """Keep every read model up to date, polling the log, until SIGINT or SIGTERM."""
    with opened(database_url) as app:
        runner = projection_runner(app, batch_size)
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            start = min(runner.positions().values(), default=0)
            click.echo(f"following the log from position {start} (head {runner.head()}); stop with Ctrl-C")
            report = ProgressReport("catching up", start, every=5.0)
            runner.follow(stop, interval, progress=report)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        click.echo(f"stopped at position {min(runner.positions().values(), default=0)}")


# --- replay ------------------------------------------------------------------


def counted(count: int, noun: str) -> str:
    """``count`` and its noun, given in the plural (a plain -s; ``_`` for spaces): "1 meeting held"."""
    first, *rest = noun.split("_")
    return " ".join([str(count), first.removesuffix("s") if count == 1 else first, *rest])


def print_replay(state: dict[str, Any]) -> None:
    closed = "closed" if state["closed"] else "open"
    click.echo(f"{state['title']} ({state['slug']}, {state['dialogue_id']})")
    click.echo(f"  as of position {state['as_of']}, recorded at {state['recorded_at']}")
    click.echo(f"  stage: {state['stage']} [{closed}]")
    for indicator in state["indicators"]:
        mark = "met    " if indicator["met"] else "NOT MET"
        click.echo(f"  {mark}  {indicator['name']}: {indicator['detail']}")
    counts = []
    for name, count in state["counts"].items():
        if isinstance(count, dict):  # by status
            detail = ", ".join(f"{n} {status}" for status, n in count.items())
            counts.append(counted(sum(count.values()), name) + (f" ({detail})" if detail else ""))
        else:
            counts.append(counted(count, name))
    click.echo("  " + "; ".join(counts))
    for transition in state["transitions"]:
        if transition["waiver"]:
            click.echo(f"  waiver {transition['from']} -> {transition['to']}: {transition['waiver']}")
    for instance in state["instances"]:
        members = (
            ", ".join(f"{m['organisation']} ({m['category']})" for m in instance["members"]) or "no members"
        )
        click.echo(
            f"  instance {instance['name']} [{instance['kind']}, {instance['functioning_rule']}]: {members}"
        )
    for proposal in state["proposals"]:
        click.echo(
            f"  proposal {proposal['status']:<20} {proposal['title']}"
            f" ({counted(proposal['endorsements'], 'endorsements')},"
            f" {counted(proposal['objections'], 'objections')})"
        )
    titles = {proposal["id"]: proposal["title"] for proposal in state["proposals"]}
    for decision in state["decisions"]:
        votes = decision["votes"]
        click.echo(
            f"  decision {decision['adopted_on']} {decision['body_name']}"
            f" ({decision['deliberation_reference']}): {votes['for']} for, {votes['against']} against,"
            f" {counted(votes['abstentions'], 'abstentions')}"
        )
        for outcome in decision["outcomes"]:
            title = titles.get(outcome["proposal_id"], outcome["proposal_id"])
            because = f" ({outcome['justification']})" if outcome["justification"] else ""
            click.echo(f"    {outcome['outcome']:<20} {title}{because}")
    for action in state["actions"]:
        operator = f"{action['operator']} ({action['organisation']})" if action["operator"] else "no operator"
        click.echo(f"  action {action['status']:<16} {action['title']}: {operator}, {action['progress']} %")


@main.command("replay")
@click.option("--dialogue", "reference", required=True, help="The dialogue (id or slug).")
@click.option(
    "--as-of",
    "as_of",
    required=True,
    help="A position of the log, or an ISO 8601 time (UTC unless it has an offset; a date: its end).",
)
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--from-zero",
    is_flag=True,
    help="Fold every event from the start, without snapshots or the index of contributions.",
)
@click.pass_obj
def replay_command(
    database_url: str | None, reference: str, as_of: str, output: str, from_zero: bool
) -> None:
    """The dialogue as it stood at a past moment, replayed from its events."""
    with opened(database_url) as app:
        dialogue_id = dialogue_of(app, reference)
        index, spacing = (None, None) if from_zero else (app.contribution_index, SPACING)
        try:
            position = as_of_position(app.recorder, app.mapper, as_of)
            state = replay(
                app.recorder, app.mapper, dialogue_id, position, contributions=index, spacing=spacing
            )
        except ReplayError as error:
            raise click.ClickException(str(error)) from None
        if output == "json":
            click.echo(json.dumps(state, ensure_ascii=False, indent=2))
        else:
            print_replay(state)


# --- verifiable log ------------------------------------------------------------


def report_problems(problems: list[Any], checked: str) -> None:
    """Exit 0 with a summary when all holds; otherwise name the first position that does not match."""
    if not problems:
        click.echo(f"verified: {checked}; every leaf, root and signature holds")
        return
    click.echo(f"NOT VERIFIED: first problem at {problems[0]}", err=True)
    for problem in problems[1:20]:
        click.echo(f"  also {problem}", err=True)
    if len(problems) > 20:
        click.echo(f"  ... and {len(problems) - 20} more", err=True)
    raise SystemExit(1)


@main.command("verify")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--public-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The heads' public key (PEM); default: that of SIGNING_KEY_FILE (or of the export).",
)
@click.pass_obj
def verify(database_url: str | None, folder: Path | None, public_key: Path | None) -> None:
    """Recompute the transparency log's leaves and roots and check every head's signature.

    Without FOLDER: against the database. With FOLDER: offline, on an export
    (`dialogue export`), without the server or the database. Exits 0 when all
    holds; otherwise 1, naming the first position that does not match.
    """
    from projections import verify_log

    if folder is not None:
        if public_key is not None:
            published = verify_log.load_public_key(public_key.read_bytes())
            exported = verify_log.load_public_key(
                (folder / verify_log.EXPORT_FILES["public_key"]).read_bytes()
            )
            if fingerprint_of(published) != fingerprint_of(exported):
                report_problems([verify_log.Problem(0, "the export's public key is not the one given")], "")
        try:
            problems = verify_log.read_export(folder)
        except (OSError, ValueError, KeyError) as error:
            raise click.ClickException(f"cannot read the export {folder}: {error}") from None
        report_problems(problems, f"export {folder}")
        return
    key = (
        verify_log.load_public_key(public_key.read_bytes())
        if public_key is not None
        else HeadSigner(signing_key_file()).public_key
    )
    with opened(database_url) as app:
        runner = projection_runner(app)
        problems = verify_database(app, runner, key)
        head = runner.head()
    report_problems(problems, f"{head} events of the database")


@main.command("export")
@click.option("--dialogue", "reference", required=True, help="The dialogue (id or slug).")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def export_command(database_url: str | None, reference: str, out: Path) -> None:
    """Open-data export of the transparency log: leaves (JSON, CSV), heads, the dialogue's events, the key."""
    signer = HeadSigner(signing_key_file())
    with opened(database_url) as app:
        dialogue_id = dialogue_of(app, reference)
        app.status(dialogue_id)  # NotFoundError (a clear message) for an unknown dialogue
        counts = export(app, projection_runner(app), dialogue_id, out, signer.public_key)
    click.echo(
        f"exported {counts['events']} events of dialogue {dialogue_id}, {counts['leaves']} leaves"
        f" and {counts['heads']} signed heads to {out} (key {signer.fingerprint})"
    )
