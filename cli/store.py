"""What every command opens: the application on its database, a dialogue by reference, the read models."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from uuid import UUID

import click
import psycopg
from eventsourcing.persistence import PersistenceError

from application.dialogues import DialogueApp
from application.errors import ApplicationError
from application.settings import SettingsError, persistence_env
from application.signing import HeadSigner, head_every
from domain.errors import DomainError
from projections.catalogue import all_projections
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
