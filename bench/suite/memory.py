"""Resident memory of our server with 0, 1,000 and 5,000 idle logged-in connections."""

from __future__ import annotations

import time

from suite import load, targets
from suite.context import Context

SETTLE_SECONDS = 2.0


def measure(context: Context, logins: targets.Logins, counts: tuple[int, ...] = (1_000, 5_000)) -> list[tuple[int, int]]:
    """Return (connections, resident KiB) pairs, starting with 0 connections.

    Connections are added on top of the ones already open, so the last figure includes all of them.
    """
    server = targets.nornicdb(context.root, "memory")
    held: list[load.IdleConnections] = []
    readings: list[tuple[int, int]] = []
    try:
        assert server.process is not None
        pid = server.process.pid
        # One login first, so the figure at 0 includes what the first connection sets up once.
        first = load.IdleConnections(server.bolt_port, 1, logins.bearer)
        first.close()
        time.sleep(SETTLE_SECONDS)
        readings.append((0, targets.resident_kib(pid)))
        open_count = 0
        for count in counts:
            held.append(load.IdleConnections(server.bolt_port, count - open_count, logins.bearer))
            open_count = count
            time.sleep(SETTLE_SECONDS)
            readings.append((count, targets.resident_kib(pid)))
            context.progress(f"memory with {count} idle connections: {readings[-1][1]:,} KiB")
    finally:
        for connections in held:
            connections.close()
        server.stop()
    return readings
