"""``dialogue import-stakeholders``: stakeholders of a CSV file, all lines checked first."""

import os
from pathlib import Path

import click

from application.stakeholder_import import open_import
from cli.store import dialogue_of, opened
from web import public_url
from web.admin.imports import refused_cells
from web.admin.mails import compose
from web.secret import secret_key


@click.command("import-stakeholders")
@click.option("--dialogue", "reference", required=True, help="The dialogue (id or slug).")
@click.option(
    "--as", "by", required=True, help="The account that records the acts (a convenor or facilitator)."
)
@click.option("--check", is_flag=True, help="Only check the file: report its errors, record nothing.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def import_stakeholders(database_url: str | None, reference: str, by: str, check: bool, file: Path) -> None:
    """Identify the stakeholders of FILE (CSV: name, organisation, category, email, phone, instance, role,
    invite), add them to their instance, grant their role or invite them; nothing if a line is wrong."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.BadParameter("the file is not UTF-8 text", param_hint="FILE") from None
    site = public_url(os.environ.get("FLASK_PUBLIC_URL"))
    with opened(database_url) as app:
        checked = open_import(app, by, dialogue_of(app, reference), text, refused_cells)
        for error in checked.errors:
            click.echo(f"line {error.line}, column {error.column or '-'}: {error.reason}", err=True)
        if checked.errors:
            raise click.ClickException(f"{len(checked.errors)} errors in {file}: nothing recorded")
        if check:
            click.echo(f"{len(checked.lines)} lines are right; nothing recorded (--check)")
            return
        secret = os.environ.get("SECRET_KEY") or secret_key()
        count = checked.record(lambda mail: compose(mail, site, secret))
        click.echo(f"{count} stakeholders recorded")
