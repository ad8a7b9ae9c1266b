"""Settings and results every section of `bench/run` shares: timing, connection counts, a scratch folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from suite.load import Row


@dataclass
class Context:
    root: Path
    duration: float
    warmup: float
    connections: list[int]
    login_connections: list[int]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def progress(self, text: str) -> None:
        print(f"bench: {text}", file=sys.stderr, flush=True)

    def keep(self, row: Row) -> Row:
        self.rows.append(row)
        error = f", {row.errors} errors ({row.first_error})" if row.errors else ""
        self.progress(f"{row.scenario} / {row.target} / {row.connections}: {row.rate:,.0f}/s{error}")
        return row


def rotated(items: list[str], turn: int) -> list[str]:
    """Return `items` starting at position `turn`, so no target always runs first."""
    if not items:
        return items
    turn %= len(items)
    return items[turn:] + items[:turn]
