"""``dialogue demo``: the bundled demo dialogues, or a scenario of one's own."""

import os
from pathlib import Path
from uuid import UUID

import click

from application.demo import PartlyRecordedError, ScenarioError, load_scenario, record_demo
from application.dialogues import DialogueApp
from application.settings import database_url as default_database_url
from cli.store import opened
from web import public_url
from web.admin.mails import compose
from web.secret import secret_key

INVITED = "dominique.roux@example.org"
"""The demo's pending invitation (a fictitious address): its mail is at /admin/mail once the server runs."""


@click.command()
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
        except PartlyRecordedError as error:
            if scenario is not None:
                raise click.ClickException(str(error)) from None
            store = database_url or default_database_url()
            click.echo(f"demo not recorded: {error}", err=True)
            click.echo(
                f"The store holds an earlier version of the demo, served as it is; to record this version's,"
                f" move {store} aside and run again.",
                err=True,
            )
            return
        except ScenarioError as error:
            raise click.ClickException(str(error)) from None
        if scenario is None and result.recorded:
            invite_to_the_demo(app, result.accounts["convenor"], next(iter(result.dialogues.values())))
        after = app.recorder.max_notification_id() or 0
        click.echo(f"{after - before} acts recorded" if after > before else "demo already recorded")
        for slug, dialogue_id in result.dialogues.items():
            click.echo(f"dialogue {slug}: {dialogue_id}")
        for role, account in result.accounts.items():
            click.echo(f"  {role:<16} {account}")
        click.echo(f"  {'administrator':<16} {result.administrator}")
        click.echo(f"password of every demo login: {result.password}")


def invite_to_the_demo(app: DialogueApp, convenor: str, dialogue_id: UUID) -> None:
    """One pending invitation, as a stakeholder of the main dialogue; its link from PUBLIC_URL."""
    site = public_url(os.environ.get("FLASK_PUBLIC_URL"))
    app.invite_person(
        convenor,
        email=INVITED,
        name="Dominique Roux",
        language="fr",
        dialogue_id=dialogue_id,
        role="stakeholder",
        compose=lambda mail: compose(mail, site, os.environ.get("SECRET_KEY") or secret_key()),
    )
