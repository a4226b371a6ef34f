"""``dialogue replay``: a dialogue as it stood at a past moment, replayed from its events."""

import json
from typing import Any

import click

from cli.store import dialogue_of, opened
from projections.replay import ReplayError, as_of_position, replay
from projections.replay_snapshots import SPACING
from projections.replay_view import PAGED


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
    for name, page in state.get("pages", {}).items():
        last = max(1, -(-page["total"] // page["size"]))
        click.echo(f"  {name}: page {page['number']} of {last}, newest first ({page['total']} in all)")


@click.command("replay")
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
@click.option(
    "--page",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help=f"The page of each list ({', '.join(PAGED)}), newest first.",
)
@click.option("--all", "whole", is_flag=True, help="The whole lists, in the dialogue's order, not a page.")
@click.pass_obj
def replay_command(
    database_url: str | None, reference: str, as_of: str, output: str, from_zero: bool, page: int, whole: bool
) -> None:
    """The dialogue as it stood at a past moment, replayed from its events: a page of each of its lists
    (``--page``), or the whole of them (``--all``)."""
    with opened(database_url) as app:
        dialogue_id = dialogue_of(app, reference)
        index, spacing = (None, None) if from_zero else (app.contribution_index, SPACING)
        try:
            position = as_of_position(app.recorder, app.mapper, as_of)
            pages = None if whole else dict.fromkeys(PAGED, page)
            state = replay(
                app.recorder,
                app.mapper,
                dialogue_id,
                position,
                contributions=index,
                spacing=spacing,
                pages=pages,
            )
        except ReplayError as error:
            raise click.ClickException(str(error)) from None
        if output == "json":
            click.echo(json.dumps(state, ensure_ascii=False, indent=2))
        else:
            print_replay(state)
