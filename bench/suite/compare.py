"""Before and after: the same scenarios against an earlier build of the server and the current one."""

from __future__ import annotations

from pathlib import Path

from suite import load, targets
from suite.context import Context

SCENARIOS = (
    ("RETURN 1", "roundtrip", 1, ["--query", "RETURN 1"]),
    ("RETURN 1", "roundtrip", 4, ["--query", "RETURN 1"]),
    ("RETURN 1", "roundtrip", 16, ["--query", "RETURN 1"]),
    ("RETURN 1", "roundtrip", 64, ["--query", "RETURN 1"]),
    ("login, bearer", "login", 1, []),
    ("login, bearer", "login", 4, []),
    ("login, basic", "login", 1, []),
)
ROUNDS = 2


def measure(context: Context, before: Path, logins: targets.Logins) -> list[load.Row]:
    """Run every scenario against both builds, alternating them, `ROUNDS` times; return all rows.

    The targets are named `before` and `after`; the record keeps the best round of each.
    """
    servers = {
        "before": targets.nornicdb(context.root, "before", binary=before),
        "after": targets.nornicdb(context.root, "after"),
    }
    rows: list[load.Row] = []
    try:
        for scenario, mode, connections, extra in SCENARIOS:
            login = logins.basic if "basic" in scenario else logins.bearer
            for turn in range(ROUNDS):
                order = ["before", "after"] if turn % 2 == 0 else ["after", "before"]
                for name in order:
                    row = load.run(
                        mode,
                        servers[name].bolt_port,
                        scenario=scenario,
                        target=name,
                        connections=connections,
                        duration=context.duration,
                        warmup=context.warmup,
                        login=login,
                        extra=extra,
                    )
                    context.progress(f"{scenario} / {name} / {connections}: {row.rate:,.0f}/s")
                    rows.append(row)
    finally:
        for server in servers.values():
            server.stop()
    return rows
