"""The ``dialogue`` command: its database option and the commands of each module of ``cli``."""

import click

from cli import accounts, demo, notify, projections, record, replay, stakeholders, verifiable_log, witness


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


for command in (
    demo.demo,
    record.acts,
    record.status,
    accounts.erase_person,
    accounts.create_admin,
    projections.projections,
    notify.notify,
    stakeholders.import_stakeholders,
    replay.replay_command,
    verifiable_log.verify,
    verifiable_log.export_command,
    witness.witness,
):
    main.add_command(command)
