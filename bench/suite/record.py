"""Turn one `bench/run` into the Markdown section of docs/benchmarks.md."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from suite.load import Row

BEGIN = "<!-- bench/run: begin -->"
END = "<!-- bench/run: end -->"


@dataclass
class Goal:
    """One target of the record: what was measured against what was asked."""

    name: str
    measured: str
    expected: str
    met: bool | None


@dataclass
class Results:
    date: str
    command: str
    minutes: float
    machine: str
    versions: list[str]
    rows: list[Row]
    gate: tuple[float, float] | None = None
    memory: list[tuple[int, int]] = field(default_factory=list)
    references: list[Row] = field(default_factory=list)
    scale: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    comparison: list[Row] = field(default_factory=list)
    before_label: str = ""

    def find(self, scenario: str, target: str, connections: int) -> Row | None:
        for row in [*self.rows, *self.references]:
            if row.scenario == scenario and row.target == target and row.connections == connections:
                return row
        return None


def measured(row: Row | None) -> Row | None:
    """Returns the row unless it measured nothing, so a failed target shows as `-`, not 0."""
    return row if row is not None and row.operations > 0 else None


def rate(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:,.0f}"


def ratio(value: float, reference: float) -> str:
    if reference <= 0 or math.isnan(value) or math.isnan(reference):
        return "-"
    return f"{value / reference:.2f}x"


def milliseconds(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.3f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    aligned = ["---" if index == 0 else "---:" for index in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(aligned) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _round_trips(results: Results) -> list[str]:
    scenarios = list(dict.fromkeys(row.scenario for row in results.rows if row.scenario in ROUND_TRIP_SCENARIOS))
    lines: list[str] = []
    body: list[list[str]] = []
    for scenario in scenarios:
        counts = sorted({row.connections for row in results.rows if row.scenario == scenario})
        for connections in counts:
            ours = measured(results.find(scenario, "nornicdb", connections))
            canned = measured(results.find(scenario, "canned", connections))
            falkor = measured(results.find(scenario, "falkordb", connections))
            ours_rate = ours.rate if ours else math.nan
            body.append(
                [
                    scenario,
                    str(connections),
                    rate(canned.rate if canned else math.nan),
                    rate(ours_rate),
                    ratio(ours_rate, canned.rate if canned else math.nan),
                    rate(falkor.rate if falkor else math.nan),
                    ratio(ours_rate, falkor.rate if falkor else math.nan),
                ]
            )
    header = ["query", "connections", "canned /s", "NornicDB /s", "vs canned", "FalkorDB /s", "vs FalkorDB"]
    lines += _table(header, body)
    return lines


ROUND_TRIP_SCENARIOS = ("RETURN 1", "indexed lookup")


def _latencies(rows: list[Row]) -> list[str]:
    body = [
        [
            row.scenario,
            row.target,
            str(row.connections),
            f"{row.operations:,}",
            rate(row.rate),
            milliseconds(row.p50_ms),
            milliseconds(row.p99_ms),
            milliseconds(row.p999_ms),
            str(row.errors),
        ]
        for row in rows
    ]
    header = ["scenario", "target", "connections", "operations", "per second", "p50 ms", "p99 ms", "p99.9 ms"]
    return _table([*header, "errors"], body)


def _memory(results: Results) -> list[str]:
    if not results.memory:
        return []
    base = results.memory[0][1]
    body = []
    for connections, kib in results.memory:
        each = (kib - base) / connections if connections else math.nan
        body.append([str(connections), f"{kib / 1024:,.1f}", "-" if math.isnan(each) else f"{each:,.1f}"])
    return _table(["idle connections", "resident MiB", "KiB per connection"], body)


def _scale(results: Results) -> list[str]:
    if not results.scale:
        return []
    body = []
    for row in results.scale:
        memory = row.get("memory_mib")
        body.append(
            [
                str(row.get("scenario")),
                f"{int(row.get('size', 0)):,}",  # type: ignore[arg-type]
                str(row.get("target")),
                rate(float(row.get("rate", math.nan))),  # type: ignore[arg-type]
                str(row.get("unit", "")),
                milliseconds(float(row.get("p50_ms") or math.nan)),  # type: ignore[arg-type]
                milliseconds(float(row.get("p99_ms") or math.nan)),  # type: ignore[arg-type]
                "-" if memory is None else f"{float(memory):,.0f}",  # type: ignore[arg-type]
            ]
        )
    return _table(["scenario", "nodes", "target", "rate", "unit", "p50 ms", "p99 ms", "memory MiB"], body)


def _comparison(results: Results) -> list[str]:
    best: dict[tuple[str, int, str], Row] = {}
    for row in results.comparison:
        key = (row.scenario, row.connections, row.target)
        if key not in best or row.rate > best[key].rate:
            best[key] = row
    body = []
    for scenario, connections in dict.fromkeys((row.scenario, row.connections) for row in results.comparison):
        before = best.get((scenario, connections, "before"))
        after = best.get((scenario, connections, "after"))
        if before is None or after is None:
            continue
        body.append(
            [
                scenario,
                str(connections),
                rate(before.rate),
                milliseconds(before.p99_ms),
                rate(after.rate),
                milliseconds(after.p99_ms),
                ratio(after.rate, before.rate),
            ]
        )
    header = ["scenario", "connections", "before /s", "before p99 ms", "after /s", "after p99 ms", "after / before"]
    return _table(header, body)


def _verdict(met: bool | None) -> str:
    if met is None:
        return "-"
    return "yes" if met else "no"


def render(results: Results) -> str:
    lines = [
        BEGIN,
        f"## Side by side with peers and the ceiling, {results.date}",
        "",
        "Written by `bench/run`; the next run replaces this section. Everything below ran in one",
        "run on one machine, the targets taking turns.",
        "",
        f"- **Machine:** {results.machine}.",
        "- **Versions:** " + "; ".join(results.versions) + ".",
        f"- **Command:** `{results.command}` ({results.minutes:.0f} minutes).",
        "- **Client:** `nornicdb-load`, the repository's Swift Bolt load generator, one thread per",
        "  connection, on the same machine over loopback, unless a row says otherwise.",
        "",
        "### Targets",
        "",
        *_table(
            ["target", "measured", "expected", "met"],
            [
                [goal.name, goal.measured, goal.expected, _verdict(goal.met)]
                for goal in results.goals
            ],
        ),
        "",
        "### Bolt round trips",
        "",
        "The canned responder answers every RUN and PULL with fixed bytes: no server can do more for",
        "this client on this machine. FalkorDB answers on its own Bolt endpoint.",
        "",
        *_round_trips(results),
        "",
        "### Every measurement",
        "",
        *_latencies([*results.rows, *results.references]),
        "",
    ]
    if results.gate:
        on, off = results.gate
        cost = (1 - on / off) * 100 if off > 0 else math.nan
        lines += [
            "### The permission gate",
            "",
            f"`RETURN 1` on one connection: {rate(on)}/s with authentication on and {rate(off)}/s with",
            f"`NORNICDB_AUTH=none` (medians of alternating rounds), so authentication and the gate cost",
            f"{cost:.1f}% of a round trip.",
            "",
        ]
    if results.memory:
        lines += ["### Memory per idle connection", "", *_memory(results), ""]
    if results.comparison:
        lines += [
            "### Before and after the changes in this run's build",
            "",
            f"Before: {results.before_label}. After: the build measured above. The best of two",
            "alternating rounds of each.",
            "",
            *_comparison(results),
            "",
        ]
    if results.scale:
        lines += ["### Graph size beside FalkorDB and SQLite", "", *_scale(results), ""]
    if results.notes:
        lines += ["### Notes", "", *[f"- {note}" for note in results.notes], ""]
    lines.append(END)
    return "\n".join(lines) + "\n"


def write(path: Path, results: Results) -> None:
    """Replace the marked section of `path`, or put it after the page's opening paragraph."""
    section = render(results)
    text = path.read_text() if path.exists() else "# Benchmarks\n\n"
    if BEGIN in text and END in text:
        start = text.index(BEGIN)
        end = text.index(END) + len(END)
        text = text[:start] + section.rstrip("\n") + text[end:]
    else:
        marker = "\n## "
        position = text.find(marker)
        if position < 0:
            text = text.rstrip("\n") + "\n\n" + section
        else:
            text = text[: position + 1] + section + "\n" + text[position + 1 :]
    path.write_text(text)
