"""Bolt round trips, `RETURN 1` and an indexed lookup, against our server, FalkorDB and the ceiling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from suite import load
from suite.context import Context, rotated

PEOPLE = 10_000
LOOKUP = "MATCH (p:Person {id: $id}) RETURN p.name"


@dataclass(frozen=True)
class Target:
    name: str
    port: int
    login: load.Login
    # Called before each row; returns the port to use, after restarting the target if it died.
    ensure: Callable[[], int] | None = None


def measure(context: Context, targets: list[Target]) -> None:
    """Run both queries at every connection count, the targets taking turns within each count."""
    by_name = {target.name: target for target in targets}
    scenarios = [
        ("RETURN 1", ["--query", "RETURN 1"]),
        ("indexed lookup", ["--query", LOOKUP, "--int-param", f"id:0:{PEOPLE - 1}"]),
    ]
    turn = 0
    for scenario, arguments in scenarios:
        for connections in context.connections:
            for name in rotated(list(by_name), turn):
                target = by_name[name]

                def measure_once(port: int) -> load.Row:
                    return load.run(
                        "roundtrip",
                        port,
                        scenario=scenario,
                        target=target.name,
                        connections=connections,
                        duration=context.duration,
                        warmup=context.warmup,
                        login=target.login,
                        extra=arguments,
                    )

                row = measure_once(target.ensure() if target.ensure else target.port)
                if row.operations == 0 and target.ensure:
                    # A target that died is restarted by `ensure`; its row is measured once more.
                    context.notes.append(f"{target.name}, {scenario}, {connections} connections: measured again.")
                    row = measure_once(target.ensure())
                context.keep(row)
            turn += 1
