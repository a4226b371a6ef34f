"""``dialogue create-admin`` and ``dialogue erase-person``: the first administrator, a person's erasure."""

from uuid import UUID

import click

from cli.store import opened
from domain.account import normalise_login


@click.command("erase-person")
@click.argument("person_id", type=click.UUID)
@click.pass_obj
def erase_person(database_url: str | None, person_id: UUID) -> None:
    """Erase a person's personal data (their key); every event stays as it is."""
    with opened(database_url) as app:
        app.erase_person(person_id)
        click.echo(f"person {person_id} erased: their name, e-mail and phone can no longer be read")


@click.command("create-admin")
@click.argument("login")
@click.password_option(help="Asked for (twice) when not given.")
@click.pass_obj
def create_admin(database_url: str | None, login: str, password: str) -> None:
    """Create a platform administrator (the first one), asking for the password."""
    with opened(database_url) as app:
        app.create_administrator(login, password)
        click.echo(f"administrator {normalise_login(login)} created: sign in and create the other accounts")
