"""``dialogue create-admin`` and ``dialogue erase-person``: the first administrator, a person's erasure
(their account, stakeholders and invitation together)."""

from uuid import UUID

import click

from cli.store import opened
from domain.account import account_id_for, normalise_login
from domain.erasure import GROUNDS


@click.command("erase-person")
@click.argument("person")
@click.option(
    "--reason",
    type=click.Choice(GROUNDS),
    default="request",
    show_default=True,
    help="The ground of the erasure (recorded in the person-erased act).",
)
@click.pass_obj
def erase_person(database_url: str | None, person: str, reason: str) -> None:
    """Erase a person's personal data (their keys); every event stays as it is.

    PERSON is a stakeholder's or an invitation's id, or an account's login: the account,
    the stakeholders identified with it and the invitation it accepted are erased together.
    """
    with opened(database_url) as app:
        try:
            person_id = UUID(person)
        except ValueError:
            person_id = account_id_for(app.account(person)["login"])  # NotFoundError: no such account
        erased = app.erase_person(person_id, reason=reason)
        click.echo(f"person {person} erased: their name, e-mail and phone can no longer be read")
        for record in erased:
            click.echo(f"  erased: {record}")


@click.command("create-admin")
@click.argument("login")
@click.password_option(help="Asked for (twice) when not given.")
@click.pass_obj
def create_admin(database_url: str | None, login: str, password: str) -> None:
    """Create a platform administrator (the first one), asking for the password."""
    with opened(database_url) as app:
        app.create_administrator(login, password)
        click.echo(f"administrator {normalise_login(login)} created: sign in and create the other accounts")
