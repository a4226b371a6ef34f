"""Run every benchmark of bench/ and print a table of their targets (``make bench``).

    .venv/bin/python bench/run_all.py [--full] [--only NAME,...]

Each benchmark runs in a process of its own, at a quick size (under 10
minutes in all on 2 cores) or, with ``--full``, at the sizes the issues name.
Its output is shown as it comes; its last line, JSON, gives a row of the
table: name, size, main figure, ratio, target, ok (the ratio within its target,
a ``p99_ms`` within ``target_p99_ms`` where a benchmark gives one, and the other
targets its ``Bench.also`` names). The exit code is 1 if a benchmark fails or
misses its target.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
HELPERS = {"__init__", "harness", "live_setup", "run_all", "workload"}
"""Modules of bench/ that are no benchmark."""


@dataclass(frozen=True)
class Bench:
    quick: tuple[str, ...]
    full: tuple[str, ...]
    at_least: bool
    """True: the ratio must reach the target (a throughput); False: stay under it (a latency)."""
    figure: str
    """The main figure: a key of the JSON line, dotted for a nested one."""
    ratio: str = "ratio"
    """The key of the ratio compared with the target."""
    also: tuple[tuple[str, str, bool], ...] = ()
    """More targets of the same line: (ratio key, dotted if nested; target key; at_least)."""


BENCHES = {
    "projections_rebuild": Bench(("--events", "1000000"), ("--events", "1000000"), True, "events_per_s"),
    "notify": Bench(("--participants", "1000"), ("--participants", "1000"), True, "mails_per_s"),
    "verify": Bench(("--events", "100000"), ("--events", "1000000"), True, "events_per_s"),
    "write_path": Bench(
        ("--acts", "1000", "--http-acts", "1600"),
        (),
        True,
        "sqlite.mix.app",
        also=(("http_ratio", "http_target", True),),
    ),
    "page_latency": Bench(
        ("--requests", "50"),
        ("--requests", "200"),
        False,
        "pages.public.p95_ms",
        also=(("writer_ratio", "writer_target", False), ("pages.audit.writer_ratio", "writer_target", False)),
    ),
    "time_travel": Bench(
        ("--acts", "100000"),
        ("--acts", "1000000"),
        False,
        "p95_ms",
        also=(("max_ms", "max_target_ms", False),),
    ),
    "live_fanout": Bench(
        ("--clients", "100", "--pace", "0.25"), ("--clients", "1000"), False, "p99_ms", "ratio_p99"
    ),
    "live_latency": Bench(("--clients", "10"), ("--clients", "50"), False, "p99_ms", "ratio_p99"),
    "live_board": Bench(("--members", "20", "--cards", "100"), (), False, "p99_render_ms", "ratio_p99"),
    "platform_scale": Bench(
        ("--dialogues", "100", "--events", "200000", "--requests", "40"),
        ("--dialogues", "1000", "--events", "2000000"),
        True,
        "stores.sqlite.rebuild.events_per_s",
        also=(("page_ratio", "page_target", False),),
    ),
}


def figure(result: dict[str, Any], key: str) -> Any:
    value: Any = result
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def children_cpu() -> float:
    """CPU seconds (user and system) of this process's ended children and theirs (not the databases')."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run(name: str, arguments: tuple[str, ...]) -> dict[str, Any] | None:
    """Run one benchmark, echoing its output; its last JSON line, or None if it failed."""
    command = [sys.executable, str(BENCH / f"{name}.py"), *arguments]
    print(f"\n=== {name} {' '.join(arguments)}", flush=True)
    began, cpu = time.perf_counter(), children_cpu()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603 (our own scripts)
    last = ""
    assert process.stdout is not None
    for line in process.stdout:
        print(line, end="", flush=True)
        last = line if line.strip() else last
    process.wait()
    spent = f"{time.perf_counter() - began:.0f} s ({children_cpu() - cpu:.0f} s of CPU)"
    print(f"=== {name}: {spent}, exit code {process.returncode}", flush=True)
    try:
        result: dict[str, Any] = json.loads(last)
    except json.JSONDecodeError:
        return None
    return result if process.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the sizes the issues name")
    parser.add_argument("--only", help="comma-separated names (default: all)")
    options = parser.parse_args()
    found = sorted(path.stem for path in BENCH.glob("*.py") if path.stem not in HELPERS)
    unknown = [name for name in found if name not in BENCHES]
    if unknown:
        sys.exit(f"bench/run_all.py: add {', '.join(unknown)} to BENCHES (sizes, direction, figure)")
    names = options.only.split(",") if options.only else found
    began = time.perf_counter()
    rows = []
    for name in names:
        bench = BENCHES[name]
        result = run(name, bench.full if options.full else bench.quick)
        if result is None:
            rows.append((name, "-", "-", "-", "-", "FAILED"))
            continue
        ratio, target = float(result[bench.ratio]), float(result["target"])
        ok = ratio >= target if bench.at_least else ratio <= target
        bound = ""
        if "target_p99_ms" in result:  # an absolute bound besides the ratio (live_latency)
            ok = ok and float(result["p99_ms"]) <= float(result["target_p99_ms"])
            bound = f", p99 <= {result['target_p99_ms']} ms"
        for key, target_key, at_least in bench.also:  # a second target (platform_scale, page_latency...)
            value, other = float(figure(result, key)), float(figure(result, target_key))
            ok = ok and (value >= other if at_least else value <= other)
            bound += f", {key} {value} {'>=' if at_least else '<='} {other}"
        size = result.get("events", result.get("acts", result.get("clients", "-")))
        rows.append(
            (
                name,
                size,
                figure(result, bench.figure),
                ratio,
                f"{'>=' if bench.at_least else '<='} {target}{bound}",
                "ok" if ok else "MISSED",
            )
        )
    header = ("bench", "size", "figure", "ratio", "target", "ok")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    mode = "full" if options.full else "quick"
    spent = f"{time.perf_counter() - began:.0f} s, {children_cpu():.0f} s of CPU"
    print(f"\nAll benchmarks in {spent} ({mode} sizes):")
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    sys.exit(0 if all(row[-1] == "ok" for row in rows) else 1)


if __name__ == "__main__":
    main()
