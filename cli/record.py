"""``dialogue acts`` and ``dialogue status``: the recorded acts, each dialogue's stage and indicators."""

import json
from typing import Any

import click

from cli.store import dialogue_of, opened


@click.command()
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


@click.command()
@click.option("--dialogue", "reference", help="Only this dialogue (id or slug); default: every dialogue.")
@click.pass_obj
def status(database_url: str | None, reference: str | None) -> None:
    """Print the current stage and each exit indicator, met or not."""
    with opened(database_url) as app:
        if reference is not None:
            ids = [dialogue_of(app, reference)]
        else:
            ids = app.dialogue_ids()
            if not ids:
                click.echo("no dialogue recorded yet (try: dialogue demo)")
        for dialogue_id in ids:
            print_status(app.status(dialogue_id))
