"""The full contents of the projections' tables, to compare two builds."""

from typing import Any

from projections.runner import ProjectionRunner


def projection_tables(runner: ProjectionRunner) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the runner's projections, in a stable order."""
    contents = {}
    with runner.store.transaction(commit=False) as sql:
        for projection in runner.projections.values():
            for table in projection.tables:
                rows = sql.all(f"SELECT * FROM {table}")
                contents[table] = sorted((tuple(sorted(row.items())) for row in rows), key=repr)
    return contents
