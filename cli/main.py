"""The ``dialogue`` command: demo, acts, status, erase-person."""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import click
import psycopg
from application.demo import record_demo
from eventsourcing.persistence import PersistenceError

from application.dialogues import DialogueApp
from application.errors import ApplicationError
from application.settings import SettingsError, persistence_env
from domain.errors import DomainError


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
@click.pass_obj
def demo(database_url: str | None) -> None:
    """Record the demo dialogues (once; running it again changes nothing)."""
    with opened(database_url) as app:
        before = app.recorder.max_notification_id() or 0
        result = record_demo(app)
        after = app.recorder.max_notification_id() or 0
        click.echo(f"{after - before} acts recorded" if after > before else "demo already recorded")
        for slug, dialogue_id in result.dialogues.items():
            click.echo(f"dialogue {slug}: {dialogue_id}")
        for role, account in result.accounts.items():
            click.echo(f"  {role:<16} {account}")


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
    counts = ", ".join(f"{n} {name}" for name, n in status["counts"].items())
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
