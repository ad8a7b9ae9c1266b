"""The permission gate's cost: `RETURN 1` with authentication off and on, in alternating rounds."""

from __future__ import annotations

import statistics

from suite import load, targets
from suite.context import Context

ROUNDS = 5


def measure(context: Context, logins: targets.Logins) -> tuple[float, float]:
    """Return the median `RETURN 1` rates with authentication on and off, one connection each.

    With `NORNICDB_AUTH=none` every connection acts as admin and the gate still runs, so the
    difference is the login's identity checks before each statement, not the gate alone.
    """
    secured = targets.nornicdb(context.root, "gate-on")
    open_server = targets.nornicdb(context.root, "gate-off", NORNICDB_AUTH="none")
    rates: dict[str, list[float]] = {"on": [], "off": []}
    try:
        for turn in range(ROUNDS):
            order = [("on", secured, logins.bearer), ("off", open_server, load.NO_LOGIN)]
            if turn % 2:
                order.reverse()
            for label, server, login in order:
                row = context.keep(
                    load.run(
                        "roundtrip",
                        server.bolt_port,
                        scenario=f"RETURN 1, authentication {label}",
                        target="nornicdb",
                        connections=1,
                        duration=context.duration,
                        warmup=context.warmup,
                        login=login,
                        extra=["--query", "RETURN 1"],
                    )
                )
                rates[label].append(row.rate)
    finally:
        secured.stop()
        open_server.stop()
    return statistics.median(rates["on"]), statistics.median(rates["off"])
